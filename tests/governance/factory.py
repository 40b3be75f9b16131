"""Governance records made through the services, as the people who own them would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete

from tests.conftest import World
from xborder.accounts import service as identity
from xborder.governance import service as gov
from xborder.governance.assessments import Kind, questions
from xborder.governance.commands import SwitchIn
from xborder.governance.evaluation import METRICS
from xborder.governance.registry import get
from xborder.governance.tables import (
    AssessmentRow,
    AuthorisationRow,
    ComponentStateRow,
    EvaluationRow,
    RegisterEntryRow,
)
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.kernel.ids import new_id
from xborder.screening.component import SCREENING_NAME
from xborder.screening.tables import ScreeningResultRow, ScreeningRow

USE_CASE = get(SCREENING_NAME).use_case_id
ALGORITHM = get(SCREENING_NAME).version


def actor(world: World, username: str) -> Actor:
    a = identity.token_actor(world.db, world.token(username))
    assert a is not None
    return a


# One group of each attribute the component declares: an evaluation must cover them all.
COVER: dict[str, float | None] = {
    "script:Latn": 0.95,
    "region:Europe": 0.9,
    "sex:F": 0.9,
    "age_band:30-44": 0.9,
}


def rows(
    version: str | None = None,
    groups: dict[str, float | None] | None = None,
    dataset: str = "fixture seed=1",
    evaluated_at: str = "2026-01-02T03:04:05+00:00",
    threshold: float = 0.7,
    complete: bool = True,
) -> list[dict[str, Any]]:
    """Evaluation rows in the benchmark's format: every metric of a group has the group's value
    (enough to see which evaluation a figure came from). `complete`: a group of every declared
    attribute is added where `groups` has none."""
    groups = (
        groups if groups is not None else {"all": 0.9, "script:Latn": 0.95, "script:Arab": 0.85}
    )
    if complete:
        have = {g.split(":", 1)[0] for g in groups}
        groups = groups | {g: v for g, v in COVER.items() if g.split(":", 1)[0] not in have}
    return [
        {
            "component_id": SCREENING_NAME,
            "version": version or get(SCREENING_NAME).version,
            "dataset": dataset,
            "metric": m,
            "group": g,
            "value": v,
            "ci_low": None if v is None else max(v - 0.05, 0.0),
            "ci_high": None if v is None else min(v + 0.05, 1.0),
            "n": 40,
            "threshold": threshold,
            "evaluated_at": evaluated_at,
        }
        for g, v in groups.items()
        for m in METRICS
    ]


def complete_answers(kind: Kind) -> dict[str, dict[str, Any]]:
    if kind == Kind.RISK:
        return {
            q.id: {"likelihood": 2, "impact": 3, "mitigation": f"mitigated ({q.id})"}
            for q in questions(kind)
        }
    if kind == Kind.READINESS:
        return {q.id: {"level": 3, "notes": ""} for q in questions(kind)}
    return {q.id: {"text": f"answer {q.id}"} for q in questions(kind)}


def signed_risk(world: World) -> gov.Assessment:
    a = gov.save_assessment(
        world.db, actor(world, "reviewer"), USE_CASE, "risk", complete_answers(Kind.RISK)
    )
    return gov.sign_off(world.db, actor(world, "admin"), a.id, "reviewed")


def clear(world: World) -> None:
    """Forget the fixture world's governance records (it is seeded like the demo: evaluated,
    assessed and switched on), for tests that start from nothing."""
    with world.db.transaction() as s:
        for table in (
            ComponentStateRow,
            EvaluationRow,
            AssessmentRow,
            AuthorisationRow,
            RegisterEntryRow,
        ):
            s.execute(delete(table))


def make_runnable(world: World) -> None:
    """Evaluated at the registered version, risk assessed and signed off, switched on."""
    clear(world)
    gov.import_evaluation(world.db, None, rows())
    signed_risk(world)
    gov.set_enabled(
        world.db, actor(world, "admin"), SCREENING_NAME, SwitchIn(on=True, reason="test")
    )


def screening_with(world: World, who: Actor, matches: list[bool]) -> list[str]:
    """A screening by `who` with one result per entry of `matches` (above threshold or not)."""
    sid = new_id()
    at = utcnow() - timedelta(minutes=5)
    ids = [new_id() for _ in matches]
    with world.db.transaction() as s:
        s.add(
            ScreeningRow(
                id=sid,
                at=at,
                ended_at=at + timedelta(seconds=1),
                reference_db="default: fixture state",
                user_id=who.user_id,
                org_id=who.org_id,
                via="session",
                purpose="investigation",
                legal_basis="rpd-art10",
                dataset="default",
                queries=1,
                query_digest="0" * 64,
                algorithm=ALGORITHM,
                threshold="0.700",
                results=len(matches),
            )
        )
        s.flush()
        for rid, m in zip(ids, matches, strict=True):
            s.add(
                ScreeningResultRow(
                    id=rid,
                    screening_id=sid,
                    query_key="q",
                    entry_id=f"e-{rid}",
                    dataset="default",
                    score="0.9" if m else "0.6",
                    is_match=m,
                    features=[],
                    reason="",
                )
            )
    return ids
