"""The invitation email's words: the default text, and a caller's text with the link filled in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

LINK_PLACEHOLDER = "{interviewLink}"
SUBJECT_MAX = 300  # the outbox column; a position title is at most 200 characters
_LINE_BREAKS = re.compile(r"[\r\n]+")


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class InvitationFacts:
    first_name: str
    position: str
    company: str
    link: str
    expires_at: datetime


def invitation(
    facts: InvitationFacts, custom_subject: str | None, custom_body: str | None
) -> Rendered:
    """A blank custom text counts as absent, so the default is used instead."""
    subject = custom_subject if custom_subject and custom_subject.strip() else None
    body = custom_body if custom_body and custom_body.strip() else None
    return Rendered(
        subject=_header_safe(subject or f"Interview invitation: {facts.position}")[:SUBJECT_MAX],
        body=_fill_link(body, facts.link) if body else _default_body(facts),
    )


def _fill_link(body: str, link: str) -> str:
    # The caller cannot know the link before this call, so a body without the placeholder
    # would reach the candidate with no way in: append the link rather than send a dead letter.
    if LINK_PLACEHOLDER in body:
        return body.replace(LINK_PLACEHOLDER, link)
    return f"{body.rstrip()}\n\n{link}\n"


def _header_safe(subject: str) -> str:
    # A line break in a header would be a header injection (and is refused by the email
    # package); folding it into a space keeps any documented client working.
    return _LINE_BREAKS.sub(" ", subject).strip()


def _default_body(facts: InvitationFacts) -> str:
    expires = facts.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Hello {facts.first_name},\n\n"
        f"Thank you for applying for the {facts.position} position at {facts.company}.\n"
        "We would like to invite you to a short written interview.\n\n"
        f"Open this link to start:\n{facts.link}\n\n"
        f"The link is personal and valid until {expires}. You can save your answers and come "
        "back to them before you submit.\n\n"
        f"Kind regards,\n{facts.company}\n"
    )
