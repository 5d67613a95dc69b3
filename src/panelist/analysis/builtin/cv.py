"""CV scoring for the built-in engine.

score = 100 x (W_REQ x R + W_REL x T + W_SEN x S x max(R, T)), rounded, where

* R — requirement coverage: the mean over requirements of each one's match (0..1, see
  matcher.py); a requirement with a minimum of years is multiplied by (0.5 + 0.5 x Y) where Y is
  min(1, years in the field / years asked) — the skill without the years is worth half;
* T — topical relevance of the whole CV to the title, description and requirements: the
  weighted cosine of relevance.py divided by REL_FULL (a cosine of 0.8 is a CV written for the
  job: alias terms make on-topic CVs score high) and capped at 1;
* S — seniority fit: 1 when the CV's level (junior/mid/senior from headline and latest job
  title, nudged by total years) reaches the position's, 0.5 per level short; it is multiplied by
  max(R, T) so that a senior nurse is not a partial match for a senior engineer.

Weights: requirements are the operator's explicit reference (§6.1), so they dominate; relevance
catches what the list misses; seniority is a tie-breaker. With no requirements R's weight moves
to T.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from panelist.analysis.builtin.experience import (
    Experience,
    read_experience,
    title_level,
    years_in_field,
)
from panelist.analysis.builtin.matcher import (
    Match,
    Requirement,
    match_requirement,
    parse_requirement,
)
from panelist.analysis.builtin.relevance import alias_groups, cosine, weighted_terms
from panelist.analysis.builtin.text import Doc, make_doc

W_REQ, W_REL, W_SEN = 0.60, 0.25, 0.15
REL_FULL = 0.8
MET, PARTIAL = 0.75, 0.40  # a requirement's match at or above these is "met" / "partly met"


@dataclass(frozen=True)
class RequirementResult:
    requirement: Requirement
    match: Match
    score: float
    years_found: float | None  # only for requirements with a minimum of years


@dataclass(frozen=True)
class CvAnalysis:
    doc: Doc
    score: int
    requirements: list[RequirementResult]
    relevance: float  # T
    seniority_fit: float  # S
    position_level: int
    experience: Experience


def _level_with_years(level: int, years: float | None) -> float:
    """The stated level, nudged by career length: 8+ years reads as senior-ish, < 2 as junior."""
    if years is None:
        return float(level)
    if level == 1 and years >= 8:
        return 1.5
    if level == 1 and years < 2:
        return 0.5
    return float(level)


@dataclass(frozen=True)
class Profile:
    """The position as a document, with its weighted terms and the skills it names."""

    doc: Doc
    terms: dict[str, float]
    groups: frozenset[str]


def position_profile(title: str, description: str | None, requirements: list[str]) -> Profile:
    return _profile(title, description, tuple(requirements))


@lru_cache(maxsize=256)
def _profile(title: str, description: str | None, requirements: tuple[str, ...]) -> Profile:
    # Cached: the same position is analysed for every candidate (read-only afterwards).
    doc = make_doc("\n".join([title, description or "", *requirements]))
    return Profile(doc, weighted_terms(doc), frozenset(alias_groups(doc)))


def analyze(
    cv_text: str,
    title: str,
    description: str | None,
    requirements: list[str],
    ref_year: float,
) -> CvAnalysis:
    profile = _profile(title, description, tuple(requirements))
    doc = make_doc(cv_text)
    exp = read_experience(doc, ref_year)
    results = []
    for text in requirements:
        req = parse_requirement(text, profile.doc.lang)
        if not req.alternatives and req.min_years is None:
            continue  # nothing to match: a requirement made only of stop words
        # A requirement that is only a number of years has nothing to find but the years.
        match = match_requirement(doc, req) if req.has_field else Match(1.0, (), ())
        score, years = match.score, None
        if req.min_years:
            years = years_in_field(doc, exp, req)
            ratio = 0.5 if years is None else min(1.0, years / req.min_years)
            score *= 0.5 + 0.5 * ratio
        results.append(RequirementResult(req, match, score, years))
    relevance = min(1.0, cosine(weighted_terms(doc), profile.terms) / REL_FULL)
    pos_level = title_level(title)
    cand_level = _level_with_years(exp.level, exp.total_years)
    seniority = 1.0 - min(1.0, max(0.0, pos_level - cand_level) / 2)
    if not doc.stems:
        score = 0.0
    elif results:
        r = sum(x.score for x in results) / len(results)
        score = W_REQ * r + W_REL * relevance + W_SEN * seniority * max(r, relevance)
    else:
        score = (W_REQ + W_REL) * relevance + W_SEN * seniority * relevance
    return CvAnalysis(
        doc=doc,
        score=max(0, min(100, round(100 * score))),
        requirements=results,
        relevance=relevance,
        seniority_fit=seniority,
        position_level=pos_level,
        experience=exp,
    )
