"""Cross-position pairs: a CV judged against a job it was not written for.

(cv id, position key, grade). Mostly unrelated (0); one adjacent pair (1).
"""

from __future__ import annotations

CROSS: list[tuple[str, str, int]] = [
    ("nu_1", "backend", 0),
    ("fo_1", "backend", 0),
    ("be_1", "sales", 0),
    ("gd_1", "nurse", 0),
    ("ac_1", "nurse", 0),
    ("be_2", "designer", 0),
    ("sa_1", "designer", 0),
    ("nu_2", "accountant", 0),
    ("fo_2", "accountant", 0),
    ("ac_2", "front_office", 0),
    ("gd_2", "front_office", 0),
    ("sa_5", "front_office", 1),
]
