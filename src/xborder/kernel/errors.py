"""Domain errors. Interfaces translate them into RFC 9457 problems; services raise them."""

from __future__ import annotations


class DomainError(Exception):
    """Base for errors a caller can act on. `slug` becomes the stable problem type."""

    slug = "domain-error"
    status = 400
    title = "Request could not be processed"

    def __init__(self, detail: str = "", **extra: object) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


class Invalid(DomainError):
    slug = "invalid-input"
    status = 422
    title = "The request is not valid"


class Unauthenticated(DomainError):
    slug = "unauthenticated"
    status = 401
    title = "Authentication required"


class Forbidden(DomainError):
    slug = "forbidden"
    status = 403
    title = "Your role may not do this"


class NotFound(DomainError):
    """Also used for records that exist but the caller may not see: never leak existence."""

    slug = "not-found"
    status = 404
    title = "No such record"


class Conflict(DomainError):
    slug = "conflict"
    status = 409
    title = "The request conflicts with the current state"


class TooManyAttempts(DomainError):
    slug = "too-many-attempts"
    status = 429
    title = "Too many failed attempts; try again later"
