"""Human oversight figures: how often each reviewer agrees with each component.

A reviewer who agrees with the machine almost every time, over many decisions, may be
rubber-stamping it (automation bias); one who decides in a few seconds may not be reading the
evidence. Both are signals for a supervisor to look, not verdicts. Source: the screening
results and the human decisions on them (read-only here)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.governance.registry import COMPONENTS
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor, OrgKind
from xborder.kernel.clock import as_utc
from xborder.screening.tables import ScreeningResultRow, ScreeningRow
from xborder.store.db import Database
from xborder.store.tables import UserRow

BIAS_MIN_DECISIONS = 20
BIAS_AGREEMENT = 0.95
BIAS_FAST_SECONDS = 10.0


@dataclass(frozen=True)
class AgreementRate:
    component_id: str
    reviewer_id: str
    reviewer: str
    decisions: int
    confirmed: int
    rejected: int
    agreed: int  # confirmed a proposed match, or rejected a result below the threshold
    agreement: float | None
    median_seconds: float | None  # from the screening to the decision
    automation_bias: bool
    signals: tuple[str, ...]


@dataclass
class _Tally:
    n: int = 0
    confirmed: int = 0
    agreed: int = 0
    seconds: list[float] = field(default_factory=list)


def component_of(algorithm: str) -> str:
    """The registered component a screening's `algorithm` ("xborder-v1/1.0.0") belongs to."""
    for c in COMPONENTS.values():
        if c.version.split("/", 1)[0] == algorithm.split("/", 1)[0]:
            return c.id
    for c in COMPONENTS.values():
        if c.algorithm_prefix and algorithm.startswith(c.algorithm_prefix):
            return c.id
    return algorithm


def signals_for(
    decisions: int, agreement: float | None, median_seconds: float | None
) -> tuple[str, ...]:
    out = []
    if decisions >= BIAS_MIN_DECISIONS and agreement is not None and agreement >= BIAS_AGREEMENT:
        out.append(f"agrees with the component in {agreement:.0%} of {decisions} decisions")
    if (
        decisions >= BIAS_MIN_DECISIONS
        and median_seconds is not None
        and median_seconds < BIAS_FAST_SECONDS
    ):
        out.append(f"median decision time {median_seconds:.0f} s")
    return tuple(out)


def agreement_rates(
    s: Session, since: datetime | None = None, org_id: str | None = None
) -> list[AgreementRate]:
    """Per component and reviewer, over the decided results (since `since`; of the screenings
    of organisation `org_id` only, for a bureau's supervisor)."""
    q = (
        select(
            ScreeningRow.algorithm,
            ScreeningRow.at,
            ScreeningResultRow.decided_by,
            ScreeningResultRow.decided_at,
            ScreeningResultRow.decision,
            ScreeningResultRow.is_match,
        )
        .join(ScreeningRow, ScreeningRow.id == ScreeningResultRow.screening_id)
        .where(ScreeningResultRow.decision.is_not(None))
    )
    if since is not None:
        q = q.where(ScreeningResultRow.decided_at >= since)
    if org_id is not None:
        q = q.where(ScreeningRow.org_id == org_id)
    acc: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    for algorithm, at, who, decided_at, decision, is_match in s.execute(q):
        a = acc[(component_of(algorithm), who or "")]
        confirmed = decision == "confirmed"
        a.n += 1
        a.confirmed += confirmed
        a.agreed += confirmed == bool(is_match)
        if decided_at is not None and at is not None:
            a.seconds.append(max((as_utc(decided_at) - as_utc(at)).total_seconds(), 0.0))
    ids = [k[1] for k in acc]
    q_names = select(UserRow.id, UserRow.username).where(UserRow.id.in_(ids))
    names = {uid: name for uid, name in s.execute(q_names)}
    out = []
    for (cid, who), a in sorted(acc.items()):
        agreement = round(a.agreed / a.n, 4) if a.n else None
        median = round(statistics.median(a.seconds), 1) if a.seconds else None
        signals = signals_for(a.n, agreement, median)
        out.append(
            AgreementRate(
                component_id=cid,
                reviewer_id=who,
                reviewer=names.get(who, who or "unknown"),
                decisions=a.n,
                confirmed=a.confirmed,
                rejected=a.n - a.confirmed,
                agreed=a.agreed,
                agreement=agreement,
                median_seconds=median,
                automation_bias=bool(signals),
                signals=signals,
            )
        )
    return out


def reviewer_scope(actor: Actor) -> str | None:
    """A bureau's supervisor sees the reviewers of the bureau; the secretariat and the
    auditors see everyone (None: no filter)."""
    return actor.org_id if actor.org_kind == OrgKind.BUREAU else None


def oversight_for(db: Database, actor: Actor, since: datetime | None = None) -> list[AgreementRate]:
    authorize(actor, Action.GOVERNANCE_READ)
    with db.transaction() as s:
        return agreement_rates(s, since, org_id=reviewer_scope(actor))
