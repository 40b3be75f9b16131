"""The hub: accept signed envelopes, refuse everything else with a signed rejection evidence
and nothing stored, deliver to mailboxes, and keep the evidence chain."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from joserfc import jws
from joserfc.jwk import OKPKey
from joserfc.util import urlsafe_b64decode
from sqlalchemy import func, select

from tests.conftest import World
from xborder.accounts import service as identity
from xborder.exchange import envelope as env
from xborder.exchange import hub, key_service
from xborder.exchange.tables import MessageRow
from xborder.kernel.actor import Actor
from xborder.kernel.purposes import Purpose
from xborder.ledger import keys
from xborder.platform.app import create_app

READ = Purpose.INVESTIGATION
DOC = {"reference": "FR-2026-001", "subject": "Request for information", "body": "Details."}


def actor(world: World, username: str) -> Actor:
    a = identity.token_actor(world.db, world.token(username))
    assert a is not None
    return a


def bureau_key(world: World, country: str) -> dict[str, Any]:
    """A private JWK held by the bureau; only its public half is registered with the hub."""
    k = OKPKey.generate_key("Ed25519")
    reg = key_service.register_key(
        world.db, actor(world, f"{country.lower()}.supervisor"), k.as_dict(private=False)
    )
    return {**k.as_dict(private=True), "kid": reg.kid}


def sign(key: dict[str, Any], **kw: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "sender": "FR",
        "recipients": ["DE"],
        "service": "message",
        "action": "send",
        "document": DOC,
    }
    args.update(kw)
    return env.sign(key, **args)


def messages(world: World) -> int:
    with world.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(MessageRow)) or 0


def evidence_claims(world: World, token: str) -> dict[str, Any]:
    public = OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "x": jws_x(world)})
    return dict(
        __import__("json").loads(
            jws.deserialize_compact(token, public, algorithms=["Ed25519"]).payload
        )
    )


def jws_x(world: World) -> str:

    return str(keys.signer(world.settings).public_jwk()["x"])


def test_message_travels_from_sender_to_recipient_with_its_evidence_chain(world: World) -> None:
    signer = keys.signer(world.settings)
    fr_key = bureau_key(world, "FR")
    out = hub.submit(world.db, actor(world, "fr.officer"), signer, sign(fr_key))
    assert out.accepted and out.msg_id
    assert evidence_claims(world, out.evidence)["evidence"] == "SubmissionAcceptance"
    de = actor(world, "de.officer")
    assert [m["msg_id"] for m in hub.inbox(world.db, de)] == [out.msg_id]
    fetched = hub.fetch(world.db, de, signer, out.msg_id, READ)
    assert (
        env.verify(
            fetched["envelope"], lambda c: key_service.keys_of_db(world.db, c), datetime.now(UTC)
        ).document
        == DOC
    )
    hub.acknowledge(world.db, de, out.msg_id)
    assert hub.inbox(world.db, de) == []
    chain = [
        e["kind"] for e in hub.evidence_chain(world.db, actor(world, "fr.officer"), out.msg_id)
    ]
    assert chain == ["SubmissionAcceptance", "Delivery", "Retrieval"]
    assert hub.outbox(world.db, actor(world, "fr.officer"))[0]["to"] == {"DE": "acknowledged"}
    with pytest.raises(Exception, match="no such message"):
        hub.fetch(world.db, actor(world, "it.officer"), signer, out.msg_id, READ)


def test_resend_returns_the_first_answer_and_a_changed_resend_is_a_replay(world: World) -> None:
    signer = keys.signer(world.settings)
    fr = actor(world, "fr.officer")
    fr_key = bureau_key(world, "FR")
    first = sign(fr_key, msg_id="m-1")
    a = hub.submit(world.db, fr, signer, first)
    b = hub.submit(world.db, fr, signer, first)
    assert a.accepted and b.accepted and a.evidence == b.evidence
    replay = hub.submit(
        world.db, fr, signer, sign(fr_key, msg_id="m-1", document={**DOC, "body": "changed"})
    )
    assert not replay.accepted and replay.reason == env.Reason.REPLAY
    assert messages(world) == 1


def _rejections(world: World) -> list[tuple[str, dict[str, Any], env.Reason]]:
    fr_key = bureau_key(world, "FR")
    other = {**OKPKey.generate_key("Ed25519").as_dict(private=True), "kid": fr_key["kid"]}
    revoked = bureau_key(world, "FR")
    key_service.revoke_key(world.db, actor(world, "fr.supervisor"), revoked["kid"], "lost")
    tampered = sign(fr_key)
    tampered["payload"] = sign(fr_key, document={**DOC, "body": "other"})["payload"]
    return [
        ("forged signature", sign(other), env.Reason.BAD_SIGNATURE),
        ("unknown kid", sign({**fr_key, "kid": "fr-unknown"}), env.Reason.UNKNOWN_KEY),
        ("revoked kid", sign(revoked), env.Reason.REVOKED_KEY),
        ("tampered payload", tampered, env.Reason.BAD_SIGNATURE),
        (
            "expired",
            sign(fr_key, created=datetime.now(UTC) - timedelta(hours=2)),
            env.Reason.EXPIRED,
        ),
        ("schema", sign(fr_key, document={"subject": "no reference"}), env.Reason.SCHEMA),
        ("unknown service", sign(fr_key, service="gossip"), env.Reason.SCHEMA),
        ("other country's key", sign(fr_key, sender="DE"), env.Reason.SENDER_MISMATCH),
        ("no such recipient", sign(fr_key, recipients=["TW"]), env.Reason.UNKNOWN_RECIPIENT),
        ("not a JWS", {"hello": "world"}, env.Reason.MALFORMED),
        (
            "oversize",
            sign(fr_key, document={**DOC, "body": "x" * 90_000})
            | {"pad": "y" * (hub.MAX_ENVELOPE_BYTES)},
            env.Reason.TOO_LARGE,
        ),
    ]


def test_every_bad_envelope_gets_a_rejection_evidence_and_nothing_is_stored(world: World) -> None:
    signer = keys.signer(world.settings)
    fr = actor(world, "fr.officer")
    for name, envelope, reason in _rejections(world):
        out = hub.submit(world.db, fr, signer, envelope)
        assert (out.accepted, out.reason) == (False, reason), name
        claims = evidence_claims(world, out.evidence)
        assert claims["evidence"] == "SubmissionRejection" and claims["reason"] == reason.value
    assert messages(world) == 0


def test_a_bureau_cannot_submit_with_another_bureaus_token(world: World) -> None:
    out = hub.submit(
        world.db,
        actor(world, "de.officer"),
        keys.signer(world.settings),
        sign(bureau_key(world, "FR")),
    )
    assert out.reason == env.Reason.SENDER_MISMATCH and messages(world) == 0


def test_exchange_over_http(sqlite_world: World) -> None:
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    fr_key = bureau_key(sqlite_world, "FR")
    h = {"Authorization": f"Bearer {sqlite_world.token('fr.officer')}"}
    ok = c.post("/api/v1/exchange/messages", json=sign(fr_key), headers=h)
    assert ok.status_code == 202, ok.text
    msg_id = ok.json()["msg_id"]
    bad = c.post("/api/v1/exchange/messages", json=sign({**fr_key, "kid": "fr-nope"}), headers=h)
    assert bad.status_code == 422 and bad.json()["reason"] == "unknown_key"
    assert bad.json()["evidence"].count(".") == 2
    huge = c.post(
        "/api/v1/exchange/messages",
        content=b"{" + b" " * (2 << 20) + b"}",
        headers={**h, "content-type": "application/json"},
    )
    assert huge.status_code == 413
    de = {"Authorization": f"Bearer {sqlite_world.token('de.officer')}"}
    assert [m["msg_id"] for m in c.get("/api/v1/exchange/inbox", headers=de).json()] == [msg_id]
    assert c.get(f"/api/v1/exchange/messages/{msg_id}", headers=de).status_code == 422
    assert (
        c.get(f"/api/v1/exchange/messages/{msg_id}?purpose=investigation", headers=de).status_code
        == 200
    )
    assert c.post(f"/api/v1/exchange/messages/{msg_id}/ack", headers=de).status_code == 204
    chain = c.get(f"/api/v1/exchange/messages/{msg_id}/evidence", headers=h).json()
    assert [e["kind"] for e in chain] == ["SubmissionAcceptance", "Delivery", "Retrieval"]
    it = {"Authorization": f"Bearer {sqlite_world.token('it.officer')}"}
    assert (
        c.get(f"/api/v1/exchange/messages/{msg_id}?purpose=investigation", headers=it).status_code
        == 404
    )
    assert "message/send" in c.get("/api/v1/exchange/schemas").json()


def test_unread_message_earns_one_non_retrieval_evidence_after_the_timeout(world: World) -> None:
    signer = keys.signer(world.settings)
    out = hub.submit(
        world.db,
        actor(world, "fr.officer"),
        signer,
        sign(bureau_key(world, "FR"), recipients=["DE", "IT"]),
    )
    assert out.msg_id
    day = timedelta(hours=24)
    assert hub.apply_timeouts(world.db, signer, day) == 0  # not yet
    later = datetime.now(UTC) + timedelta(hours=25)
    hub.fetch(world.db, actor(world, "it.officer"), signer, out.msg_id, READ)  # Italy reads it
    assert hub.apply_timeouts(world.db, signer, day, now=later) == 1  # Germany did not
    assert hub.apply_timeouts(world.db, signer, day, now=later) == 0  # only once
    hub.fetch(world.db, actor(world, "de.officer"), signer, out.msg_id, READ)
    chain = [
        (e["kind"], e["recipient"])
        for e in hub.evidence_chain(world.db, actor(world, "fr.officer"), out.msg_id)
    ]
    assert chain[-3:] == [("Retrieval", "IT"), ("NonRetrieval", "DE"), ("Retrieval", "DE")]


def test_every_fetch_by_either_end_is_an_access_log_row(world: World) -> None:
    from xborder.audit.tables import AccessLogRow

    signer = keys.signer(world.settings)
    out = hub.submit(world.db, actor(world, "fr.officer"), signer, sign(bureau_key(world, "FR")))
    assert out.msg_id
    for who in ("de.officer", "de.officer", "de.supervisor", "fr.officer"):
        hub.fetch(world.db, actor(world, who), signer, out.msg_id, READ)
    with world.db.transaction() as s:
        rows = s.scalars(select(AccessLogRow).where(AccessLogRow.subject_id == out.msg_id)).all()
    assert len(rows) == 4 and {r.purpose for r in rows} == {"investigation"}


def test_confidential_document_is_encrypted_to_each_recipient(world: World) -> None:
    signer = keys.signer(world.settings)
    fr_key = bureau_key(world, "FR")
    enc = {}
    for c in ("DE", "IT"):
        k = OKPKey.generate_key("X25519")
        reg = key_service.register_key(
            world.db, actor(world, f"{c.lower()}.supervisor"), k.as_dict(private=False)
        )
        enc[c] = (k.as_dict(private=True), {**k.as_dict(private=False), "kid": reg.kid})
    secret = {**DOC, "body": "informant's name: do not disclose"}
    envelope = sign(
        fr_key,
        recipients=["DE", "IT"],
        document=secret,
        encrypt_to={c: pub for c, (_, pub) in enc.items()},
    )
    out = hub.submit(world.db, actor(world, "fr.officer"), signer, envelope)
    assert out.accepted, out.detail
    with world.db.transaction() as s:
        stored = s.get(MessageRow, out.msg_id)
        assert stored is not None and "informant" not in json.dumps(stored.envelope)
    got = hub.fetch(world.db, actor(world, "de.officer"), signer, out.msg_id, READ)
    doc = json.loads(urlsafe_b64decode(got["envelope"]["payload"].encode()))
    for c, (private, _) in enc.items():
        assert env.decrypt(doc, c, private) == secret
    with pytest.raises(Exception):  # noqa: B017 - Italy's key cannot open Germany's copy
        env.decrypt({"jwe": {"DE": doc["jwe"]["DE"]}}, "DE", enc["IT"][0])
    partial = sign(
        fr_key,
        recipients=["DE", "IT"],
        document=secret,
        encrypt_to={c: pub for c, (_, pub) in enc.items()},
    )
    payload = json.loads(urlsafe_b64decode(partial["payload"].encode()))
    assert set(payload["jwe"]) == {"DE", "IT"}
    only_de = sign(fr_key, recipients=["DE"], document=secret, encrypt_to={"DE": enc["DE"][1]})
    assert hub.submit(world.db, actor(world, "fr.officer"), signer, only_de).accepted


def test_message_from_country_under_prior_review_waits_for_the_secretariat(world: World) -> None:
    from xborder.kernel.errors import NotFound
    from xborder.measures import service as measures
    from xborder.measures.commands import MeasureIn

    measures.impose(
        world.db,
        actor(world, "admin"),
        MeasureIn(country="FR", scopes=["prior_review"], reason="EC decision"),
    )
    signer = keys.signer(world.settings)
    fr_key = bureau_key(world, "FR")
    out = hub.submit(world.db, actor(world, "fr.officer"), signer, sign(fr_key))
    assert out.accepted and out.msg_id
    de = actor(world, "de.officer")
    assert hub.inbox(world.db, de) == []
    with pytest.raises(NotFound):
        hub.fetch(world.db, de, signer, out.msg_id, READ)
    reviewer = actor(world, "reviewer")
    held = hub.held_messages(world.db, reviewer)
    assert [(m["msg_id"], m["to"]) for m in held] == [(out.msg_id, ["DE"])]
    assert hub.fetch_held(world.db, reviewer, out.msg_id, READ)["envelope"]["payload"]
    assert hub.release(world.db, reviewer, signer, out.msg_id, True, "Compliant") == "released"
    assert [m["msg_id"] for m in hub.inbox(world.db, de)] == [out.msg_id]
    chain = [
        e["kind"] for e in hub.evidence_chain(world.db, actor(world, "fr.officer"), out.msg_id)
    ]
    assert chain == ["SubmissionAcceptance", "Delivery"]
    second = hub.submit(world.db, actor(world, "fr.officer"), signer, sign(fr_key))
    assert second.msg_id is not None
    hub.release(world.db, reviewer, signer, second.msg_id, False, "Political")
    assert [m["msg_id"] for m in hub.inbox(world.db, de)] == [out.msg_id]
    chain = [
        e["kind"] for e in hub.evidence_chain(world.db, actor(world, "fr.officer"), second.msg_id)
    ]
    assert chain == ["SubmissionAcceptance", "NonDelivery"]


def test_a_diffusion_sent_over_the_exchange_is_held_under_no_direct_diffusions(
    world: World,
) -> None:
    from xborder.measures import service as measures
    from xborder.measures.commands import MeasureIn

    measures.impose(
        world.db,
        actor(world, "admin"),
        MeasureIn(country="FR", scopes=["no_direct_diffusions"], reason="EC"),
    )
    signer = keys.signer(world.settings)
    fr_key = bureau_key(world, "FR")
    doc = {"reference": "d1", "diffusion_type": "wanted", "summary": "Wanted"}
    diffusion = hub.submit(
        world.db,
        actor(world, "fr.officer"),
        signer,
        sign(fr_key, service="diffusion", action="send", document=doc),
    )
    message = hub.submit(world.db, actor(world, "fr.officer"), signer, sign(fr_key))
    inbox = [m["msg_id"] for m in hub.inbox(world.db, actor(world, "de.officer"))]
    assert inbox == [message.msg_id] and diffusion.msg_id not in inbox
