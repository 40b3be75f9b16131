"""The purpose, necessity and proportionality gate (issue 7, item 6).

A search, or any AI-assisted action, states why (a `Purpose`) and on which legal basis (one of
`LEGAL_BASES`), chosen from lists: free text would make the log unreadable and the checks
impossible. A high-impact use (a biometric search) also needs a supervisor's authorisation,
recorded before the use or within `AUTHORISATION_WINDOW` after it (AI Act art. 26(10): 48
hours); until then the use is pending, and a bureau with an overdue pending use may not start
another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.governance.commands import MAX_REASON, AuthorisationIn
from xborder.governance.registry import get
from xborder.governance.tables import AuthorisationRow
from xborder.identity.policy import Action, authorize, sees_everything
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc
from xborder.kernel.errors import Conflict, Forbidden, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.kernel.purposes import LEGAL_BASES, PURPOSE_LABELS, Purpose

AUTHORISATION_WINDOW = timedelta(hours=48)


PURPOSES: dict[str, str] = {p.value: PURPOSE_LABELS[p] for p in Purpose}


def require_basis(purpose: str | None, legal_basis: str | None) -> tuple[Purpose, str]:
    """The stated purpose and legal basis, checked against the lists; returns the purpose and
    the legal basis's id. Nothing missing, nothing unknown: a 422 problem names what is."""
    missing = [n for n, v in (("purpose", purpose), ("legal_basis", legal_basis)) if not v]
    if missing:
        raise Invalid(
            f"state the {' and the '.join(m.replace('_', ' ') for m in missing)} of this search",
            field=missing[0],
            missing=missing,
            purposes=sorted(PURPOSES),
            legal_bases=sorted(LEGAL_BASES),
        )
    assert purpose is not None and legal_basis is not None
    try:
        p = Purpose(purpose)
    except ValueError:
        raise Invalid(
            f"unknown purpose {purpose!r}", field="purpose", allowed=sorted(PURPOSES)
        ) from None
    if legal_basis not in LEGAL_BASES:
        raise Invalid(
            f"unknown legal basis {legal_basis!r}",
            field="legal_basis",
            allowed=sorted(LEGAL_BASES),
        )
    return p, legal_basis


def _overdue(s: Session, org_id: str, now: datetime) -> int:
    rows = s.scalars(
        select(AuthorisationRow.due_at).where(
            AuthorisationRow.org_id == org_id,
            AuthorisationRow.decision.is_(None),
            AuthorisationRow.due_at.is_not(None),
        )
    ).all()
    return sum(1 for d in rows if d is not None and as_utc(d) < now)


def require_authorisation(
    s: Session, actor: Actor, component_id: str, use_id: str, now: datetime
) -> None:
    """Call at the start of a use, in the use's transaction. For a high-impact component:
    an authorisation recorded beforehand for `use_id` lets it through; otherwise the use is
    recorded as pending, due within the window; a refused pre-authorisation, or an overdue
    pending use of the same bureau, stops it."""
    component = get(component_id)
    if not component.high_impact:
        return
    row = s.scalar(select(AuthorisationRow).where(AuthorisationRow.use_id == use_id))
    if row is not None:
        if row.component_id != component_id or row.org_id != actor.org_id:
            raise Conflict("this use id belongs to another search")
        if row.decision == "refused":
            raise Forbidden("this search was refused authorisation")
        if row.used_at is not None:
            raise Conflict("this use was already recorded")
        if row.decided_by == actor.user_id:
            # Four eyes: a supervisor who pre-authorised a search may not run it themselves.
            raise Forbidden("you may not use a search you authorised yourself")
        row.used_at, row.used_by = now, actor.user_id
        if row.decision is None:
            row.due_at = now + AUTHORISATION_WINDOW
    else:
        overdue = _overdue(s, actor.org_id, now)
        if overdue:
            raise Conflict(
                f"{overdue} earlier high-impact search(es) of your bureau were not authorised "
                "in time: a supervisor must decide on them first",
                overdue=overdue,
            )
        row = AuthorisationRow(
            id=new_id(),
            component_id=component_id,
            use_id=use_id,
            org_id=actor.org_id,
            used_by=actor.user_id,
            used_at=now,
            due_at=now + AUTHORISATION_WINDOW,
            reason="",
        )
        s.add(row)
    s.flush()
    record_event(
        s,
        actor,
        "governance.use",
        "ai_use",
        use_id,
        {"component": component_id},
        summary={"component": component_id, "authorised": row.decision == "authorised"},
    )


def decide_authorisation(
    s: Session, actor: Actor, use_id: str, cmd: AuthorisationIn, now: datetime
) -> AuthorisationRow:
    """A supervisor (or a reviewer) authorises or refuses the high-impact use `use_id`: before
    it (pre-authorisation, for the bureau `cmd.org_id`) or after it while it is pending. Not
    one's own use: four eyes."""
    authorize(actor, Action.SEARCH_AUTHORISE)
    component_id = cmd.component_id
    component = get(component_id)
    if not component.high_impact:
        raise Invalid(f"{component_id} needs no authorisation", field="component_id")
    reason = cmd.reason.strip()
    if not reason:
        raise Invalid("give the grounds of the decision", field="reason")
    if len(reason) > MAX_REASON:
        raise Invalid(f"reason is too long (max {MAX_REASON})", field="reason")
    row = s.scalar(select(AuthorisationRow).where(AuthorisationRow.use_id == use_id))
    if row is None:
        target = cmd.org_id or actor.org_id
        if not sees_everything(actor) and target != actor.org_id:
            raise NotFound("no such use")
        row = AuthorisationRow(
            id=new_id(), component_id=component_id, use_id=use_id, org_id=target, reason=""
        )
        s.add(row)
    else:
        if row.component_id != component_id:
            raise NotFound("no such use")
        if not sees_everything(actor) and row.org_id != actor.org_id:
            raise NotFound("no such use")
        if row.decision is not None:
            raise Conflict("this use was already decided")
        if row.used_by == actor.user_id:
            raise Forbidden("you may not authorise your own search")
    row.decision = "authorised" if cmd.authorised else "refused"
    row.decided_by, row.decided_at, row.reason = actor.user_id, now, reason
    s.flush()
    record_event(
        s,
        actor,
        f"governance.use.{row.decision}",
        "ai_use",
        use_id,
        {"reason": reason},
        summary={"component": component_id, "late": bool(row.due_at and as_utc(row.due_at) < now)},
    )
    return row


@dataclass(frozen=True)
class Pending:
    use_id: str
    component_id: str
    org_id: str
    used_by: str | None
    used_at: datetime | None
    due_at: datetime | None
    overdue: bool


def pending_authorisations(s: Session, actor: Actor, now: datetime) -> list[Pending]:
    """Uses still waiting for a decision, the most urgent first: the actor's bureau's (all of
    them for the secretariat)."""
    authorize(actor, Action.SEARCH_AUTHORISE)
    q = select(AuthorisationRow).where(
        AuthorisationRow.decision.is_(None), AuthorisationRow.used_at.is_not(None)
    )
    if not sees_everything(actor):
        q = q.where(AuthorisationRow.org_id == actor.org_id)
    out = [
        Pending(
            use_id=r.use_id,
            component_id=r.component_id,
            org_id=r.org_id,
            used_by=r.used_by,
            used_at=as_utc(r.used_at) if r.used_at else None,
            due_at=as_utc(r.due_at) if r.due_at else None,
            overdue=bool(r.due_at and as_utc(r.due_at) < now),
        )
        for r in s.scalars(q)
    ]
    return sorted(out, key=lambda p: p.due_at or now)
