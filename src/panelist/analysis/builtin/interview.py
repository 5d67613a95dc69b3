"""Interview scoring for the built-in engine.

Each answer is scored 0-100 as 100 x (0.35 x REL + 0.35 x SPEC + 0.30 x LEN):

* REL — relevance: 1 - (1 - Q)(1 - J)(1 - W/2), where Q is the share of the question's topic
  words (fillers like "tell us about a time" removed) found in the answer, counted full at half
  of them; J is the weighted cosine of the answer to the job (title, description, requirements)
  divided by ROLE_FULL; W is everyday workplace vocabulary (full at 4 words), which catches
  paraphrased answers that share no word with the question but caps at half relevance.
* SPEC — specificity: numbers (0.35, full at 3), first-person actions (0.25, full at 3 of
  "I/my/we"), outcome words such as "reduced", "grew", "learned" (0.20, full at 2) and
  role skills named (0.20, full at 3 alias groups).
* LEN — length, log-scaled and full at LEN_FULL words: long enough to tell a story, without
  rewarding padding beyond that.

An answer is *not substantive* when it is empty, a non-answer ("I don't know", "ok", "test test
test"), shorter than MIN_WORDS words, or off-topic (REL below OFF_TOPIC and no role skill named);
non-answers score 0 and off-topic ones a fifth of their score. The interview is **unevaluable**
(score and recommendation None) when more than half of the questions have no substantive
answer — there is too little to judge the candidate on, and a low score would wrongly read as a
judgement. Otherwise the score is the mean over all questions (an unanswered question counts 0)
and the recommendation is: >= 75 strong_yes, >= 55 yes, >= 35 no, else strong_no — except that
a "yes" needs evidence: with no answer reaching some specificity (SPEC >= EVIDENCE) it is "no".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from panelist.analysis.builtin.cv import Profile
from panelist.analysis.builtin.lexicon import (
    FIRST_PERSON,
    NON_ANSWERS,
    OUTCOME_WORDS,
    QUESTION_FILLER,
    WORKPLACE,
)
from panelist.analysis.builtin.relevance import alias_groups, cosine, weighted_terms
from panelist.analysis.builtin.text import Doc, make_doc, stem
from panelist.analysis.engine import Recommendation

ROLE_FULL = 0.30
Q_FULL = 0.5
LEN_FULL = 60
MIN_WORDS = 5
OFF_TOPIC = 0.10
WORK_SHARE = 0.5  # talking about work in general makes an answer at most half relevant
EVIDENCE = 0.30  # specificity of "some specifics" (interview_texts.SOMEWHAT_SPECIFIC)
THRESHOLDS: tuple[tuple[int, Recommendation], ...] = (
    (75, "strong_yes"),
    (55, "yes"),
    (35, "no"),
)

Kind = Literal["empty", "non_answer", "too_short", "off_topic", "ok"]


@dataclass(frozen=True)
class Answer:
    question_id: str
    question: str
    answer: str
    kind: Kind
    words: int
    relevance: float
    specificity: float
    numbers: int
    score: int

    @property
    def substantive(self) -> bool:
        return self.kind == "ok"


def recommendation(score: int) -> Recommendation:
    for threshold, rec in THRESHOLDS:
        if score >= threshold:
            return rec
    return "strong_no"


@lru_cache(maxsize=1024)
def _question_terms(question: str, lang: str) -> frozenset[str]:
    qdoc = make_doc(question, lang)
    terms = {s for s, w in zip(qdoc.stems, qdoc.surface, strict=True) if w not in QUESTION_FILLER}
    return frozenset(terms | {"@" + g for g in alias_groups(qdoc)})


@lru_cache(maxsize=4)
def _workplace_stems(lang: str) -> frozenset[str]:
    return frozenset(stem(w, lang) for w in WORKPLACE)


def _is_non_answer(doc: Doc) -> bool:
    if " ".join(doc.folded_words) in NON_ANSWERS:
        return True
    # Keyboard mashing and repetition: "test test test", "asdf asdf".
    if 0 < doc.n_words <= 6 and len(set(doc.folded_words)) <= doc.n_words / 2:
        return True
    # A short question back ("Can you tell me what the salary is?") is not an answer.
    return doc.n_words <= 12 and doc.text.strip().endswith("?")


def assess_answer(qid: str, question: str, answer: str, profile: Profile) -> Answer:
    doc = make_doc(answer)
    if not doc.n_words:
        return Answer(qid, question, answer, "empty", 0, 0.0, 0.0, 0, 0)
    if _is_non_answer(doc):
        return Answer(qid, question, answer, "non_answer", doc.n_words, 0.0, 0.0, 0, 0)
    groups = alias_groups(doc)
    qterms = _question_terms(question, doc.lang)
    aterms = set(doc.stems) | {"@" + g for g in groups}
    q = min(1.0, len(qterms & aterms) / (len(qterms) * Q_FULL)) if qterms else 0.0
    j = min(1.0, cosine(weighted_terms(doc), profile.terms) / ROLE_FULL)
    workplace = _workplace_stems(doc.lang)
    w = min(1.0, sum(1 for s in doc.stems if s in workplace) / 4)
    rel = 1.0 - (1.0 - q) * (1.0 - j) * (1.0 - WORK_SHARE * w)
    numbers = sum(1 for s in doc.stems if any(ch.isdigit() for ch in s))
    first = sum(1 for w in doc.folded_words if w in FIRST_PERSON)
    outcomes = sum(1 for w in doc.folded_words if w in OUTCOME_WORDS)
    skills = len(groups & profile.groups)
    spec = (
        0.35 * min(1.0, numbers / 3)
        + 0.25 * min(1.0, first / 3)
        + 0.20 * min(1.0, outcomes / 2)
        + 0.20 * min(1.0, skills / 3)
    )
    length = min(1.0, math.log1p(doc.n_words) / math.log1p(LEN_FULL))
    score = 100 * (0.35 * rel + 0.35 * spec + 0.30 * length)
    kind: Kind = "ok"
    if doc.n_words < MIN_WORDS:
        kind = "too_short"
    elif rel < OFF_TOPIC and not skills:
        kind, score = "off_topic", score / 5
    return Answer(qid, question, answer, kind, doc.n_words, rel, spec, numbers, round(score))


@dataclass(frozen=True)
class InterviewAnalysis:
    answers: list[Answer]
    evaluable: bool
    score: int | None
    recommendation: Recommendation | None
    skills: list[str]  # requirement names the answers show, for the strengths list


def analyze(
    questions: list[tuple[str, str]],
    answers: dict[str, str],
    profile: Profile,
    requirement_matches: list[tuple[str, float]],
) -> InterviewAnalysis:
    """`requirement_matches`: (requirement, match score against all answers together)."""
    assessed = [assess_answer(qid, q, answers.get(qid, ""), profile) for qid, q in questions]
    substantive = sum(1 for a in assessed if a.substantive)
    evaluable = bool(assessed) and substantive * 2 >= len(assessed)
    skills = [req for req, score in requirement_matches if score >= 0.75]
    if not evaluable:
        return InterviewAnalysis(assessed, False, None, None, skills)
    score = round(sum(a.score for a in assessed) / len(assessed))
    rec = recommendation(score)
    if rec in ("strong_yes", "yes") and not any(
        a.substantive and a.specificity >= EVIDENCE for a in assessed
    ):
        rec = "no"  # fluent but without a single concrete example: not enough to go on
    return InterviewAnalysis(assessed, True, score, rec, skills)
