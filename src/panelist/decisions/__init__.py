"""Select and reject: the hiring decision on an interviewed candidate (contract §7, §8.1)."""
