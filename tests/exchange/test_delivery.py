"""Push delivery: retries with backoff, dead letter with NonDelivery, recovery of a delivery
interrupted by a crash, and exactly one Delivery evidence per copy."""

from __future__ import annotations

import ipaddress
import json
import signal
import subprocess
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import func, select

from tests.conftest import World, free_port, start_server
from tests.exchange.test_hub import actor, bureau_key, sign
from xborder.exchange import delivery, hub
from xborder.exchange.tables import EvidenceRow, MessageRecipientRow
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Invalid
from xborder.ledger import keys

PUBLIC = "93.184.215.14"  # what the fake resolver answers for ncb.example


@pytest.fixture(autouse=True)
def _dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here depends on real DNS: ncb.example is public, literals are themselves."""
    real = delivery.resolve
    fake = {"ncb.example": [ipaddress.ip_address(PUBLIC)]}
    monkeypatch.setattr(delivery, "resolve", lambda h, p: fake.get(h) or real(h, p))


def copy_state(world: World, msg_id: str, country: str = "DE") -> MessageRecipientRow:
    with world.db.transaction() as s:
        row = s.get(MessageRecipientRow, (msg_id, country))
        assert row is not None
        return row


def deliveries(world: World, msg_id: str) -> list[str]:
    with world.db.transaction() as s:
        return list(
            s.scalars(
                select(EvidenceRow.kind).where(
                    EvidenceRow.msg_id == msg_id,
                    EvidenceRow.recipient == "DE",
                    EvidenceRow.kind.in_(("Delivery", "NonDelivery")),
                )
            )
        )


def test_endpoints_must_be_public_https_unless_allow_listed(world: World) -> None:
    sup = actor(world, "de.supervisor")
    with pytest.raises(Invalid):
        delivery.register_endpoint(world.db, sup, "http://ncb.example/inbox", world.settings)
    delivery.register_endpoint(world.db, sup, "https://ncb.example/inbox", world.settings)
    with pytest.raises(Invalid):
        delivery.register_endpoint(world.db, sup, "http://127.0.0.1:9/inbox", world.settings)
    gateway = world.settings.with_(push_allow_networks="127.0.0.0/8")
    delivery.register_endpoint(world.db, sup, "http://127.0.0.1:9/inbox", gateway)


def test_retry_with_backoff_then_delivered_once(world: World) -> None:
    delivery.register_endpoint(
        world.db, actor(world, "de.supervisor"), "https://ncb.example/in", world.settings
    )
    signer = keys.signer(world.settings)
    out = hub.submit(world.db, actor(world, "fr.officer"), signer, sign(bureau_key(world, "FR")))
    assert out.msg_id and copy_state(world, out.msg_id).state == "ready_to_send"
    sent: list[tuple[str, str]] = []

    def failing(target: delivery.Target, body: dict[str, Any], headers: dict[str, str]) -> int:
        sent.append((target.url, headers["X-Xborder-Message-Id"]))
        return 503

    r = delivery.deliver_due(world.db, signer, world.settings, post=failing)
    assert (r.retried, copy_state(world, out.msg_id).state) == (1, "retry")
    # not due yet: nothing is sent
    assert delivery.deliver_due(world.db, signer, world.settings, post=failing).retried == 0
    later = utcnow() + timedelta(seconds=world.settings.delivery_backoff_seconds + 1)
    r = delivery.deliver_due(world.db, signer, world.settings, now=later, post=lambda *_: 200)
    assert r.delivered == 1 and copy_state(world, out.msg_id).state == "delivered"
    assert deliveries(world, out.msg_id) == ["Delivery"]
    assert sent == [("https://ncb.example/in", out.msg_id)]


def test_gives_up_after_max_attempts_with_a_non_delivery_evidence(world: World) -> None:
    settings = world.settings.with_(delivery_max_attempts=3)
    delivery.register_endpoint(
        world.db, actor(world, "de.supervisor"), "https://ncb.example/in", world.settings
    )
    signer = keys.signer(settings)
    out = hub.submit(world.db, actor(world, "fr.officer"), signer, sign(bureau_key(world, "FR")))
    assert out.msg_id
    now = utcnow()
    for _ in range(5):
        delivery.deliver_due(world.db, signer, settings, now=now, post=lambda *_: 500)
        now += timedelta(hours=2)
    state = copy_state(world, out.msg_id)
    assert (state.state, state.attempts) == ("send_failure", 3)
    assert deliveries(world, out.msg_id) == ["NonDelivery"]


def test_a_delivery_cut_short_is_resent_after_its_lease_under_the_same_id(world: World) -> None:
    delivery.register_endpoint(
        world.db, actor(world, "de.supervisor"), "https://ncb.example/in", world.settings
    )
    signer = keys.signer(world.settings)
    out = hub.submit(world.db, actor(world, "fr.officer"), signer, sign(bureau_key(world, "FR")))
    assert out.msg_id

    def crash(*_: Any) -> int:
        raise SystemExit("server died mid-delivery")

    with pytest.raises(SystemExit):
        delivery.deliver_due(world.db, signer, world.settings, post=crash)
    assert copy_state(world, out.msg_id).state == "sending"
    ids: list[str] = []
    ok = lambda _u, _b, h: ids.append(h["X-Xborder-Message-Id"]) or 200  # noqa: E731
    assert delivery.deliver_due(world.db, signer, world.settings, post=ok).delivered == 0
    after_lease = utcnow() + timedelta(seconds=world.settings.delivery_lease_seconds + 1)
    assert (
        delivery.deliver_due(world.db, signer, world.settings, now=after_lease, post=ok).delivered
        == 1
    )
    assert ids == [out.msg_id] and deliveries(world, out.msg_id) == ["Delivery"]


class _Receiver(BaseHTTPRequestHandler):
    """A bureau's endpoint: de-duplicates by message id; the first request hangs, so the
    test can kill the hub while that delivery is in flight."""

    seen: ClassVar[list[str]] = []
    accepted: ClassVar[set[str]] = set()
    hang = threading.Event()

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        msg_id = self.headers["X-Xborder-Message-Id"]
        assert body["msg_id"] == msg_id
        _Receiver.seen.append(msg_id)
        if not _Receiver.hang.is_set():
            _Receiver.hang.set()
            time.sleep(5)  # the hub is killed meanwhile; this answer goes nowhere
        _Receiver.accepted.add(msg_id)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        pass


def _serve(world: World, port: int) -> subprocess.Popen[bytes]:
    return start_server(
        world.settings.data_dir,
        port,
        XBORDER_DELIVERY_LEASE_SECONDS="2",
        XBORDER_DELIVERY_INTERVAL_SECONDS="1",
        XBORDER_PUSH_ALLOW_NETWORKS="127.0.0.1/32",
    )


@pytest.mark.slow
def test_kill_the_server_mid_delivery_and_every_message_arrives_exactly_once(
    sqlite_world: World, tmp_path: Path
) -> None:
    world = sqlite_world
    receiver = ThreadingHTTPServer(("127.0.0.1", free_port()), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    _Receiver.seen, _Receiver.accepted = [], set()
    _Receiver.hang.clear()
    url = f"http://127.0.0.1:{receiver.server_address[1]}/xborder"
    gateway = world.settings.with_(push_allow_networks="127.0.0.1/32")
    delivery.register_endpoint(world.db, actor(world, "de.supervisor"), url, gateway)
    signer = keys.signer(world.settings)
    fr_key = bureau_key(world, "FR")
    ids = []
    for _ in range(5):
        out = hub.submit(world.db, actor(world, "fr.officer"), signer, sign(fr_key))
        assert out.msg_id
        ids.append(out.msg_id)
    world.db.dispose()
    port = free_port()
    proc = _serve(world, port)
    try:
        assert _Receiver.hang.wait(20), "no delivery started"
        proc.send_signal(signal.SIGKILL)  # dies with a delivery in flight
        proc.wait(10)
        proc = _serve(world, port)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _Receiver.accepted != set(ids):
            time.sleep(0.3)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with world.db.transaction() as s:
                pending = s.scalar(
                    select(func.count())
                    .select_from(MessageRecipientRow)
                    .where(MessageRecipientRow.state != "delivered")
                )
            if not pending:
                break
            time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(10)
        receiver.shutdown()
    assert _Receiver.accepted == set(ids)  # every message arrived
    assert len(_Receiver.seen) <= len(ids) + 1  # at most the interrupted one came twice...
    assert set(_Receiver.seen) == set(ids)  # ...and only ever under its own id
    for msg_id in ids:
        assert copy_state(world, msg_id).state == "delivered"
        assert deliveries(world, msg_id) == ["Delivery"]  # one Delivery evidence each
