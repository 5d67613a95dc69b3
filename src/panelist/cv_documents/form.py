"""Parse a `multipart/form-data` body held in memory (the pipeline already read it within the
route's size limit) into its text fields and its one `file` part."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from panelist.errors import InvalidBody

MAX_FIELD_CHARS = 1_000


@dataclass
class _Part:
    headers: dict[str, bytes] = field(default_factory=dict)
    data: bytearray = field(default_factory=bytearray)


@dataclass(frozen=True, slots=True)
class Upload:
    file_name: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Form:
    fields: dict[str, str]
    files: dict[str, Upload]


def parse_form(content_type: str, body: bytes) -> Form:
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise InvalidBody("Request body must be multipart/form-data with a `file` part.")
    parts: list[_Part] = []
    header: list[bytes] = [b"", b""]

    def begin() -> None:
        parts.append(_Part())

    def data(chunk: bytes, start: int, end: int) -> None:
        parts[-1].data += chunk[start:end]

    def header_field(chunk: bytes, start: int, end: int) -> None:
        header[0] += chunk[start:end]

    def header_value(chunk: bytes, start: int, end: int) -> None:
        header[1] += chunk[start:end]

    def header_end() -> None:
        parts[-1].headers[header[0].decode("latin-1").lower()] = header[1]
        header[0] = header[1] = b""

    callbacks: Any = {
        "on_part_begin": begin,
        "on_part_data": data,
        "on_header_field": header_field,
        "on_header_value": header_value,
        "on_header_end": header_end,
    }
    parser = MultipartParser(boundary, callbacks)
    try:
        parser.write(body)
        parser.finalize()
    except FormParserError:
        raise InvalidBody("Malformed multipart/form-data body.") from None
    return _collect(parts)


def _collect(parts: list[_Part]) -> Form:
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    for part in parts:
        _, params = parse_options_header(part.headers.get("content-disposition", b""))
        name = params.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in params or name == "file":
            files.setdefault(
                name,
                Upload(
                    file_name=params.get(b"filename", b"").decode("utf-8", "replace"),
                    content_type=part.headers.get("content-type", b"").decode("latin-1"),
                    data=bytes(part.data),
                ),
            )
        elif name:
            fields.setdefault(
                name, bytes(part.data[: MAX_FIELD_CHARS * 4]).decode("utf-8", "replace")
            )
    return Form(fields, files)
