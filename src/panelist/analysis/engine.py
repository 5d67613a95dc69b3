"""The analysis-engine interface (spec §8.3): what every engine takes and returns.

Engines are pluggable: the built-in one runs offline and deterministically; others (an
OpenAI-compatible chat endpoint, later) may be slow or fail, which is why `is_fast` and
`AnalysisFailed` exist — the job layer runs slow engines in the worker and retries on failure.
Results are plain dataclasses so that the service layer can store them without knowing the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

Language = Literal["en", "lt"]
Recommendation = Literal["strong_yes", "yes", "no", "strong_no"]

LANGUAGES: tuple[Language, ...] = ("en", "lt")


class AnalysisFailed(Exception):
    """An engine could not produce a result this time (network, quota, bad model output).

    Retryable: the job layer should try again later with backoff; it is never raised for bad
    input, which engines must handle by producing a (low-scored) result instead.
    """

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class CvInput:
    cv_text: str
    requirements: list[str]
    description: str | None
    title: str


@dataclass(frozen=True)
class CvResult:
    score: int  # 0-100
    evaluation: str
    upsides: list[str]
    shortcomings: list[str]
    language: Language
    engine_name: str
    engine_version: str


@dataclass(frozen=True)
class InterviewInput:
    questions: list[tuple[str, str]]  # (question id, question text), in interview order
    answers: dict[str, str]  # question id -> answer text; missing ids are unanswered
    requirements: list[str]
    title: str
    # Optional extra context for relevance; the job position's description when there is one.
    description: str | None = None


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    question: str
    answer: str
    score: int  # 0-100
    feedback: str


@dataclass(frozen=True)
class InterviewResult:
    evaluable: bool
    score: int | None  # None exactly when not evaluable
    summary: str
    strengths: list[str]
    concerns: list[str]
    recommendation: Recommendation | None  # None exactly when not evaluable
    questions: list[QuestionResult]
    language: Language
    engine_name: str
    engine_version: str


@runtime_checkable
class AnalysisEngine(Protocol):
    """What the analysis service needs from an engine.

    `is_fast` engines (the built-in one) may be called inline in a request; others only from the
    worker. Implementations must be safe to call from several threads at once.
    """

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def is_fast(self) -> bool: ...

    def analyze_cv(self, data: CvInput, language: Language) -> CvResult: ...

    def analyze_interview(self, data: InterviewInput, language: Language) -> InterviewResult: ...
