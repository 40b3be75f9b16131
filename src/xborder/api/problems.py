"""RFC 9457 problem details. Every error the API returns has a stable `type` that resolves
to a short page (`/problems/{slug}`) explaining it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

PROBLEM_TYPES: dict[str, str] = {
    "invalid-input": "The request body or parameters failed validation; `errors` lists where.",
    "unauthenticated": "No valid session or token. Log in or send `Authorization: Bearer`.",
    "forbidden": "Your role (or your token's scopes) does not allow this action.",
    "not-found": "No such record, or one you may not see: the answer is the same on purpose.",
    "conflict": "The request conflicts with the current state (a duplicate, a used name).",
    "component-unavailable": "The AI component may not run now: it is switched off, or its "
    "current version has no stored evaluation, or its use case has no current signed-off risk "
    "assessment. See /responsible-ai.",
    "too-many-attempts": "Too many failed attempts; the account is locked for a while.",
    "rate-limited": "Too many requests from your address or account; `Retry-After` says how "
    "many seconds to wait.",
    "payload-too-large": "The request body exceeds the configured limit.",
    "method-not-allowed": "This path does not accept that HTTP method.",
    "csrf": "A state-changing request from a browser session lacked a valid CSRF token.",
    "http-error": "A generic HTTP error.",
}
SLUG_BY_STATUS = {
    404: "not-found",
    405: "method-not-allowed",
    413: "payload-too-large",
    401: "unauthenticated",
    403: "forbidden",
}


def problem(
    status: int, slug: str, title: str, detail: str, instance: str = "", **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"/problems/{slug}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )


def install(app: FastAPI) -> None:
    """Validation errors become problems; domain and HTTP errors are handled in the app,
    which also renders them as pages for browsers."""

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        return problem(
            422,
            "invalid-input",
            "The request is not valid",
            f"{len(errors)} validation error(s)",
            request.url.path,
            errors=errors,
        )
