"""Who the person is, researched by the secretariat (issue #12 item 2).

The requester's own declaration stays in the request, marked `declared`. A reviewer adds
facts with their sources (`confirmed`); screening the subject against the lists the
secretariat imports (FollowTheMoney: politically exposed persons, journalists, human-rights
defenders...) turns each possible match into a `proposed` fact that counts only a little
until the reviewer confirms or rejects it. Every change re-runs the checks and is an event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xborder.audit.service import record_event
from xborder.config import Settings
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, Invalid, NotFound
from xborder.kernel.purposes import Purpose
from xborder.notices import access, checking
from xborder.notices.domain import PENDING_STATES, Profile
from xborder.screening import service as screening
from xborder.screening.sources import DEFAULT, NOTICES, notice_subject
from xborder.store.db import Database

STATUSES = ("confirmed", "proposed", "rejected")

# FollowTheMoney topics (followthemoney/types/topic.py) and the profile each suggests.
TOPIC_PROFILES: dict[str, str] = {
    "role.pep": Profile.POLITICIAN.value,
    "role.journo": Profile.JOURNALIST.value,
    "role.act": Profile.ACTIVIST.value,
    "role.lawyer": Profile.LAWYER.value,
    "role.judge": Profile.FORMER_OFFICIAL.value,
    "role.civil": Profile.FORMER_OFFICIAL.value,
    "role.diplo": Profile.FORMER_OFFICIAL.value,
    "gov.head": Profile.FORMER_OFFICIAL.value,
    "role.oligarch": Profile.BUSINESS_RIVAL.value,
    "rel": Profile.RELIGIOUS_FIGURE.value,
    "gov.religion": Profile.RELIGIOUS_FIGURE.value,
}


def profile_lists(settings: Settings) -> dict[str, str]:
    """dataset -> the profile its entries give when they carry no topic (configuration)."""
    out: dict[str, str] = {}
    for part in settings.profile_lists.split(","):
        if "=" in part:
            ds, kind = (x.strip() for x in part.split("=", 1))
            if kind in Profile._value2member_map_:
                out[ds] = kind
    return out


def _check_kind(kind: str) -> str:
    if kind not in Profile._value2member_map_:
        raise Invalid("unknown profile", field="kind", allowed=sorted(Profile._value2member_map_))
    return kind


Facts = list[dict[str, Any]]


def _save(
    db: Database, actor: Actor, notice_id: str, change: Callable[[Facts], Facts], what: str
) -> Facts:
    now = utcnow()
    with db.transaction() as s:
        row = access.get_visible(s, actor, notice_id)
        if row.state not in {st.value for st in PENDING_STATES}:
            raise Conflict("profiles are researched while a request is pending")
        inputs = dict(row.review_inputs or {})
        facts = change([dict(p) for p in inputs.get("profiles", [])])
        inputs["profiles"] = facts
        row.review_inputs = inputs
        checking.run_checks(s, row, now)
        record_event(
            s,
            actor,
            f"notice.profile_{what}",
            "notice",
            row.id,
            {"profiles": facts},
            summary={"number": row.number, "profiles": len(facts), "risk": row.risk},
        )
        return facts


def attach(
    db: Database, actor: Actor, notice_id: str, kind: str, source: str, note: str = ""
) -> list[dict[str, Any]]:
    """A fact the reviewer researched, with its source (a URL, a report, a court record)."""
    authorize(actor, Action.NOTICE_REVIEW)
    kind = _check_kind(kind)
    if not source.strip():
        raise Invalid("a researched profile needs its source", field="source")

    def add(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            *facts,
            {
                "kind": kind,
                "status": "confirmed",
                "source": source.strip()[:500],
                "note": note.strip()[:2000],
                "by": actor.user_id,
                "at": utcnow().isoformat(timespec="seconds"),
            },
        ]

    return _save(db, actor, notice_id, add, "attached")


def decide(
    db: Database, actor: Actor, notice_id: str, index: int, status: str, note: str = ""
) -> list[dict[str, Any]]:
    """Confirm or reject a fact (a proposed one, or correct an earlier decision)."""
    authorize(actor, Action.NOTICE_REVIEW)
    if status not in ("confirmed", "rejected"):
        raise Invalid("status is confirmed or rejected", field="status")

    def set_status(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not 0 <= index < len(facts):
            raise NotFound("no such profile fact")
        facts[index] = {
            **facts[index],
            "status": status,
            "note": (note.strip() or facts[index].get("note", ""))[:2000],
            "decided_by": actor.user_id,
        }
        return facts

    return _save(db, actor, notice_id, set_status, "decided")


def screen_lists(
    db: Database, settings: Settings, actor: Actor, notice_id: str
) -> list[dict[str, Any]]:
    """Screen the subject with the name matcher against every imported list that says who
    people are (entities with a FollowTheMoney topic, or a configured list); each possible
    match proposes a profile. Goes through the screening service, so the governance gate,
    the purpose, the legal basis and the access log apply as to any screening."""
    authorize(actor, Action.NOTICE_REVIEW)
    with db.transaction() as s:
        row = access.get_visible(s, actor, notice_id)
        person = checking.person_of(s, row)
    if person is None:
        raise Conflict("the request names no person to screen")
    configured = profile_lists(settings)
    datasets = [
        d["name"] for d in screening.datasets(db, actor) if d["name"] not in (DEFAULT, NOTICES)
    ]
    proposals: list[dict[str, Any]] = []
    for ds in datasets:
        result = screening.screen(
            db,
            settings,
            actor,
            {"subject": notice_subject(person.id, person)},
            purpose=Purpose.NOTICE_REVIEW,
            legal_basis="rpd-art10",
            dataset=ds,
            limit=5,
        )
        for c in result.responses.get("subject", []):
            if not c.match:
                continue
            topics = c.meta.properties.get("topics", [])
            kinds = {TOPIC_PROFILES[t] for t in topics if t in TOPIC_PROFILES}
            if not kinds and ds in configured:
                kinds = {configured[ds]}
            for kind in sorted(kinds):
                proposals.append(
                    {
                        "kind": kind,
                        "status": "proposed",
                        "source": f"list {ds}: {c.meta.caption} ({c.meta.ref}),"
                        f" name matcher score {c.score:.2f}",
                        "note": "",
                        "screening": result.id,
                        "at": utcnow().isoformat(timespec="seconds"),
                    }
                )

    def merge(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        known = {(f["kind"], f["source"]) for f in facts}
        return facts + [p for p in proposals if (p["kind"], p["source"]) not in known]

    return _save(db, actor, notice_id, merge, "screened")
