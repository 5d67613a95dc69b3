"""The questions of an interview: the position's own, or a default set built from its
requirements, so that a position created without questions still yields a usable interview."""

from __future__ import annotations

from dataclasses import dataclass

from panelist.job_positions.models import JobPosition
from panelist.job_positions.schemas import interview_config

# Enough to cover the core of a position without turning the interview into a questionnaire.
MAX_REQUIREMENT_QUESTIONS = 5

_TEXTS = {
    "en": {
        "requirement": (
            "Tell us about your experience with {requirement}. "
            "What exactly did you do, and what did you achieve?"
        ),
        "project": "Tell us about a project or achievement you are proud of.",
        "motivation": (
            "Why are you interested in the {position} role, and what would you bring to our team?"
        ),
    },
    "lt": {
        "requirement": (
            "Papasakokite apie savo patirtį šioje srityje: {requirement}. "
            "Ką konkrečiai darėte ir ką pasiekėte?"
        ),
        "project": "Papasakokite apie projektą ar pasiekimą, kuriuo didžiuojatės.",
        "motivation": (
            "Kodėl jus domina {position} pozicija ir ką galėtumėte įnešti į mūsų komandą?"
        ),
    },
}


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str


def language_of(position: JobPosition) -> str:
    language = str(interview_config(position)["language"])
    return language if language in _TEXTS else "en"


def questions_for(position: JobPosition) -> list[Question]:
    configured = interview_config(position)["questions"]
    if configured:
        return [Question(q["id"], q["text"]) for q in configured]
    return default_questions(position)


def default_questions(position: JobPosition) -> list[Question]:
    """Ids `d1`, `d2`, … are stable for a given position, so saved answers keep their question."""
    texts = _TEXTS[language_of(position)]
    requirements = [r.strip() for r in (position.requirements or []) if r and r.strip()]
    items = [
        texts["requirement"].format(requirement=r) for r in requirements[:MAX_REQUIREMENT_QUESTIONS]
    ]
    if not items:
        items.append(texts["project"])
    items.append(texts["motivation"].format(position=position.position))
    return [Question(f"d{i}", text) for i, text in enumerate(items, 1)]
