"""Evaluation set for the analysis engine: positions, graded CVs and graded interviews.

The data was written before the engine and is not to be edited to make the engine look better.
A grade is a recruiter's judgement: 3 strong fit / excellent, 2 partial / adequate, 1 weak,
0 unrelated / empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.analysis_eval import (
    cvs_care_design,
    cvs_finance_hospitality,
    cvs_tech_sales,
    interviews_a,
    interviews_b,
)
from tests.analysis_eval.cross import CROSS
from tests.analysis_eval.positions import POSITIONS, Position


@dataclass(frozen=True)
class CvCase:
    case_id: str
    position: Position
    grade: int
    cv_text: str


@dataclass(frozen=True)
class InterviewCase:
    case_id: str
    position: Position
    grade: int
    answers: dict[str, str]


CV_TEXTS: dict[str, tuple[str, int, str]] = {
    **cvs_tech_sales.CVS,
    **cvs_care_design.CVS,
    **cvs_finance_hospitality.CVS,
}


def cv_cases() -> list[CvCase]:
    """Every CV against its own position, then the cross-position pairs."""
    cases = [
        CvCase(cv_id, POSITIONS[pos], grade, text) for cv_id, (pos, grade, text) in CV_TEXTS.items()
    ]
    for cv_id, pos, grade in CROSS:
        cases.append(CvCase(f"{cv_id}@{pos}", POSITIONS[pos], grade, CV_TEXTS[cv_id][2]))
    return cases


def interview_cases() -> list[InterviewCase]:
    return [
        InterviewCase(case_id, POSITIONS[pos], grade, answers)
        for case_id, pos, grade, answers in interviews_a.INTERVIEWS + interviews_b.INTERVIEWS
    ]


def pairwise_accuracy(items: list[tuple[str, int, float]]) -> tuple[float, int]:
    """items: (position key, grade, score). For every pair within a position whose grades
    differ, 1 if the higher grade has the higher score, 0.5 on a tie, else 0.
    Returns (accuracy, number of pairs)."""
    total, good = 0, 0.0
    for i, (pa, ga, sa) in enumerate(items):
        for pb, gb, sb in items[i + 1 :]:
            if pa != pb or ga == gb:
                continue
            total += 1
            if sa == sb:
                good += 0.5
            elif (sa > sb) == (ga > gb):
                good += 1
    return (good / total if total else 1.0), total


__all__ = [
    "POSITIONS",
    "CvCase",
    "InterviewCase",
    "Position",
    "cv_cases",
    "interview_cases",
    "pairwise_accuracy",
]
