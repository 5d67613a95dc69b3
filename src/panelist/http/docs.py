"""OpenAPI for routes whose parsing the pipeline does itself (to keep contract §2's order).

`doc(...)` returns the decorator arguments of one route: its success and error responses,
query and path parameters, request body and security; models referenced only from here are
collected in `EXTRA_MODELS` and added to the document's components by `panelist.app`.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, create_model

from panelist.http.pipeline import Endpoint

EXTRA_MODELS: dict[str, type[BaseModel]] = {}
PATH_PARAM = re.compile(r"{(\w+)}")


class FieldErrorOut(BaseModel):
    field: str
    message: str


class ErrorEnvelope(BaseModel):
    success: Literal[False]
    error: str
    message: str
    requestId: str
    details: list[FieldErrorOut] | None = None


class PaginationOut(BaseModel):
    cursor: str | None
    hasMore: bool


_ERROR_TEXT = {
    400: "INVALID_BODY or VALIDATION_ERROR (with `details`)",
    401: "UNAUTHORIZED",
    403: "ACCOUNT_SUSPENDED, API_DISABLED, IP_NOT_ALLOWED, FORBIDDEN or SCOPE_INSUFFICIENT",
    404: "NOT_FOUND",
    409: "A business precondition failed",
    410: "SESSION_EXPIRED",
    413: "PAYLOAD_TOO_LARGE",
    429: "RATE_LIMITED (with Retry-After)",
}


def envelope(model: type[BaseModel] | None, *, many: bool = False) -> type[BaseModel]:
    name = (model.__name__ if model else "Empty") + ("ListEnvelope" if many else "Envelope")
    data_type: Any = dict[str, Any] if model is None else (list[model] if many else model)  # type: ignore[valid-type]
    fields: dict[str, Any] = {
        "success": (Literal[True], ...),
        "requestId": (str, ...),
        "data": (data_type, ...),
    }
    if many:
        fields["pagination"] = (PaginationOut, ...)
    return create_model(name, **fields)


def _parameters(model: type[BaseModel], location: str) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    required = set(schema.get("required", []))
    return [
        {"name": name, "in": location, "required": name in required, "schema": prop}
        for name, prop in schema.get("properties", {}).items()
    ]


def doc(
    endpoint: Endpoint | None,
    response: type[BaseModel] | None,
    *,
    query: type[BaseModel] | None = None,
    body: type[BaseModel] | None = None,
    many: bool = False,
    status: int = 200,
    not_found: bool = False,
    conflicts: str | None = None,
    extra_errors: tuple[int, ...] = (),
) -> dict[str, Any]:
    codes: list[int] = []
    if endpoint is not None:
        codes += [401, 403, 429]
    if body is not None or query is not None:
        codes.append(400)
    if body is not None:
        codes.append(413)
    if not_found:
        codes.append(404)
    if conflicts:
        codes.append(409)
    codes += list(extra_errors)
    responses: dict[int | str, dict[str, Any]] = {
        status: {"model": envelope(response, many=many), "description": "Success"}
    }
    for code in sorted(set(codes)):
        text = conflicts if code == 409 and conflicts else _ERROR_TEXT.get(code, "Error")
        responses[code] = {"model": ErrorEnvelope, "description": text}
    parameters: list[dict[str, Any]] = []
    if query is not None:
        parameters += _parameters(query, "query")
    if endpoint is not None and endpoint.idempotent:
        parameters.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            }
        )
    extra: dict[str, Any] = {"parameters": parameters}
    if endpoint is not None:
        extra["security"] = [{"ApiKeyAuth": []}]
        extra["x-panelist-scope"] = str(endpoint.scope)
        extra["x-panelist-rate-limit-category"] = str(endpoint.category)
    if body is not None:
        EXTRA_MODELS[body.__name__] = body
        extra["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{body.__name__}"}}
            },
        }
    return {"status_code": status, "responses": responses, "openapi_extra": extra}
