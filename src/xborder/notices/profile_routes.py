"""The profiles the secretariat researches for a request (who the person is: journalist,
opposition figure...), each with its source; the checks run again on every change."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import Field

from xborder.api import problems
from xborder.api.deps import ctx, require
from xborder.api.responses import Out
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.notices import profiles
from xborder.notices.commands import ProfileDecisionIn, ProfileIn

router = APIRouter(tags=["safeguards"], responses={**problems.AUTHENTICATED, **problems.WRITE})
Id = Annotated[str, Path(max_length=36)]


class ProfileFactOut(Out):
    """A profile fact; who and when as recorded (`by` and `at`; `decided_by` once decided;
    `screening` when a list screening proposed it)."""

    kind: str
    status: str = Field(examples=["proposed", "confirmed", "rejected"])
    source: str
    note: str = ""
    by: str | None = None
    at: str | None = None
    decided_by: str | None = None
    screening: str | None = None


class ProfilesOut(Out):
    profiles: list[ProfileFactOut]


_OUT: dict[str, Any] = {"response_model": ProfilesOut, "response_model_exclude_unset": True}


@router.post(
    "/api/v1/notices/{notice_id}/profiles",
    status_code=201,
    summary="Attach a researched profile fact (with its source); the checks run again",
    **_OUT,
)
def attach_profile(
    request: Request,
    notice_id: Id,
    body: ProfileIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_REVIEW))],
) -> dict[str, Any]:
    facts = profiles.attach(ctx(request).db, actor, notice_id, body.kind, body.source, body.note)
    return {"profiles": facts}


@router.post(
    "/api/v1/notices/{notice_id}/profiles/screen",
    summary="Screen the subject against the imported persons lists; hits propose profiles",
    responses=problems.UNAVAILABLE,
    **_OUT,
)
def screen_profiles(
    request: Request,
    notice_id: Id,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_REVIEW))],
) -> dict[str, Any]:
    c = ctx(request)
    return {"profiles": profiles.screen_lists(c.db, c.settings, actor, notice_id)}


@router.post(
    "/api/v1/notices/{notice_id}/profiles/{index}",
    summary="Confirm or reject a profile fact; the checks run again",
    **_OUT,
)
def decide_profile(
    request: Request,
    notice_id: Id,
    index: Annotated[int, Path(ge=0, le=200)],
    body: ProfileDecisionIn,
    actor: Annotated[Actor, Depends(require(Action.NOTICE_REVIEW))],
) -> dict[str, Any]:
    facts = profiles.decide(ctx(request).db, actor, notice_id, index, body.status, body.note)
    return {"profiles": facts}
