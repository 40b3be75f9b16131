"""Demo governance data: a small real evaluation of name screening (so the register shows
computed figures per group), its use case's three assessments written by the reviewer and
signed off by the secretariat admin (four eyes), and the component switched on."""

from __future__ import annotations

from sqlalchemy import select

from xborder.accounts.service import actor_from
from xborder.config import Settings
from xborder.governance import assessments as asm
from xborder.governance import service as gov
from xborder.governance.commands import EvaluationRunIn, SwitchIn
from xborder.governance.registry import get
from xborder.kernel.actor import Actor
from xborder.screening.component import SCREENING_NAME
from xborder.store.db import Database
from xborder.store.tables import UserRow

# Large enough that namesakes occur as they do in a real index (a 3,000-record index flatters
# every matcher: few people share a name), small enough to load in seconds on two cores. The
# benchmark (bench/screening) measures at 50,000 with 300 queries per script.
DEMO_INDEX = 20_000
DEMO_PER_GROUP = 40
DEMO_BOOTSTRAP = 200

# (likelihood, impact, mitigation) per risk question.
RISKS: dict[str, tuple[int, int, str]] = {
    "law-1": (2, 4, "Purpose and legal basis chosen from a list on every search; audited."),
    "law-2": (2, 3, "Screening is offered only in the processes listed in the FRIA."),
    "law-3": (2, 4, "Batches are limited and logged; the commission reviews complaints."),
    "harm-1": (
        3,
        4,
        "A possible match is never an action: an officer confirms it and the "
        "owning bureau verifies before acting.",
    ),
    "harm-2": (2, 3, "Property tests of the normalisers; evaluation per script."),
    "harm-3": (3, 4, "Recall per group is published and must not fall between versions."),
    "harm-4": (3, 2, "Threshold set with the review load measured in the benchmark."),
    "aut-1": (1, 5, "The interface requires a decision; hits are reported only once confirmed."),
    "aut-2": (3, 4, "Agreement rates per reviewer are shown to supervisors."),
    "aut-3": (2, 4, "Queries are kept only as a keyed HMAC; every read is access-logged."),
    "aut-4": (1, 3, "Each possible match shows the score of every feature."),
    "fair-1": (3, 4, "Error rates per script, region, sex and age band with intervals."),
    "fair-2": (3, 3, "Transliteration systems of every script are in the labelled set."),
    "fair-3": (2, 5, "Protected-status register checked before notices are published."),
    "fair-4": (2, 4, "The responsible-AI page explains how to apply to the commission."),
    "gov-1": (1, 4, "The register names the owner; sign-off by a second person."),
    "gov-2": (1, 4, "Every use and decision is an event in the verifiable ledger."),
}
READINESS = {
    "rd-law-1": 3,
    "rd-harm-1": 3,
    "rd-aut-1": 2,
    "rd-aut-2": 4,
    "rd-fair-1": 3,
    "rd-gov-1": 3,
}
FRIA = {
    "a": "Border and identity checks and investigations by member bureaus; compliance review "
    "by the secretariat.",
    "b": "Continuous, on demand; each search is logged with its purpose.",
    "c": "Travellers and persons checked by police, including foreign nationals and refugees; "
    "persons named in notices and lists.",
    "d": "Wrongful stop or detention after a false match; discrimination through unequal error "
    "rates across alphabets and regions; exposure of personal data.",
    "e": "An officer confirms or rejects each result with reasons; supervisors watch agreement "
    "rates; the secretariat can stop the component at once.",
    "f": "Stop the component; notify affected bureaus; the commission handles complaints; "
    "re-evaluate and reassess before switching on again.",
}


def _actor(db: Database, username: str) -> Actor | None:
    with db.transaction() as s:
        user = s.scalar(select(UserRow).where(UserRow.username == username))
        return actor_from(user) if user is not None else None


def _answers(kind: asm.Kind) -> dict[str, dict[str, object]]:
    if kind == asm.Kind.RISK:
        return {
            q: {"likelihood": lk, "impact": im, "mitigation": m} for q, (lk, im, m) in RISKS.items()
        }
    if kind == asm.Kind.READINESS:
        return {q: {"level": v, "notes": ""} for q, v in READINESS.items()}
    return {q: {"text": t} for q, t in FRIA.items()}


def seed_governance(
    db: Database,
    settings: Settings,
    seed: int = 7,
    *,
    n_index: int = DEMO_INDEX,
    per_group: int = DEMO_PER_GROUP,
    bootstrap: int = DEMO_BOOTSTRAP,
) -> int:
    """Seed the demo world; returns how many records it wrote."""
    written = 0
    gov.run_evaluation(
        db,
        None,
        EvaluationRunIn(
            component_id=SCREENING_NAME,
            seed=seed,
            index=n_index,
            per_group=per_group,
            bootstrap=bootstrap,
        ),
    )
    written += 1
    author, signer = _actor(db, "reviewer"), _actor(db, "admin")
    if author is None or signer is None:  # a world without the demo users: evaluation only
        return written
    use_case_id = get(SCREENING_NAME).use_case_id
    for kind in asm.Kind:
        a = gov.save_assessment(db, author, use_case_id, kind.value, _answers(kind))
        gov.sign_off(db, signer, a.id, "Demo: reviewed against the evaluation of this version.")
        written += 1
    gov.set_enabled(
        db, signer, SCREENING_NAME, SwitchIn(on=True, reason="Evaluated and assessed (demo).")
    )
    return written + 1
