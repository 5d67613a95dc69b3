"""Candidate analysis: the engine interface and the built-in engine.

The HTTP endpoints and the job wiring live elsewhere and depend only on `AnalysisEngine` and the
input/result dataclasses, so another engine can be swapped in by configuration.
"""

from panelist.analysis.builtin import BuiltinEngine
from panelist.analysis.engine import (
    LANGUAGES,
    AnalysisEngine,
    AnalysisFailed,
    CvInput,
    CvResult,
    InterviewInput,
    InterviewResult,
    Language,
    QuestionResult,
    Recommendation,
)

__all__ = [
    "LANGUAGES",
    "AnalysisEngine",
    "AnalysisFailed",
    "BuiltinEngine",
    "CvInput",
    "CvResult",
    "InterviewInput",
    "InterviewResult",
    "Language",
    "QuestionResult",
    "Recommendation",
]
