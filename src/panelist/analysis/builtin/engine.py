"""The built-in analysis engine: offline, deterministic, no model, fast enough to run inline."""

from __future__ import annotations

from datetime import date

from panelist.analysis.builtin import cv, interview
from panelist.analysis.builtin.cv_texts import cv_texts
from panelist.analysis.builtin.interview_texts import feedback, interview_texts
from panelist.analysis.builtin.matcher import match_requirement, parse_requirement
from panelist.analysis.builtin.text import make_doc
from panelist.analysis.engine import (
    LANGUAGES,
    CvInput,
    CvResult,
    InterviewInput,
    InterviewResult,
    Language,
    QuestionResult,
)

ENGINE_NAME = "builtin"
# Bump on any change that can move a score or a text: stored analyses record it (§8.3).
ENGINE_VERSION = "1.0.0"


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported analysis language: {language!r}")


class BuiltinEngine:
    """Rule-based engine: requirement matching, relevance and specificity heuristics.

    `reference_year` is "now" for open-ended date ranges ("2019 – present"); it defaults to the
    current year at construction, so one engine instance is deterministic for its lifetime and
    tests can pin it.
    """

    name = ENGINE_NAME
    version = ENGINE_VERSION
    is_fast = True

    def __init__(self, reference_year: int | None = None) -> None:
        # Mid-year: "2019 – present" analysed in 2025 counts 6 years, not 6 and a quarter.
        self._ref_year = (reference_year or date.today().year) + 0.5

    def analyze_cv(self, data: CvInput, language: Language) -> CvResult:
        _check_language(language)
        analysis = cv.analyze(
            data.cv_text, data.title, data.description, data.requirements, self._ref_year
        )
        evaluation, upsides, shortcomings = cv_texts(analysis, data.title, language)
        return CvResult(
            score=analysis.score,
            evaluation=evaluation,
            upsides=upsides,
            shortcomings=shortcomings,
            language=language,
            engine_name=self.name,
            engine_version=self.version,
        )

    def analyze_interview(self, data: InterviewInput, language: Language) -> InterviewResult:
        _check_language(language)
        profile = cv.position_profile(data.title, data.description, data.requirements)
        joined = make_doc("\n".join(data.answers.get(qid, "") for qid, _ in data.questions))
        matches = []
        for text in data.requirements:
            req = parse_requirement(text, profile.doc.lang)
            if req.alternatives:
                matches.append((text, match_requirement(joined, req).score))
        analysis = interview.analyze(data.questions, data.answers, profile, matches)
        summary, strengths, concerns = interview_texts(analysis, language)
        return InterviewResult(
            evaluable=analysis.evaluable,
            score=analysis.score,
            summary=summary,
            strengths=strengths,
            concerns=concerns,
            recommendation=analysis.recommendation,
            questions=[
                QuestionResult(a.question_id, a.question, a.answer, a.score, feedback(a, language))
                for a in analysis.answers
            ],
            language=language,
            engine_name=self.name,
            engine_version=self.version,
        )
