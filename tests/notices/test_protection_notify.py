"""Refugee protection fed by states: a member bureau notifies a protected status to the
secretariat as a signed protection/notify document over the exchange; the hub writes the
register in the acceptance's transaction; the checks match requests against it with the
screening matcher (any script, any spelling); the protecting state is never disclosed to the
requesting bureau."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from joserfc.jwk import OKPKey
from sqlalchemy import func, select, text

from tests.conftest import World
from tests.notices.factory import actor, person_json, red_content, submit
from xborder.audit.tables import AccessLogRow, EventRow
from xborder.exchange import envelope as env
from xborder.exchange import hub, key_service
from xborder.exchange.client import Client
from xborder.exchange.hosted import SECRETARIAT
from xborder.exchange.tables import MessageRecipientRow, MessageRow
from xborder.kernel.purposes import Purpose
from xborder.ledger import keys
from xborder.notices import context
from xborder.notices import service as notices
from xborder.notices.tables import ProtectedStatusRow
from xborder.persons import codec
from xborder.platform.app import create_app

GRANTING = "NL"  # the protecting state: named nowhere else in these requests
GRANTING_WORDS = ('"NL"', "Netherlands", "Dutch", "NLD")


def bureau_key(world: World, country: str = GRANTING) -> dict[str, Any]:
    """A private JWK the bureau holds; only its public half is registered with the hub."""
    k = OKPKey.generate_key("Ed25519")
    reg = key_service.register_key(
        world.db, actor(world, f"{country.lower()}.supervisor"), k.as_dict(private=False)
    )
    return {**k.as_dict(private=True), "kid": reg.kid}


def protection_doc(
    reference: str = "NL-IND-2024-0001",
    status: str = "granted",
    names: list[dict[str, str]] | None = None,
    born: list[str] | None = None,
    **over: Any,
) -> dict[str, Any]:
    return {
        "reference": reference,
        "status": status,
        "protection_type": "refugee",
        "fled_country": "RU",
        "person": {
            "names": names or [{"full": "Алексей Смирнов", "script": "Cyrl", "lang": "ru"}],
            "sex": "M",
            "birth_dates": born if born is not None else ["1982-04-11"],
            "nationalities": ["RU"],
        },
        "granted_on": "2024-03-01",
        **over,
    }


def notify(
    world: World, key: dict[str, Any], document: dict[str, Any], **sign_kw: Any
) -> hub.Outcome:
    args: dict[str, Any] = {
        "sender": GRANTING,
        "recipients": [SECRETARIAT],
        "service": "protection",
        "action": "notify",
        "document": document,
    }
    args.update(sign_kw)
    who = actor(world, f"{str(args['sender']).lower()}.officer")
    return hub.submit(world.db, who, keys.signer(world.settings), env.sign(key, **args))


def register(world: World) -> list[ProtectedStatusRow]:
    with world.db.transaction() as s:
        rows = list(
            s.scalars(select(ProtectedStatusRow).where(ProtectedStatusRow.source == "exchange"))
        )
        s.expunge_all()
        return rows


def ru_request(world: World, name: str, born: str, script: str = "Latn", **over: Any) -> str:
    given, _, family = name.partition(" ")
    person = person_json(name, born, **{"nationalities": ["RU"], **over})
    person["names"] = [{"full": name, "given": given, "family": family, "script": script}]
    content = red_content(judicial={"extradition_countries": ["FR"]})
    return submit(world, "ru", content, person)


def refugee_findings(world: World, nid: str) -> list[dict[str, Any]]:
    v = notices.get_notice(world.db, actor(world, "reviewer"), nid, Purpose.NOTICE_REVIEW)
    return [f for f in v.findings if f["rule_id"] == "refugee_policy"]


def test_a_signed_notice_registers_the_status_with_the_sender_as_granting_state(
    world: World,
) -> None:
    out = notify(world, bureau_key(world), protection_doc())
    assert out.accepted, out.detail
    [row] = register(world)
    assert (row.granting_country, row.reference, row.state) == (
        GRANTING,
        "NL-IND-2024-0001",
        "granted",
    )
    assert (row.protection_type, row.fled_country, row.msg_id) == ("refugee", "RU", out.msg_id)
    assert row.name_forms[0]["full"] == "Алексей Смирнов" and row.birth_dates == ["1982-04-11"]
    chain = hub.evidence_chain(world.db, actor(world, "nl.officer"), str(out.msg_id))
    assert [(e["kind"], e["recipient"]) for e in chain] == [
        ("SubmissionAcceptance", None),
        ("Delivery", SECRETARIAT),
    ]
    with world.db.transaction() as s:
        # no bureau ever receives it
        assert (
            s.scalar(
                select(func.count())
                .select_from(MessageRecipientRow)
                .where(MessageRecipientRow.msg_id == out.msg_id)
            )
            == 0
        )
        event = s.scalars(
            select(EventRow).where(EventRow.action == "protected_status.notified")
        ).one()
        assert event.subject_id == row.id
        told = json.dumps(event.summary, ensure_ascii=False)
        assert "Смирнов" not in told and "Smirnov" not in told and GRANTING not in told
    for inbox_of in ("ru.officer", "fr.officer", "nl.officer"):
        assert hub.inbox(world.db, actor(world, inbox_of)) == []


def test_the_same_reference_revokes_and_the_next_request_is_no_longer_flagged(
    world: World,
) -> None:
    key = bureau_key(world)
    assert notify(world, key, protection_doc()).accepted
    first = ru_request(world, "Aleksey Smirnov", "1982-04-11")
    assert [f["severity"] for f in refugee_findings(world, first)] == ["blocking"]
    revoked = notify(world, key, protection_doc(status="revoked"))
    assert revoked.accepted, revoked.detail
    [row] = register(world)  # updated in place, never deleted
    assert row.state == "revoked" and row.msg_id == revoked.msg_id and row.updated_at
    second = ru_request(world, "Aleksey Smirnov", "1982-04-11")
    assert refugee_findings(world, second) == []
    with world.db.transaction() as s:
        history = list(
            s.scalars(
                select(EventRow.action)
                .where(EventRow.subject_type == "protected_status", EventRow.subject_id == row.id)
                .order_by(EventRow.id)
            )
        )
    assert history == ["protected_status.notified", "protected_status.revoked"]


def _unsigned(envelope: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in envelope.items() if k != "signature"}


def test_forged_unsigned_or_invalid_notices_change_nothing(world: World) -> None:
    key = bureau_key(world)
    forged_key = {**OKPKey.generate_key("Ed25519").as_dict(private=True), "kid": key["kid"]}
    good = protection_doc()
    signer = keys.signer(world.settings)
    nl = actor(world, "nl.officer")
    cases: list[tuple[dict[str, Any], Any, env.Reason]] = [
        (
            env.sign(
                forged_key,
                sender=GRANTING,
                recipients=[SECRETARIAT],
                service="protection",
                action="notify",
                document=good,
            ),
            nl,
            env.Reason.BAD_SIGNATURE,
        ),
        (
            _unsigned(
                env.sign(
                    key,
                    sender=GRANTING,
                    recipients=[SECRETARIAT],
                    service="protection",
                    action="notify",
                    document=good,
                )
            ),
            nl,
            env.Reason.MALFORMED,
        ),
    ]
    for bad_doc in (
        protection_doc(status="maybe"),
        protection_doc(fled_country="XX"),
        protection_doc(born=["1982-13-45"]),
        {**good, "granting_country": "FR"},  # the document never says who granted
        {k: v for k, v in good.items() if k != "person"},
        protection_doc(fled_country=GRANTING),  # nobody flees the state protecting them
        protection_doc(reference="NL-UNKNOWN", status="revoked"),
    ):
        cases.append(
            (
                env.sign(
                    key,
                    sender=GRANTING,
                    recipients=[SECRETARIAT],
                    service="protection",
                    action="notify",
                    document=bad_doc,
                ),
                nl,
                env.Reason.SCHEMA,
            )
        )
    # to a bureau: the protected person and the protecting state would leak to it
    cases.append(
        (
            env.sign(
                key,
                sender=GRANTING,
                recipients=["RU"],
                service="protection",
                action="notify",
                document=good,
            ),
            nl,
            env.Reason.UNKNOWN_RECIPIENT,
        )
    )
    # another bureau's token cannot submit the protecting state's notice
    cases.append(
        (
            env.sign(
                key,
                sender=GRANTING,
                recipients=[SECRETARIAT],
                service="protection",
                action="notify",
                document=good,
            ),
            actor(world, "ru.officer"),
            env.Reason.SENDER_MISMATCH,
        )
    )
    for envelope, who, reason in cases:
        out = hub.submit(world.db, who, signer, envelope)
        assert not out.accepted and out.reason == reason, (reason, out.detail)
        assert out.evidence.count(".") == 2  # a signed SubmissionRejection
    assert register(world) == []
    with world.db.transaction() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(MessageRow)
                .where(MessageRow.service == "protection")
            )
            == 0
        )
    # a Red Notice for the person is therefore not flagged
    nid = ru_request(world, "Aleksey Smirnov", "1982-04-11")
    assert refugee_findings(world, nid) == []


def test_a_cyrillic_registration_blocks_a_latin_request_and_vice_versa(world: World) -> None:
    key = bureau_key(world)
    assert notify(world, key, protection_doc()).accepted
    assert notify(
        world,
        key,
        protection_doc(
            "NL-IND-2024-0002",
            names=[{"full": "Dmitriy Volkov", "given": "Dmitriy", "family": "Volkov"}],
            born=["1979"],
        ),
    ).accepted
    latin = ru_request(world, "Alexei Smirnov", "1982-04-11")
    [finding] = refugee_findings(world, latin)
    assert finding["severity"] == "blocking"
    assert finding["evidence"]["granting_country"] == GRANTING
    assert finding["evidence"]["match"].startswith("name and date of birth (score ")
    assert GRANTING not in finding["message"] and "Netherlands" not in finding["message"]
    cyrillic = ru_request(world, "Дмитрий Волков", "1979-08-02", script="Cyrl")
    assert [f["severity"] for f in refugee_findings(world, cyrillic)] == ["blocking"]


def test_a_naturalised_refugee_still_gets_the_blocking_finding(world: World) -> None:
    doc = protection_doc(naturalised=True, naturalised_on="2023-06-01")
    doc["person"]["nationalities"] = [GRANTING]
    assert notify(world, bureau_key(world), doc).accepted
    nid = ru_request(world, "Aleksey Smirnov", "1982-04-11", nationalities=[GRANTING])
    assert [f["severity"] for f in refugee_findings(world, nid)] == ["blocking"]
    person = codec.from_json(person_json("Aleksei Smirnov", "1982-04-11", nationalities=[GRANTING]))
    with world.db.transaction() as s:
        [match] = context.protected_matches(s, person)
    assert match.naturalised and match.state == "granted" and match.confirmed
    assert match.score is not None and match.score >= 0.7


def test_a_pending_claim_needs_review(world: World) -> None:
    assert notify(world, bureau_key(world), protection_doc(status="pending")).accepted
    nid = ru_request(world, "Aleksey Smirnov", "1982-04-11")
    assert [f["severity"] for f in refugee_findings(world, nid)] == ["needs_review"]
    person = codec.from_json(person_json("Aleksey Smirnov", "1982-04-11"))
    with world.db.transaction() as s:
        [match] = context.protected_matches(s, person)
    assert match.state == "pending" and not match.confirmed


def test_a_request_from_a_third_country_gets_info(world: World) -> None:
    doc = protection_doc(fled_country="BY")
    assert notify(world, bureau_key(world), doc).accepted
    nid = ru_request(world, "Aleksey Smirnov", "1982-04-11")
    assert [f["severity"] for f in refugee_findings(world, nid)] == ["info"]


def test_a_namesake_with_an_incompatible_date_of_birth_is_not_matched(world: World) -> None:
    assert notify(world, bureau_key(world), protection_doc()).accepted
    nid = ru_request(world, "Aleksei Smirnov", "1995-01-20")
    assert refugee_findings(world, nid) == []
    other = ru_request(world, "Aleksandr Smirnitsky", "1982-04-11")
    assert refugee_findings(world, other) == []


def test_the_requesting_bureau_never_learns_who_granted_protection(sqlite_world: World) -> None:
    world = sqlite_world
    assert notify(world, bureau_key(world), protection_doc()).accepted
    nid = ru_request(world, "Aleksey Smirnov", "1982-04-11")
    assert [f["severity"] for f in refugee_findings(world, nid)] == ["blocking"]
    http = TestClient(create_app(world.settings, world.db))
    for who in ("ru.officer", "ru.supervisor"):
        res = http.get(f"/api/v1/notices/{nid}", headers=world.headers(who))
        assert res.status_code == 200, res.text
        body = res.text
        for word in GRANTING_WORDS:
            assert word not in body, (who, word)
        assert all(f["rule_id"] != "refugee_policy" for f in res.json()["findings"])
        listed = http.get("/api/v1/notices", headers=world.headers(who))
        assert listed.status_code == 200
        assert all(word not in listed.text for word in GRANTING_WORDS)
        # nor the register, nor the states' own read-back
        assert (
            http.get(
                "/api/v1/protected-status?purpose=notice_review", headers=world.headers(who)
            ).status_code
            == 403
        )
        mine = http.get("/api/v1/protected-status/mine", headers=world.headers(who))
        assert mine.status_code == 200 and mine.json()["entries"] == []
    seen = notices.get_notice(world.db, actor(world, "ru.officer"), nid, Purpose.INVESTIGATION)
    told = repr((seen.findings, seen.decisions, seen.notes, seen.flags))
    assert all(word not in told for word in GRANTING_WORDS)


def test_the_register_is_the_secretariats_and_every_read_is_logged(sqlite_world: World) -> None:
    world = sqlite_world
    assert notify(world, bureau_key(world), protection_doc()).accepted
    http = TestClient(create_app(world.settings, world.db))
    res = http.get("/api/v1/protected-status", headers=world.headers("fr.officer"))
    assert res.status_code == 403
    # the secretariat's manual route still works: its entries are source=secretariat
    typed = http.post(
        "/api/v1/protected-status",
        headers=world.headers("reviewer"),
        json={
            "fled_country": "BY",
            "granting_country": "FR",
            "names": ["Ольга Ковалёва"],
            "birth_date": "1990",
            "confirmed": False,
        },
    )
    assert typed.status_code == 201, typed.text
    no_purpose = http.get(
        "/api/v1/protected-status", headers={"Authorization": f"Bearer {world.token('reviewer')}"}
    )
    assert no_purpose.status_code == 422
    res = http.get("/api/v1/protected-status", headers=world.headers("reviewer", "notice_review"))
    assert res.status_code == 200, res.text
    entries = {e["id"]: e for e in res.json()["entries"]}
    mine = entries[typed.json()["id"]]
    assert (mine["source"], mine["state"], mine["protection_type"]) == (
        "secretariat",
        "pending",
        "refugee",
    )
    [notified] = [e for e in entries.values() if e["source"] == "exchange"]
    assert notified["granting_country"] == GRANTING and notified["reference"]
    with world.db.transaction() as s:
        logged = list(
            s.scalars(select(AccessLogRow).where(AccessLogRow.action == "protected_status.list"))
        )
        assert {r.subject_id for r in logged} == set(entries)
        assert {r.purpose for r in logged} == {"notice_review"}
    back = http.get(
        "/api/v1/protected-status/mine?purpose=data_quality", headers=world.headers("nl.officer")
    )
    assert back.status_code == 200
    assert [e["reference"] for e in back.json()["entries"]] == ["NL-IND-2024-0001"]


def test_the_reference_client_sends_a_protection_notice_unchanged(
    sqlite_world: World, tmp_path: Path
) -> None:
    world = sqlite_world
    key_file = tmp_path / "nl-key.json"
    key_file.write_text(json.dumps(bureau_key(world)))
    c = Client("http://hub", world.token("nl.officer"))
    c.http = TestClient(
        create_app(world.settings, world.db),
        headers={"Authorization": f"Bearer {world.token('nl.officer')}"},
    )
    got = c.send(key_file, GRANTING, [SECRETARIAT], "protection", "notify", protection_doc())
    assert got["claims"]["evidence"] == "SubmissionAcceptance"
    assert [r.reference for r in register(world)] == ["NL-IND-2024-0001"]
    assert "protection/notify" in c.http.get("/api/v1/exchange/schemas").json()


def test_revision_0011_keeps_the_secretariats_entries(tmp_path: Path) -> None:
    from xborder.store.db import Database
    from xborder.store.migrate import downgrade, upgrade

    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url, "0010")
    db = Database(url)
    with db.transaction() as s:
        for rid, status, confirmed in (("a", "asylum", True), ("b", "subsidiary", False)):
            s.execute(
                text(
                    "INSERT INTO protected_status (id, names, birth_date, status, confirmed,"
                    " fled_country, granting_country, granted_on, grounds_unrelated,"
                    " recorded_by, recorded_at) VALUES (:id, :names, '1975', :status,"
                    " :confirmed, 'RU', 'DE', '', 0, 'u', '2026-01-01 00:00:00')"
                ),
                {
                    "id": rid,
                    "names": json.dumps(["ivan petrov"]),
                    "status": status,
                    "confirmed": confirmed,
                },
            )
    db.dispose()
    upgrade(url)
    db = Database(url)
    with db.transaction() as s:
        rows = {r.id: r for r in s.scalars(select(ProtectedStatusRow))}
        got = {
            rid: (r.protection_type, r.state, r.source, r.birth_dates, r.name_forms)
            for rid, r in rows.items()
        }
        person = codec.from_json(person_json("Ivan Petrov", "1975-02-03"))
        matches = context.protected_matches(s, person)
    db.dispose()
    assert got == {
        "a": ("asylum", "granted", "secretariat", ["1975"], [{"full": "ivan petrov"}]),
        "b": ("subsidiary", "pending", "secretariat", ["1975"], [{"full": "ivan petrov"}]),
    }
    assert sorted(m.state for m in matches) == ["granted", "pending"]
    downgrade(url, "0010")
    upgrade(url)


@pytest.mark.parametrize("status", ["granted", "revoked"])
def test_a_resend_of_the_same_envelope_changes_the_register_once(world: World, status: str) -> None:
    key = bureau_key(world)
    assert notify(world, key, protection_doc()).accepted
    again = env.sign(
        key,
        sender=GRANTING,
        recipients=[SECRETARIAT],
        service="protection",
        action="notify",
        document=protection_doc(status=status),
        msg_id="nl-2",
    )
    signer, nl = keys.signer(world.settings), actor(world, "nl.officer")
    a, b = hub.submit(world.db, nl, signer, again), hub.submit(world.db, nl, signer, again)
    assert a.accepted and b.accepted and a.evidence == b.evidence
    [row] = register(world)
    assert row.state == status
    with world.db.transaction() as s:
        n = s.scalar(
            select(func.count())
            .select_from(EventRow)
            .where(EventRow.subject_type == "protected_status", EventRow.subject_id == row.id)
        )
    assert n == 2
