"""Notices: requests, approval, the review, the lifecycle, flags and hits. Each route calls
one service function; the service checks role and organisation."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from xborder.api import problems
from xborder.api.deps import PurposeHeader, PurposeQuery, ctx, require
from xborder.api.responses import IdOut, Out, PersonOut
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.errors import Invalid
from xborder.kernel.purposes import parse_purpose
from xborder.notices import rules
from xborder.notices import service as notices
from xborder.notices.commands import (
    CancelIn,
    ContentIn,
    DecisionIn,
    FlagIn,
    HitAnswerIn,
    HitIn,
    NoticeIn,
    ReasonIn,
    SourcesIn,
    SuspendIn,
    content_of,
)
from xborder.persons import codec

router = APIRouter(tags=["notices"], responses=problems.AUTHENTICATED)
NoticeId = Annotated[str, Path(max_length=36)]
WRITE = problems.WRITE


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswerIn(_In):
    answer: str = Field(min_length=1, max_length=20_000)
    content: ContentIn | None = None


class RuleOut(Out):
    id: str
    version: str
    title: str
    source: str
    applies_to: list[str]


class RulesOut(Out):
    versions: dict[str, str]
    rules: list[RuleOut]


class NoticeListOut(Out):
    total: int
    notices: list[notices.NoticeSummary]


class QueueOut(Out):
    total: int
    items: list[notices.QueueItem]


class NoticeOut(Out):
    """A notice as you may see it: findings and decisions filtered to what may be disclosed
    to a bureau; `history` and `similar` for the secretariat only."""

    id: str
    number: str
    notice_type: str
    state: str
    requesting_country: str
    title: str
    content: dict[str, Any] = Field(description="the notice's content, as drafted")
    person: PersonOut | None
    risk: int
    blocked: bool
    public_extract: bool
    restricted_to: list[str] | None
    created_at: datetime
    submitted_at: datetime | None
    published_at: datetime | None
    expires_at: datetime | None
    suspended_until: datetime | None
    envelope_digest: str | None
    findings: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    notes: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    hits: list[dict[str, Any]]
    is_source: bool
    can_approve: bool
    review_inputs: dict[str, Any]
    history: list[dict[str, Any]] = Field(default_factory=list)
    similar: list[dict[str, Any]] = Field(default_factory=list)


class ApprovedOut(Out):
    envelope_digest: str


class SignedDecisionOut(Out):
    signed_decision: str


class HitOut(Out):
    id: str
    notice_id: str
    number: str
    country: str
    seen_at: datetime
    answer_due: datetime
    action: str


class HitsOut(Out):
    total: int
    hits: list[HitOut]


def view_json(v: notices.NoticeView) -> dict[str, Any]:
    d = asdict(v)
    d["person"] = codec.to_json(v.person) if v.person is not None else None
    return d


@router.get("/api/v1/rules", summary="The compliance rules in force, with versions and sources")
def list_rules() -> RulesOut:
    return RulesOut.model_validate(
        {
            "versions": rules.rule_versions(),
            "rules": [
                {
                    "id": r.id,
                    "version": r.version,
                    "title": r.title,
                    "source": r.source,
                    "applies_to": sorted(t.value for t in r.applies_to),
                }
                for r in rules.RULES
            ],
        }
    )


@router.post(
    "/api/v1/notices",
    status_code=201,
    summary="Draft a notice request",
    response_model=IdOut,
    responses=WRITE,
)
def create(
    request: Request, body: NoticeIn, actor: Annotated[Actor, Depends(require(Action.NOTICE_DRAFT))]
) -> dict[str, Any]:
    nid = notices.create_request(ctx(request).db, actor, body)
    return {"id": nid}


@router.get(
    "/api/v1/notices",
    summary="Notices and requests you may see (titles only)",
    response_model=NoticeListOut,
)
def list_(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_READ))],
    state: Annotated[str | None, Query(max_length=20)] = None,
    notice_type: Annotated[str | None, Query(alias="type", max_length=10)] = None,
    own: bool = False,
) -> dict[str, Any]:
    try:
        found = notices.list_notices(ctx(request).db, actor, state, notice_type, own)
    except ValueError:
        raise Invalid(f"unknown state {state!r}", field="state") from None
    return {"total": len(found), "notices": [asdict(n) for n in found]}


@router.get(
    "/api/v1/notices/review-queue",
    summary="Pending requests by risk, then age",
    response_model=QueueOut,
)
def queue(
    request: Request, actor: Annotated[Actor, Depends(require(Action.NOTICE_REVIEW))]
) -> dict[str, Any]:
    items = notices.review_queue(ctx(request).db, actor)
    return {"total": len(items), "items": [asdict(i) for i in items]}


@router.get(
    "/api/v1/notices/{notice_id}",
    summary="One notice or request (logged, with purpose)",
    response_model=NoticeOut,
    response_model_exclude_unset=True,  # a name's empty parts stay left out
)
def read(
    request: Request,
    notice_id: NoticeId,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_READ))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> dict[str, Any]:
    v = notices.get_notice(ctx(request).db, actor, notice_id, parse_purpose(purpose or x_purpose))
    return view_json(v)


@router.put("/api/v1/notices/{notice_id}", status_code=204, summary="Edit a draft", responses=WRITE)
def update(
    request: Request,
    notice_id: NoticeId,
    body: NoticeIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_DRAFT))],
) -> Response:
    notices.update_draft(ctx(request).db, actor, notice_id, body)
    return Response(status_code=204)


@router.post("/api/v1/notices/{notice_id}/send-for-approval", status_code=204, responses=WRITE)
def send_for_approval(
    request: Request,
    notice_id: NoticeId,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_DRAFT))],
) -> Response:
    notices.send_for_approval(ctx(request).db, actor, notice_id)
    return Response(status_code=204)


@router.post(
    "/api/v1/notices/{notice_id}/approve",
    summary="Four-eyes approval: sign and submit",
    response_model=ApprovedOut,
    responses=WRITE,
)
def approve(
    request: Request,
    notice_id: NoticeId,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_APPROVE))],
) -> dict[str, Any]:
    c = ctx(request)
    return {"envelope_digest": notices.approve(c.db, actor, c.settings, notice_id)}


@router.post(
    "/api/v1/notices/{notice_id}/return",
    status_code=204,
    summary="Send back to the drafter",
    responses=WRITE,
)
def return_to_draft(
    request: Request,
    notice_id: NoticeId,
    body: ReasonIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_APPROVE))],
) -> Response:
    notices.return_to_draft(ctx(request).db, actor, notice_id, body)
    return Response(status_code=204)


@router.post(
    "/api/v1/notices/{notice_id}/decision",
    summary="Publish, refuse, or ask for information",
    response_model=SignedDecisionOut,
    responses=WRITE,
)
def decide(
    request: Request,
    notice_id: NoticeId,
    body: DecisionIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_REVIEW))],
) -> dict[str, Any]:
    c = ctx(request)
    signed = notices.decide(c.db, actor, c.settings, notice_id, body)
    return {"signed_decision": signed}


@router.post(
    "/api/v1/notices/{notice_id}/sources",
    status_code=204,
    summary="Reviewer's sources; re-runs the checks",
    responses=WRITE,
)
def sources(
    request: Request,
    notice_id: NoticeId,
    body: SourcesIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_REVIEW))],
) -> Response:
    notices.set_review_inputs(ctx(request).db, actor, notice_id, body)
    return Response(status_code=204)


@router.post(
    "/api/v1/notices/{notice_id}/checks",
    status_code=204,
    summary="Re-run the checks",
    responses=WRITE,
)
def rerun(
    request: Request,
    notice_id: NoticeId,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_REVIEW))],
) -> Response:
    notices.rerun_checks(ctx(request).db, actor, notice_id)
    return Response(status_code=204)


@router.post(
    "/api/v1/notices/{notice_id}/answer",
    status_code=204,
    summary="Answer the reviewer",
    responses=WRITE,
)
def answer(
    request: Request,
    notice_id: NoticeId,
    body: AnswerIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_DRAFT))],
) -> Response:
    content = content_of(body.content) if body.content is not None else None
    notices.answer_info(ctx(request).db, actor, notice_id, body.answer, content)
    return Response(status_code=204)


@router.post(
    "/api/v1/notices/{notice_id}/suspend",
    status_code=204,
    summary="Suspend (max. 6 months)",
    responses=WRITE,
)
def suspend(
    request: Request,
    notice_id: NoticeId,
    body: SuspendIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_SOURCE_MANAGE))],
) -> Response:
    notices.suspend(ctx(request).db, actor, notice_id, body)
    return Response(status_code=204)


@router.post("/api/v1/notices/{notice_id}/resume", status_code=204, responses=WRITE)
def resume(
    request: Request,
    notice_id: NoticeId,
    body: ReasonIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_SOURCE_MANAGE))],
) -> Response:
    notices.resume(ctx(request).db, actor, notice_id, body)
    return Response(status_code=204)


@router.post("/api/v1/notices/{notice_id}/withdraw", status_code=204, responses=WRITE)
def withdraw(
    request: Request,
    notice_id: NoticeId,
    body: ReasonIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_SOURCE_MANAGE))],
) -> Response:
    notices.withdraw(ctx(request).db, actor, notice_id, body)
    return Response(status_code=204)


@router.post(
    "/api/v1/notices/{notice_id}/renew",
    status_code=204,
    summary="Renew for 5 years",
    responses=WRITE,
)
def renew(
    request: Request,
    notice_id: NoticeId,
    body: ReasonIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_SOURCE_MANAGE))],
) -> Response:
    notices.renew(ctx(request).db, actor, notice_id, body)
    return Response(status_code=204)


@router.post(
    "/api/v1/notices/{notice_id}/cancel",
    status_code=204,
    summary="Secretariat cancels",
    responses=WRITE,
)
def cancel(
    request: Request,
    notice_id: NoticeId,
    body: CancelIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_REVIEW))],
) -> Response:
    c = ctx(request)
    notices.cancel(c.db, actor, c.settings, notice_id, body)
    return Response(status_code=204)


@router.post(
    "/api/v1/notices/{notice_id}/flags",
    status_code=201,
    summary="Flag: no action on our territory",
    response_model=IdOut,
    responses=WRITE,
)
def flag(
    request: Request,
    notice_id: NoticeId,
    body: FlagIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_FLAG))],
) -> dict[str, Any]:
    return {"id": notices.add_flag(ctx(request).db, actor, notice_id, body)}


@router.delete(
    "/api/v1/notices/{notice_id}/flags",
    status_code=204,
    summary="Remove your country's flag",
    responses=WRITE,
)
def unflag(
    request: Request,
    notice_id: NoticeId,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_FLAG))],
) -> Response:
    notices.remove_flag(ctx(request).db, actor, notice_id)
    return Response(status_code=204)


@router.post(
    "/api/v1/notices/{notice_id}/hits",
    status_code=201,
    summary="Report a hit",
    response_model=IdOut,
    responses=WRITE,
)
def hit(
    request: Request,
    notice_id: NoticeId,
    body: HitIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_HIT))],
) -> dict[str, Any]:
    return {"id": notices.report_hit(ctx(request).db, actor, notice_id, body)}


@router.get(
    "/api/v1/hits", summary="Hits on your notices awaiting your answer", response_model=HitsOut
)
def hits(
    request: Request, actor: Annotated[Actor, Depends(require(Action.NOTICE_HIT))]
) -> dict[str, Any]:
    found = notices.open_hits(ctx(request).db, actor)
    return {"total": len(found), "hits": found}


@router.post(
    "/api/v1/hits/{hit_id}/answer", status_code=204, summary="Answer a hit", responses=WRITE
)
def answer_hit(
    request: Request,
    hit_id: Annotated[str, Path(max_length=36)],
    body: HitAnswerIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_HIT))],
) -> Response:
    notices.answer_hit(ctx(request).db, actor, hit_id, body)
    return Response(status_code=204)
