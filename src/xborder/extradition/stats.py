"""Statistics of extradition and MLA cases for the transparency report: counts by legal basis,
outcome and ground of refusal, and how long a decision takes. Aggregates only: no case number,
no country pair below the basis, nothing about a person."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from xborder.extradition.domain import CaseKind
from xborder.extradition.tables import JudicialCaseRow
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc
from xborder.store.db import Database


@dataclass(frozen=True)
class Stats:
    extradition_cases: int
    by_legal_basis: dict[str, int]
    by_state: dict[str, int]
    by_outcome: dict[str, int]  # granted | partially_granted | refused | pending
    by_ground: dict[str, int]  # grounds relied on in refusals (full or partial)
    decided: int
    median_days_to_decision: float | None  # from the (provisional) arrest, else the request
    provisional_arrests: int
    consents: int
    mla_cases: int
    mla_by_kind: dict[str, int]
    mla_by_state: dict[str, int]


def days_between(start: datetime, end: datetime) -> float:
    return (as_utc(end) - as_utc(start)).total_seconds() / 86400


def compute(rows: list[JudicialCaseRow]) -> Stats:
    """Pure over the rows, so the transparency report and the API agree."""
    ext = [r for r in rows if r.kind == CaseKind.EXTRADITION.value]
    mla = [r for r in rows if r.kind == CaseKind.MLA.value]
    grounds: Counter[str] = Counter()
    durations: list[float] = []
    for r in ext:
        decision = (r.data or {}).get("decision") or {}
        for g in decision.get("grounds", []):
            grounds[str(g.get("ground"))] += 1
        if r.decided_at is not None:
            durations.append(days_between(r.arrested_at or r.requested_at, r.decided_at))
    return Stats(
        extradition_cases=len(ext),
        by_legal_basis=dict(sorted(Counter(r.legal_basis for r in ext).items())),
        by_state=dict(sorted(Counter(r.state for r in ext).items())),
        by_outcome=dict(sorted(Counter(r.outcome or "pending" for r in ext).items())),
        by_ground=dict(sorted(grounds.items())),
        decided=len(durations),
        median_days_to_decision=round(statistics.median(durations), 1) if durations else None,
        provisional_arrests=sum(1 for r in ext if r.urgent),
        consents=sum(1 for r in ext if r.consent_at is not None),
        mla_cases=len(mla),
        mla_by_kind=dict(sorted(Counter(r.mla_kind or "" for r in mla).items())),
        mla_by_state=dict(sorted(Counter(r.state for r in mla).items())),
    )


def report(db: Database) -> Stats:
    """For the public transparency report (no actor: aggregates only)."""
    with db.transaction() as s:
        return compute(list(s.scalars(select(JudicialCaseRow))))


def statistics_for(db: Database, actor: Actor) -> Stats:
    authorize(actor, Action.EXTRADITION_READ)
    return report(db)


def as_json(st: Stats) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(st)
