"""What the demo's scenes share: a handle on the demo world (its users as actors, fresh
synthetic persons, a request drafted, approved and published as a bureau and the secretariat
would), a Red Notice's content, and a person as a FollowTheMoney line."""

from __future__ import annotations

import json
import zlib
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from xborder.accounts.service import actor_from
from xborder.config import Settings
from xborder.kernel.actor import Actor
from xborder.notices import service as notices
from xborder.notices.commands import (
    DecisionIn,
    NoticeIn,
    person_in,
)
from xborder.notices.domain import Decision
from xborder.persons.domain import Person
from xborder.store.db import Database
from xborder.store.tables import UserRow
from xborder.twin.world import generate_persons


class Demo:
    def __init__(self, db: Database, settings: Settings, seed: int) -> None:
        self.db, self.settings, self.seed = db, settings, seed
        self._actors: dict[str, Actor] = {}
        self._n = 0

    def actor(self, username: str) -> Actor:
        if username not in self._actors:
            with self.db.transaction() as s:
                user = s.scalar(select(UserRow).where(UserRow.username == username))
                assert user is not None, username
                self._actors[username] = actor_from(user)
        return self._actors[username]

    def person(self, country: str) -> Person:
        self._n += 1
        p = next(
            generate_persons(
                self.seed * 1000 + self._n, 1, owners=(country,), nationalities=(country,)
            )
        )
        return replace(p, restricted_to=None, source="bureau", external_ref=None)

    def request(
        self,
        country: str,
        content: dict[str, Any],
        person: Person | None = None,
        approve: bool = True,
    ) -> str:
        cc = country.lower()
        officer = self.actor(f"{cc}.officer")
        if person is None and content["notice_type"] in ("red", "yellow", "blue", "green", "un"):
            person = self.person(country)
        cmd = NoticeIn.model_validate(
            {**content, "person": person_in(person) if person is not None else None}
        )
        nid = notices.create_request(self.db, officer, cmd)
        if approve:
            notices.send_for_approval(self.db, officer, nid)
            notices.approve(self.db, self.actor(f"{cc}.supervisor"), self.settings, nid)
        return nid

    def publish(self, nid: str, rationale: str = "Complies with RPD arts 82-83.") -> None:
        notices.decide(
            self.db,
            self.actor("reviewer"),
            self.settings,
            nid,
            DecisionIn(decision=Decision.PUBLISH, rationale=rationale),
        )


def red(
    title: str,
    offence: str,
    law: str,
    months: int,
    place: str,
    when: str,
    facts: str,
    extradition: list[str],
    **over: Any,
) -> dict[str, Any]:
    judicial = {
        "basis": "prosecution",
        "offences": [{"description": offence, "law": law, "max_penalty_months": months}],
        # crc32, not hash(): str hashes change with every process, and the demo must not
        "warrant_reference": over.pop(
            "warrant", f"AW/{when[:4]}/{zlib.crc32(title.encode()) % 10000:04d}"
        ),
        "issuing_authority": over.pop("authority", "Investigating judge"),
        "facts_summary": facts,
        "facts_time": when,
        "facts_place": place,
        "extradition_countries": extradition,
    }
    judicial.update(over.pop("judicial", {}))
    return {
        "notice_type": "red",
        "subject_status": "wanted",
        "title": title,
        "summary": offence,
        "judicial": judicial,
        **over,
    }


def ftm_person(entity_id: str, p: Person, topics: list[str]) -> str:
    """One person as a FollowTheMoney `Person` entity line, as a list publisher writes it."""
    names = [n.full for n in p.names]
    props = {
        "name": names[:1],
        "alias": names[1:],
        "birthDate": [d.iso() for d in p.birth_dates if "/" not in d.iso()],
        "nationality": [c.lower() for c in p.nationalities],
        "gender": [{"M": "male", "F": "female"}.get(p.sex.value, "other")],
        "topics": topics,
    }
    return json.dumps(
        {"id": entity_id, "schema": "Person", "properties": props}, ensure_ascii=False
    )
