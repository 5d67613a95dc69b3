"""Requirement parsing and matching against a tokenised CV (or interview answer).

A requirement such as "2+ years ICU or critical care experience" becomes a minimum number of
years plus *alternatives* ("ICU" | "critical care experience"), each a list of *concepts*. A
concept is a set of stemmed spellings: an alias group when the requirement names a known skill,
else the single word itself. Boilerplate words ("experience", "management") weigh a fifth of a
specific word, so "Ventilator management" hinges on "ventilator".

An alternative is fully met when all its concepts appear in one line or sentence of the CV;
concepts scattered over the whole CV earn DOC_FACTOR of that, because "junior" in one job and
"engineer" in another is not "mentoring junior engineers".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from panelist.analysis.builtin.aliases import IMPLIED_CREDIT, Phrase, variant_starts, variant_table
from panelist.analysis.builtin.lexicon import (
    GENERIC,
    NUMBER_WORDS,
    STOP_EN,
    STOP_LT,
    fold,
)
from panelist.analysis.builtin.text import Doc, raw_tokens, stem

GENERIC_WEIGHT = 0.2
DETAIL_WEIGHT = 0.5  # concepts in parentheses: "Excel (pivot tables, VLOOKUP)" — details
DOC_FACTOR = 0.8
WEAK_FACTOR = 0.5  # "basic Python", "ACCA student": evidence, but half of it

_NUM = r"(?<![\w.])(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_YEARS_REQ = re.compile(
    rf"(?:at least|minimum of|minimum|min\.?|over|bent)?\s*{_NUM}\s*\+?\s*(?:or more\s+)?"
    r"(?:years?|yrs?|metų|metai|m\.)(?:\s+of)?",
    re.IGNORECASE,
)
_ALTERNATIVE_SPLIT = re.compile(r"\s+or\s+|\s+arba\s+|/", re.IGNORECASE)
_PARENS = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True)
class Concept:
    label: str  # how the requirement spells it, for "found/missing" texts
    variants: tuple[Phrase, ...]
    implied: tuple[Phrase, ...]
    weight: float


@dataclass(frozen=True)
class Requirement:
    text: str
    min_years: float | None
    alternatives: tuple[tuple[Concept, ...], ...]  # met when any one alternative is met

    @property
    def has_field(self) -> bool:
        """False for "3+ years of experience": only boilerplate words, any work counts."""
        return any(c.weight >= 1.0 for alt in self.alternatives for c in alt)


class Hit(NamedTuple):  # a NamedTuple: a CV makes hundreds, a frozen dataclass is 3x slower
    pos: int  # first content token of the match
    length: int
    credit: float
    specific: bool  # the concept is a real skill word, not boilerplate ("experience")


@dataclass(frozen=True)
class Match:
    score: float  # 0..1
    hits: tuple[Hit, ...]  # the evidence behind the score, best first
    missing: tuple[str, ...]  # labels of concepts not found in the evidence


def _parse_years(text: str) -> tuple[float | None, str]:
    m = _YEARS_REQ.search(text)
    if not m:
        return None, text
    raw = m.group(1).lower()
    years = float(NUMBER_WORDS.get(raw, 0) or raw)
    return years, (text[: m.start()] + " " + text[m.end() :]).strip()


def _concepts(text: str, lang: str, weight: float) -> list[Concept]:
    stop = STOP_LT | STOP_EN if lang == "lt" else STOP_EN
    words = [(w, s, e) for w, s, e in raw_tokens(text) if fold(w) not in stop]
    stems = [stem(w, lang) for w, _, _ in words]
    starts = variant_starts(lang)
    table = variant_table(lang)
    out: list[Concept] = []
    i = 0
    while i < len(stems):
        for variant, group in starts.get(stems[i], []):
            if tuple(stems[i : i + len(variant)]) == variant:
                label = text[words[i][1] : words[i + len(variant) - 1][2]]
                variants, implied = table[group]
                out.append(Concept(label, tuple(variants), tuple(implied), weight))
                i += len(variant)
                break
        else:
            surface = fold(words[i][0])
            w = weight * (GENERIC_WEIGHT if surface in GENERIC else 1.0)
            out.append(Concept(words[i][0], ((stems[i],),), (), w))
            i += 1
    seen: set[tuple[Phrase, ...]] = set()
    unique = []
    for c in out:
        if c.variants not in seen:
            seen.add(c.variants)
            unique.append(c)
    return unique


@lru_cache(maxsize=4096)
def parse_requirement(text: str, lang: str = "en") -> Requirement:
    """Parse once per (requirement, language): positions are analysed over and over."""
    years, rest = _parse_years(text)
    details = " ".join(_PARENS.findall(rest))
    main = _PARENS.sub(" ", rest)
    detail_concepts = _concepts(details, lang, DETAIL_WEIGHT) if details.strip() else []
    alternatives = []
    for part in _ALTERNATIVE_SPLIT.split(main):
        concepts = _concepts(part, lang, 1.0)
        if concepts:
            alternatives.append(tuple(concepts + detail_concepts))
    if not alternatives and detail_concepts:
        alternatives.append(tuple(detail_concepts))
    return Requirement(text=text, min_years=years, alternatives=tuple(alternatives))


def _weakened(doc: Doc, pos: int, length: int) -> bool:
    if not doc.weak:
        return False
    seg = doc.seg[pos]
    i = bisect_left(doc.weak, pos - 2)
    while i < len(doc.weak) and doc.weak[i] < pos + length + 2:
        j = doc.weak[i]
        if not pos <= j < pos + length and doc.seg[j] == seg:
            return True
        i += 1
    return False


def concept_hits(doc: Doc, concept: Concept) -> list[Hit]:
    cached = doc.cache.get(concept)
    if cached is not None:
        return cached  # type: ignore[return-value]
    hits = []
    for phrases, credit in ((concept.variants, 1.0), (concept.implied, IMPLIED_CREDIT)):
        for phrase in phrases:
            for pos in doc.positions(phrase):
                c = credit * (WEAK_FACTOR if _weakened(doc, pos, len(phrase)) else 1.0)
                hits.append(Hit(pos, len(phrase), c, concept.weight >= DETAIL_WEIGHT))
    doc.cache[concept] = hits
    return hits


def match_alternative(
    doc: Doc, concepts: tuple[Concept, ...], span: tuple[int, int] | None = None
) -> Match:
    """Best coverage of `concepts` in one segment of `doc` (or DOC_FACTOR x whole-doc coverage),
    optionally only counting tokens inside `span` (a job block, the headline)."""
    total = sum(c.weight for c in concepts) or 1.0
    per_concept: list[list[Hit]] = []
    for c in concepts:
        hits = concept_hits(doc, c)
        if span is not None:
            hits = [h for h in hits if span[0] <= h.pos < span[1]]
        per_concept.append(hits)
    # Whole-document coverage: the best hit of each concept anywhere.
    best: dict[int, Hit] = {}
    for i, hits in enumerate(per_concept):
        if hits:
            best[i] = max(hits, key=lambda h: h.credit)
    doc_cov = sum(concepts[i].weight * h.credit for i, h in best.items()) / total
    best_score = doc_cov if len(concepts) == 1 else DOC_FACTOR * doc_cov
    if len(concepts) > 1:
        # One pass over the hits: segment -> the best hit of each concept in it.
        seg_of = doc.seg
        by_seg: dict[int, dict[int, Hit]] = {}
        for i, hits in enumerate(per_concept):
            for h in hits:
                slot = by_seg.setdefault(seg_of[h.pos], {})
                if i not in slot or h.credit > slot[i].credit:
                    slot[i] = h
        for seg in sorted(by_seg):
            slot = by_seg[seg]
            cov = sum(concepts[i].weight * h.credit for i, h in slot.items()) / total
            if cov > best_score:
                best_score, best = cov, slot
    missing = tuple(c.label for i, c in enumerate(concepts) if c.weight >= 1.0 and i not in best)
    ordered = tuple(sorted(best.values(), key=lambda h: (-h.credit, h.pos)))
    return Match(score=min(1.0, best_score), hits=ordered, missing=missing)


def match_requirement(doc: Doc, req: Requirement, span: tuple[int, int] | None = None) -> Match:
    """The best alternative's match (ignoring the years part, which experience.py handles)."""
    best = Match(0.0, (), tuple(c.label for c in req.alternatives[0]) if req.alternatives else ())
    for alt in req.alternatives:
        m = match_alternative(doc, alt, span)
        if m.score > best.score:
            best = m
    return best
