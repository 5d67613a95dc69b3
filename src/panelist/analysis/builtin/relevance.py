"""Topical relevance of a whole text (CV, answer) to the job: a weighted cosine of term counts.

Why not BM25/TF-IDF with corpus statistics (e.g. `rank-bm25`): IDF needs a document collection,
and the only collection here would be the other candidates of the same position. A score would
then move whenever someone else applies, breaking the engine's promise that the same CV and
position always get the same score. So the "IDF" is a fixed, curated weighting instead: stop
words 0, job-ad boilerplate 0.2, recognised skill aliases 1.5 (they are the rare, telling terms),
other words 1. Term frequency is dampened (1 + ln tf) as in TF-IDF, so a CV cannot win by
repeating a keyword. The whole thing is ~40 lines, needs no numpy, and runs in microseconds.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from panelist.analysis.builtin.aliases import variant_starts
from panelist.analysis.builtin.lexicon import GENERIC
from panelist.analysis.builtin.text import Doc, stem

ALIAS_WEIGHT = 1.5
GENERIC_WEIGHT = 0.2


@lru_cache(maxsize=4)
def _generic_stems(lang: str) -> frozenset[str]:
    return frozenset(stem(w, lang) for w in GENERIC)


def weighted_terms(doc: Doc) -> dict[str, float]:
    """term -> dampened, weighted frequency; alias groups become extra "@group" terms so that
    "k8s" in the CV meets "Kubernetes" in the description."""
    generic = _generic_stems(doc.lang)
    counts: Counter[str] = Counter(doc.stems)
    for term in [t for t in counts if t.isdigit()]:
        del counts[term]  # numbers are not topics
    for group, n in _group_counts(doc).items():
        counts["@" + group] += n
    out = {}
    for term, tf in counts.items():
        if term.startswith("@"):
            weight = ALIAS_WEIGHT
        else:
            weight = GENERIC_WEIGHT if term in generic else 1.0
        out[term] = weight * (1.0 + math.log(tf))
    return out


def _group_counts(doc: Doc) -> Counter[str]:
    """Mentions of each alias group (known skill) in `doc`; looked up from the doc's own words,
    which is far cheaper than trying every alias on a short answer."""
    starts = variant_starts(doc.lang)
    counts: Counter[str] = Counter()
    for first in doc.index.keys() & starts.keys():
        for variant, group in starts[first]:
            n = len(doc.positions(variant))
            if n:
                counts[group] += n
    return counts


def alias_groups(doc: Doc) -> set[str]:
    """Alias groups (known skills) mentioned in `doc`."""
    return set(_group_counts(doc))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b[t] for t, v in a.items() if t in b)
    if dot == 0.0:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)
