"""What the model must answer, as pydantic models: their JSON schema is sent as the
`response_format`, and the same models validate the answer (a model may ignore the schema)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Score = Annotated[int, Field(ge=0, le=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Points = Annotated[list[Text], Field(max_length=12)]


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class CvAnswer(_Answer):
    score: Score
    evaluation: Text
    upsides: Points
    shortcomings: Points


class QuestionAnswer(_Answer):
    questionId: str
    score: Score
    feedback: Text


class InterviewAnswer(_Answer):
    evaluable: bool
    score: Score | None
    summary: Text
    strengths: Points
    concerns: Points
    recommendation: Literal["strong_yes", "yes", "no", "strong_no"] | None
    questions: list[QuestionAnswer]

    @model_validator(mode="after")
    def _consistent(self) -> InterviewAnswer:
        if self.evaluable and (self.score is None or self.recommendation is None):
            raise ValueError("an evaluable interview needs a score and a recommendation")
        if not self.evaluable and (self.score is not None or self.recommendation is not None):
            raise ValueError("an unevaluable interview has no score and no recommendation")
        return self


def response_format(model: type[BaseModel], name: str) -> dict[str, Any]:
    """The chat-completions `response_format` asking for JSON that matches `model`."""
    schema = model.model_json_schema()
    return {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": schema}}
