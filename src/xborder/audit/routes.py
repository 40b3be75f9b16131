"""For auditors: the events and the access log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from xborder.api import problems
from xborder.api.deps import ctx, require
from xborder.api.responses import Out
from xborder.audit import service as audit
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.clock import iso

router = APIRouter(prefix="/api/v1/audit", tags=["audit"], responses=problems.AUTHENTICATED)
Limit = Annotated[int, Query(ge=1, le=1000)]


class AccessOut(Out):
    id: int
    at: str | None
    user_id: str | None
    org_id: str | None
    role: str
    via: str
    action: str
    subject_type: str
    subject_id: str
    purpose: str
    legal_basis: str


class EventOut(Out):
    id: int
    at: str | None
    actor: str
    action: str
    subject_type: str
    subject_id: str
    payload_digest: str
    summary: dict[str, Any] = Field(description="what changed, without personal data")
    reason: str


@router.get("/access-log", summary="Who read which person, when, and why")
def access_log(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.AUDIT_READ))],
    subject: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 100,
) -> list[AccessOut]:
    with ctx(request).db.transaction() as s:
        return [
            AccessOut.model_validate(
                {
                    "id": r.id,
                    "at": iso(r.at),
                    "user_id": r.user_id,
                    "org_id": r.org_id,
                    "role": r.role,
                    "via": r.via,
                    "action": r.action,
                    "subject_type": r.subject_type,
                    "subject_id": r.subject_id,
                    "purpose": r.purpose,
                    "legal_basis": r.legal_basis,
                }
            )
            for r in audit.access_log_for(s, actor, subject, limit)
        ]


@router.get("/events", summary="State changes, newest first")
def events(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.AUDIT_READ))],
    subject: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = 100,
) -> list[EventOut]:
    with ctx(request).db.transaction() as s:
        return [
            EventOut.model_validate(
                {
                    "id": e.id,
                    "at": iso(e.at),
                    "actor": e.actor_label,
                    "action": e.action,
                    "subject_type": e.subject_type,
                    "subject_id": e.subject_id,
                    "payload_digest": e.payload_digest,
                    "summary": e.summary,
                    "reason": e.reason,
                }
            )
            for e in audit.events_for(s, actor, subject, limit)
        ]
