"""RFC 9457 problem details. Every error the API returns has a stable `type` that resolves
to a short page (`/problems/{slug}`) explaining it."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

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
MEDIA_TYPE = "application/problem+json"


class ProblemError(BaseModel):
    """One validation error: where (`loc`, as FastAPI names it) and what."""

    loc: list[str | int]
    msg: str


class Problem(BaseModel):
    """An RFC 9457 problem document. Extension members (RFC 9457 §3.2) vary with the problem:
    `errors` for invalid input, `field` and `allowed` for a refused value, `retry_after` for
    a rate limit, `reason`, `msg_id` and `evidence` for a refused envelope, and so on; they are
    allowed here on purpose (the RFC makes the member set open)."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(examples=["/problems/not-found"], description="resolves to a short page")
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    instance: str | None = Field(None, description="the request's path")
    errors: list[ProblemError] | None = Field(None, description="invalid input: where and what")


# What each status means in this API; every route documents the ones it can answer.
_MEANING = {
    400: "The request could not be processed (a forged Host, an unparsable body).",
    401: "No valid session or token (`/problems/unauthenticated`).",
    403: "Your role, your token's scopes or your organisation do not allow this "
    "(`/problems/forbidden`).",
    404: "No such record, or one you may not see (`/problems/not-found`).",
    409: "The request conflicts with the current state (`/problems/conflict`).",
    413: "The request body exceeds the configured limit (`/problems/payload-too-large`).",
    422: "The request body or parameters are not valid (`/problems/invalid-input`).",
    429: "Too many requests or failed attempts; `Retry-After` says how long to wait.",
    503: "The AI component may not run now: switched off, not evaluated or not assessed "
    "(`/problems/component-unavailable`).",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The problem responses for an `APIRouter(responses=...)` or a route's `responses=`:
    documented as `application/problem+json` (see `install`)."""
    return {s: {"model": Problem, "description": _MEANING[s]} for s in statuses}


# The shared sets: what a route behind a login can answer when reading, and what one that
# takes a body can answer besides; what a public read can answer.
AUTHENTICATED = responses(401, 403, 404, 422, 429)
WRITE = responses(409, 413)
PUBLIC = responses(404, 422, 429)
# What a route that runs an AI component (name screening) can answer besides.
UNAVAILABLE = responses(503)


def _problem_media_type(schema: dict[str, Any]) -> dict[str, Any]:
    """FastAPI files every response model under the route's media type: the problems go out
    as `application/problem+json`, so the description says so, once per status (in
    `components/responses`, which each operation refers to: the document stays small enough
    for the browsable docs)."""
    ref = {"$ref": "#/components/schemas/Problem"}
    shared: dict[str, Any] = {}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            answers = operation.get("responses", {})
            for status, answer in answers.items():
                # (filed under the route's own media type: JSON, or text for a text route)
                if (
                    status[:1] in ("4", "5")
                    and {"schema": ref} in answer.get("content", {}).values()
                ):
                    name = f"Problem{status}"
                    shared[name] = {
                        "description": answer.get("description", ""),
                        "content": {MEDIA_TYPE: {"schema": ref}},
                    }
                    answers[status] = {"$ref": f"#/components/responses/{name}"}
    if shared:
        schema.setdefault("components", {}).setdefault("responses", {}).update(
            sorted(shared.items())
        )
    return schema


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
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def install(app: FastAPI) -> None:
    """Validation errors become problems; domain and HTTP errors are handled in the app,
    which also renders them as pages for browsers. The OpenAPI description files the
    documented problems under `application/problem+json`."""
    make_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _problem_media_type(make_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

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
