"""Corrective measures on a member country (docs/reference/corrective-measures.md): imposed and
lifted by the
secretariat as recorded decisions, and enforced where the services act (a diffusion from a
country under prior review is held; a suspended tool refuses)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Conflict, Forbidden, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.measures.commands import LiftIn, MeasureIn
from xborder.measures.tables import CorrectiveMeasureRow
from xborder.store.db import Database


class MeasureScope(StrEnum):
    PRIOR_REVIEW = "prior_review"  # every message, notice and diffusion checked first
    NO_DIRECT_DIFFUSIONS = "no_direct_diffusions"  # diffusions go to the secretariat first
    SUSPEND_NOTICE_REQUESTS = "suspend_notice_requests"  # the bureau may not request notices
    SUSPEND_SCREENING = "suspend_screening"  # no screening against the databases


SCOPE_LABELS: dict[MeasureScope, str] = {
    MeasureScope.PRIOR_REVIEW: (
        "Prior review by the secretariat of every message, notice and diffusion"
    ),
    MeasureScope.NO_DIRECT_DIFFUSIONS: "No direct diffusions: they are held for the secretariat",
    MeasureScope.SUSPEND_NOTICE_REQUESTS: "Suspension of notice requests",
    MeasureScope.SUSPEND_SCREENING: "Suspension of screening",
}

# Scopes that put a country's diffusions on hold until the secretariat releases them.
HOLDS_DIFFUSIONS = frozenset({MeasureScope.PRIOR_REVIEW, MeasureScope.NO_DIRECT_DIFFUSIONS})


@dataclass(frozen=True)
class MeasureView:
    id: str
    country: str
    scopes: tuple[MeasureScope, ...]
    reason: str
    starts_at: datetime
    ends_at: datetime | None
    lifted_at: datetime | None
    lift_reason: str

    @property
    def label(self) -> str:
        return "; ".join(SCOPE_LABELS[s] for s in self.scopes)


def _view(r: CorrectiveMeasureRow) -> MeasureView:
    return MeasureView(
        id=r.id,
        country=r.country,
        scopes=tuple(MeasureScope(s) for s in r.scopes),
        reason=r.reason,
        starts_at=as_utc(r.starts_at),
        ends_at=as_utc(r.ends_at) if r.ends_at else None,
        lifted_at=as_utc(r.lifted_at) if r.lifted_at else None,
        lift_reason=r.lift_reason,
    )


# Built once: every screening and every check asks it, and building the statement costs
# more than running it.
_ACTIVE = select(CorrectiveMeasureRow).where(
    CorrectiveMeasureRow.country == bindparam("country"),
    CorrectiveMeasureRow.starts_at <= bindparam("now"),
    CorrectiveMeasureRow.lifted_at.is_(None),
    or_(CorrectiveMeasureRow.ends_at.is_(None), CorrectiveMeasureRow.ends_at > bindparam("now")),
)


def active(session: Session, country: str, now: datetime | None = None) -> list[MeasureView]:
    """Measures in force on `country` now (started, not ended, not lifted)."""
    rows = session.scalars(_ACTIVE, {"country": country, "now": now or utcnow()})
    return [_view(r) for r in rows]


def in_force(session: Session, country: str, scopes: frozenset[MeasureScope]) -> bool:
    return any(set(m.scopes) & scopes for m in active(session, country))


def refuse_if_suspended(session: Session, country: str | None, scope: MeasureScope) -> None:
    """A tool suspended by a measure refuses the bureau (403, saying why)."""
    if country and in_force(session, country, frozenset({scope})):
        raise Forbidden(f"{SCOPE_LABELS[scope]} is in force on {country} (corrective measure)")


def impose(db: Database, actor: Actor, cmd: MeasureIn) -> MeasureView:
    """Impose a measure on a country: from `starts_at` (None: now) until lifted or `ends_at`."""
    authorize(actor, Action.MEASURE_MANAGE)
    country, reason, ends_at = normalise_country(cmd.country), cmd.reason, cmd.ends_at
    try:
        parsed = sorted({MeasureScope(s) for s in cmd.scopes})
    except ValueError as exc:
        raise Invalid(f"unknown scope: {exc}", field="scopes") from None
    if not parsed:
        raise Invalid("a measure needs at least one scope", field="scopes")
    if not reason.strip():
        raise Invalid("a measure needs its reason", field="reason")
    now = utcnow()
    starts_at = as_utc(cmd.starts_at) if cmd.starts_at else now
    if ends_at is not None and as_utc(ends_at) <= starts_at:
        raise Invalid("a measure ends after it starts", field="ends_at")
    with db.transaction() as s:
        row = CorrectiveMeasureRow(
            id=new_id(),
            country=country,
            scopes=[p.value for p in parsed],
            reason=reason.strip(),
            starts_at=starts_at,
            ends_at=as_utc(ends_at) if ends_at else None,
            imposed_by=actor.user_id,
            imposed_at=now,
            lift_reason="",
        )
        s.add(row)
        s.flush()
        record_event(
            s,
            actor,
            "measure.imposed",
            "corrective_measure",
            row.id,
            {"country": country, "scopes": row.scopes, "reason": row.reason},
            summary={"country": country, "scopes": row.scopes},
            reason=row.reason,
        )
        return _view(row)


def lift(db: Database, actor: Actor, measure_id: str, cmd: LiftIn) -> MeasureView:
    """The secretariat ends a measure: a recorded decision with its reason."""
    authorize(actor, Action.MEASURE_MANAGE)
    reason = cmd.reason
    if not reason.strip():
        raise Invalid("lifting a measure is a decision with its reason", field="reason")
    with db.transaction() as s:
        row = s.get(CorrectiveMeasureRow, measure_id)
        if row is None:
            raise NotFound("no such measure")
        if row.lifted_at is not None:
            raise Conflict("the measure was already lifted")
        row.lifted_at = utcnow()
        row.lifted_by = actor.user_id
        row.lift_reason = reason.strip()
        record_event(
            s,
            actor,
            "measure.lifted",
            "corrective_measure",
            row.id,
            {"reason": row.lift_reason},
            summary={"country": row.country},
            reason=row.lift_reason,
        )
        return _view(row)


def list_measures(db: Database, actor: Actor, country: str | None = None) -> list[MeasureView]:
    """Measures are not secret to the members: a bureau sees its own; the secretariat and
    auditors all."""
    authorize(actor, Action.MEASURE_READ)
    with db.transaction() as s:
        q = select(CorrectiveMeasureRow).order_by(CorrectiveMeasureRow.imposed_at.desc())
        if actor.country is not None:
            q = q.where(CorrectiveMeasureRow.country == actor.country)
        elif country:
            q = q.where(CorrectiveMeasureRow.country == normalise_country(country))
        return [_view(r) for r in s.scalars(q)]
