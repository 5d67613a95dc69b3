"""Framework-light helpers shared by every domain: ids, clock, json, crypto, cursors."""
