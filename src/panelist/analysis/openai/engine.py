"""Chat completions with a JSON-schema answer, validated; timeouts and bad answers are retried
a few times, then `AnalysisFailed` hands the decision to the job layer (§8.1 `failed`).

The API key is sent as a bearer token and never logged or shown in `repr`.
"""

from __future__ import annotations

import json
import time
from typing import Any, TypeVar

import httpx
import structlog
from pydantic import BaseModel, ValidationError

from panelist.analysis.engine import (
    AnalysisFailed,
    CvInput,
    CvResult,
    InterviewInput,
    InterviewResult,
    Language,
    QuestionResult,
)
from panelist.analysis.openai.answers import CvAnswer, InterviewAnswer, response_format

log = structlog.get_logger("panelist.analysis.openai")
AnswerT = TypeVar("AnswerT", bound=BaseModel)

# Bump when the prompts change: it is part of the recorded engine version (§8.3).
PROMPT_VERSION = "1"
_LANGUAGE_NAMES = {"en": "English", "lt": "Lithuanian (lietuvių kalba)"}
_CV_PROMPT = (
    "You are an experienced recruiter. Compare the candidate's CV with the job position's "
    "requirements and description. Score the fit from 0 (no fit) to 100 (excellent fit). "
    "Write `evaluation` (2-4 sentences), `upsides` and `shortcomings` (short points that cite "
    "the evidence: which requirement is met or missing) in {language}. "
    "Answer only with JSON matching the given schema."
)
_INTERVIEW_PROMPT = (
    "You are an experienced interviewer. Assess the candidate's written interview answers "
    "against the questions and the position's requirements: relevance, specificity (examples, "
    "numbers, outcomes) and coverage of the requirements. If most answers are empty or "
    "off-topic, set `evaluable` to false and `score` and `recommendation` to null. Otherwise "
    "score 0-100 and recommend strong_yes, yes, no or strong_no. Give one entry in `questions` "
    "per question id, with a score and feedback. Write all texts in {language}. "
    "Answer only with JSON matching the given schema."
)


class OpenAIEngine:
    name = "openai"
    is_fast = False

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None,
        timeout_seconds: float = 60,
        max_retries: int = 2,
        retry_delay_seconds: float = 1.0,
    ) -> None:
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._api_key = api_key
        self._timeout = timeout_seconds
        self._attempts = max_retries + 1
        self._delay = retry_delay_seconds
        self.version = f"{model} (prompt {PROMPT_VERSION})"[:128]

    def __repr__(self) -> str:
        return f"OpenAIEngine(url={self._url!r}, model={self._model!r})"

    def analyze_cv(self, data: CvInput, language: Language) -> CvResult:
        facts = {
            "position": data.title,
            "description": data.description,
            "requirements": data.requirements,
            "cv": data.cv_text,
        }
        answer = self._ask(_CV_PROMPT, facts, language, CvAnswer, "cv_analysis")
        return CvResult(
            score=answer.score,
            evaluation=answer.evaluation,
            upsides=list(answer.upsides),
            shortcomings=list(answer.shortcomings),
            language=language,
            engine_name=self.name,
            engine_version=self.version,
        )

    def analyze_interview(self, data: InterviewInput, language: Language) -> InterviewResult:
        facts = {
            "position": data.title,
            "description": data.description,
            "requirements": data.requirements,
            "interview": [
                {"questionId": qid, "question": text, "answer": data.answers.get(qid, "")}
                for qid, text in data.questions
            ],
        }
        answer = self._ask(_INTERVIEW_PROMPT, facts, language, InterviewAnswer, "interview")
        by_id = {q.questionId: q for q in answer.questions}
        missing = [qid for qid, _ in data.questions if qid not in by_id]
        if missing:
            raise AnalysisFailed(f"model answer lacks questions {missing}")
        return InterviewResult(
            evaluable=answer.evaluable,
            score=answer.score,
            summary=answer.summary,
            strengths=list(answer.strengths),
            concerns=list(answer.concerns),
            recommendation=answer.recommendation,
            questions=[
                QuestionResult(
                    qid, text, data.answers.get(qid, ""), by_id[qid].score, by_id[qid].feedback
                )
                for qid, text in data.questions
            ],
            language=language,
            engine_name=self.name,
            engine_version=self.version,
        )

    def _ask(
        self,
        prompt: str,
        facts: dict[str, Any],
        language: Language,
        model: type[AnswerT],
        schema_name: str,
    ) -> AnswerT:
        body = {
            "model": self._model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": prompt.format(language=_LANGUAGE_NAMES[language])},
                {"role": "user", "content": json.dumps(facts, ensure_ascii=False)},
            ],
            "response_format": response_format(model, schema_name),
        }
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        error = "no attempt made"
        for attempt in range(1, self._attempts + 1):
            try:
                return self._request(body, headers, model)
            except AnalysisFailed as exc:
                if not exc.retryable:
                    raise
                error = str(exc)
                log.warning("analysis request failed", attempt=attempt, error=error)
            if attempt < self._attempts and self._delay > 0:
                time.sleep(self._delay * attempt)
        raise AnalysisFailed(f"{self._attempts} attempts failed; last: {error}")

    def _request(
        self, body: dict[str, Any], headers: dict[str, str], model: type[AnswerT]
    ) -> AnswerT:
        try:
            with httpx.Client(timeout=self._timeout, follow_redirects=False) as client:
                response = client.post(self._url, json=body, headers=headers)
        except httpx.TimeoutException:
            raise AnalysisFailed("timed out") from None
        except httpx.HTTPError as exc:
            raise AnalysisFailed(f"request error: {type(exc).__name__}") from None
        if response.status_code in (400, 401, 403, 404):
            # Configuration problems: retrying the same request cannot help.
            raise AnalysisFailed(f"endpoint answered {response.status_code}", retryable=False)
        if response.status_code != 200:
            raise AnalysisFailed(f"endpoint answered {response.status_code}")
        try:
            content = response.json()["choices"][0]["message"]["content"]
            return model.model_validate(json.loads(content))
        except (ValueError, KeyError, IndexError, TypeError, ValidationError) as exc:
            raise AnalysisFailed(f"malformed answer: {type(exc).__name__}") from None
