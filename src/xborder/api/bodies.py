"""JSON request bodies held to the rules of `kernel.untrusted` on every route, not route by
route: a body nested a few hundred deep parses and validates (a `dict[str, Any]` field takes
anything), is stored, and then every read of the record fails; a body nested a thousand deep
or holding a 4,300-digit number stops FastAPI's own parser, which answers a bare 400."""

from __future__ import annotations

import json

from fastapi import Request
from starlette.exceptions import HTTPException

from xborder.kernel import untrusted
from xborder.kernel.errors import Invalid


def _is_json(content_type: str) -> bool:
    """The media types FastAPI parses as JSON (it ignores a body that declares none)."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def checked_json_body(request: Request) -> None:
    """An app-wide dependency: FastAPI has parsed a JSON body before dependencies run, and
    `Request.json()` hands back that parse, so the check costs one walk of the document."""
    if not _is_json(request.headers.get("content-type", "")):
        return
    try:
        body = await request.json()
    except RecursionError:
        raise Invalid(f"JSON body: nested deeper than {untrusted.MAX_DEPTH} levels") from None
    except ValueError:
        return  # not one JSON document: the route's own parser answers (FastAPI, list import)
    untrusted.check(body)


def unparsable(exc: HTTPException) -> Invalid | None:
    """FastAPI's 400 "There was an error parsing the body", for a cause it does not name (the
    parser's JSON syntax errors are already 422 problems), as a 422 that says what it was."""
    cause = exc.__cause__
    if exc.status_code != 400 or cause is None or isinstance(cause, json.JSONDecodeError):
        return None
    if isinstance(cause, RecursionError):
        return Invalid(f"JSON body: nested deeper than {untrusted.MAX_DEPTH} levels")
    if isinstance(cause, UnicodeDecodeError):
        return Invalid("JSON body: not UTF-8 text")
    if isinstance(cause, ValueError) and "digits" in str(cause):
        return Invalid(f"JSON body: a number has more than {untrusted.MAX_INT_DIGITS} digits")
    return None
