"""The candidate's interview page (contract §9): server-rendered HTML that works without
JavaScript. Saving and submitting are plain form posts answered with 303 back to the page
(post/redirect/get), so a reload never posts twice. Jinja2 autoescapes everything we render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, quote

from fastapi import APIRouter, Request
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from panelist.errors import ApiError
from panelist.http.services import AppServices
from panelist.interviews import service
from panelist.interviews.candidate_endpoints import PRIVATE_HEADERS, admit, read_limited
from panelist.interviews.page_texts import TEXTS, preferred_language
from panelist.interviews.service import MAX_ANSWER_CHARS, InterviewView
from panelist.kit.timefmt import iso

router = APIRouter(tags=["Interview page"])

_templates = Environment(
    loader=PackageLoader("panelist.interviews", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
)
# No scripts at all; inline styles only; the form may only post back to us.
HTML_HEADERS = {
    **PRIVATE_HEADERS,
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
# The page's error for each failure the service can raise: (text key, HTTP status).
_FAILURES = {
    "NOT_FOUND": ("missing", 404),
    "SESSION_EXPIRED": ("expired", 410),
    "SESSION_COMPLETED": ("completed", 409),
}
_FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass
class _Visit:
    services: AppServices
    request: Request
    token: str
    now: datetime
    headers: dict[str, str]

    @property
    def language(self) -> str:
        """The page language before the interview's own is known."""
        return preferred_language(self.request.headers.get("accept-language"))

    @property
    def path(self) -> str:
        return f"{self.request.scope.get('root_path', '')}/interview/{quote(self.token, safe='')}"


_PAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "Unknown link (an HTML page)"},
    410: {"description": "Expired or revoked link (an HTML page)"},
    429: {"description": "Too many requests for this link or IP (an HTML page, Retry-After)"},
}


@router.get("/interview/{token}", response_class=HTMLResponse, responses=_PAGE_ERRORS)
async def interview_page(request: Request) -> Response:
    """The interview page: the position, every question and the saved answers."""
    return await run_in_threadpool(_show, request)


@router.post(
    "/interview/{token}",
    response_class=HTMLResponse,
    responses={
        303: {"description": "Saved or submitted: back to the page"},
        400: {"description": "Unreadable form, or an answer over 10,000 characters"},
        409: {"description": "The interview was already submitted"},
        413: {"description": "Form over 1 MiB"},
        **_PAGE_ERRORS,
    },
)
async def interview_form(request: Request) -> Response:
    """Save the page's answers (`action=save`), or save and submit them (`action=submit`)."""
    raw, too_large = await read_limited(request)
    return await run_in_threadpool(_post, request, raw, too_large)


def _show(request: Request) -> Response:
    visit, refused = _enter(request)
    if refused is not None:
        return refused
    try:
        with visit.services.db.read() as session:
            view = service.view(session, visit.services.secret, visit.token, visit.now)
    except ApiError as error:
        return _failure(visit, error)
    if view.status == "completed":
        texts = TEXTS[view.language]
        heading = texts["thanks_title"].format(name=view.candidate_first_name)
        body = texts["thanks"].format(position=view.position_title)
        return _message(visit, view.language, heading, [body], 200)
    saved = request.query_params.get("saved") == "1"
    notice = TEXTS[view.language]["saved"] if saved else None
    return _interview(visit, view, view.answers, notice=notice)


def _post(request: Request, raw: bytes, too_large: bool) -> Response:
    visit, refused = _enter(request)
    if refused is not None:
        return refused
    if too_large:
        return _canned(visit, "too_large", 413)
    fields = _parse_form(request.headers.get("content-type"), raw)
    if fields is None:
        return _canned(visit, "bad_form", 400)
    # Browsers send textarea line breaks as CRLF but count them as one character (maxlength).
    answers = {
        name.removeprefix("answer_"): value.replace("\r\n", "\n")
        for name, value in fields.items()
        if name.startswith("answer_")
    }
    secret, token, now = visit.services.secret, visit.token, visit.now
    try:
        if any(len(answer) > MAX_ANSWER_CHARS for answer in answers.values()):
            with visit.services.db.read() as session:
                view = service.view(session, secret, token, now)
            return _too_long(visit, view, answers)
        with visit.services.db.write() as session:
            if fields.get("action") == "submit":
                service.submit(session, secret, token, answers, now)
            else:
                service.save_answers(session, secret, token, answers, now, ignore_unknown=True)
    except ApiError as error:
        return _failure(visit, error)
    location = visit.path if fields.get("action") == "submit" else f"{visit.path}?saved=1"
    return RedirectResponse(location, status_code=303, headers=visit.headers)


def _enter(request: Request) -> tuple[_Visit, Response | None]:
    """Rate limits first, exactly as on the JSON routes; a refusal is a page too."""
    services: AppServices = request.app.state.services
    now = services.clock.now()
    token = request.path_params["token"]
    decision = admit(services, request, token, now)
    visit = _Visit(services, request, token, now, {**HTML_HEADERS, **decision.headers()})
    if decision.allowed:
        return visit, None
    texts = TEXTS[visit.language]
    busy = texts["busy"].format(seconds=decision.retry_after)
    return visit, _message(visit, visit.language, texts["busy_title"], [busy], 429)


def _parse_form(content_type: str | None, raw: bytes) -> dict[str, str] | None:
    if (content_type or "").split(";")[0].strip().lower() != _FORM_TYPE:
        return None
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=1000)
    except ValueError:  # includes UnicodeDecodeError
        return None
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)
    return fields


def _interview(
    visit: _Visit,
    view: InterviewView,
    answers: dict[str, str],
    *,
    notice: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    texts = TEXTS[view.language]
    return _render(
        visit,
        "interview.html",
        status,
        lang=view.language,
        title=texts["title"].format(position=view.position_title),
        t=texts,
        view=view,
        answers=answers,
        notice=notice,
        error=error,
        action=visit.path,
        max_chars=MAX_ANSWER_CHARS,
        expires_iso=iso(view.expires_at),
        expires_text=view.expires_at.strftime("%Y-%m-%d %H:%M UTC"),
    )


def _too_long(visit: _Visit, view: InterviewView, answers: dict[str, str]) -> Response:
    """Show the page again with what was typed, so nothing the candidate wrote is lost."""
    number = next(
        (
            n
            for n, q in enumerate(view.questions, 1)
            if len(answers.get(q.id, "")) > MAX_ANSWER_CHARS
        ),
        1,
    )
    error = TEXTS[view.language]["too_long"].format(n=number)
    return _interview(visit, view, {**view.answers, **answers}, error=error, status=400)


def _failure(visit: _Visit, error: ApiError) -> Response:
    key, status = _FAILURES.get(error.code, ("bad_form", error.status))
    return _canned(visit, key, status)


def _canned(visit: _Visit, key: str, status: int) -> Response:
    texts = TEXTS[visit.language]
    return _message(visit, visit.language, texts[f"{key}_title"], [texts[key]], status)


def _message(
    visit: _Visit, lang: str, heading: str, paragraphs: list[str], status: int
) -> Response:
    return _render(
        visit,
        "message.html",
        status,
        lang=lang,
        title=heading,
        heading=heading,
        paragraphs=paragraphs,
    )


def _render(visit: _Visit, template: str, status: int, **context: Any) -> Response:
    html = _templates.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=visit.headers)
