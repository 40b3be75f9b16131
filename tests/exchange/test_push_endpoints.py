"""Push endpoints cannot be turned against the hub's own network (server-side request
forgery): public https only, checked at registration and again at every delivery, sent to
the address that was checked, and redirects not followed."""

from __future__ import annotations

import ipaddress
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.exchange.test_delivery import copy_state, deliveries
from tests.exchange.test_hub import actor, bureau_key, sign
from xborder.exchange import delivery, hub
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Invalid
from xborder.ledger import keys
from xborder.platform.app import create_app

# What the fake resolver answers; a test changes an entry to play a name that moves.
DNS: dict[str, list[str]] = {}


@pytest.fixture(autouse=True)
def _dns(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = delivery.resolve

    def resolve(host: str, port: int) -> list[delivery.IPAddress]:
        if host in DNS:
            return [ipaddress.ip_address(a) for a in DNS[host]]
        if host.endswith(".test"):
            raise OSError("Name or service not known")
        return real(host, port)  # IP literals only: no test here asks real DNS

    DNS.clear()
    DNS.update({"bureau.test": ["93.184.215.14"], "intranet.test": ["10.1.2.3"]})
    monkeypatch.setattr(delivery, "resolve", resolve)
    yield
    DNS.clear()


@pytest.mark.parametrize(
    "url",
    [
        "http://bureau.test/inbox",  # plain http to a public address
        "ftp://bureau.test/inbox",
        "https://user:secret@bureau.test/inbox",
        "https://127.0.0.1/inbox",
        "https://localhost/inbox",
        "https://localhost.test/inbox",  # does not resolve
        "https://10.0.0.8/inbox",
        "https://172.16.5.4/inbox",
        "https://192.168.1.1/inbox",
        "https://169.254.169.254/latest/meta-data/",  # the cloud metadata service
        "https://100.64.0.1/inbox",  # CGNAT
        "https://0.0.0.0/inbox",
        "https://224.0.0.1/inbox",
        "https://240.0.0.1/inbox",
        "https://[::1]/inbox",
        "https://[::]/inbox",
        "https://[::ffff:127.0.0.1]/inbox",  # IPv4-mapped loopback
        "https://[::ffff:169.254.169.254]/inbox",
        "https://[64:ff9b::a00:1]/inbox",  # NAT64 of 10.0.0.1
        "https://[fd00::1]/inbox",
        "https://[fe80::1]/inbox",
        "https://[ff02::1]/inbox",
        "https://intranet.test/inbox",  # a name that resolves to a private address
        "https://bureau.test:99999/inbox",
    ],
)
def test_registration_refuses_what_is_not_public_https(world: World, url: str) -> None:
    with pytest.raises(Invalid) as refused:
        delivery.register_endpoint(world.db, actor(world, "de.supervisor"), url, world.settings)
    assert refused.value.extra == {"field": "url"}


def test_every_address_of_a_name_must_be_public(world: World) -> None:
    DNS["bureau.test"] = ["93.184.215.14", "192.168.0.10"]
    with pytest.raises(Invalid, match=r"192\.168\.0\.10, a private address"):
        delivery.register_endpoint(
            world.db, actor(world, "de.supervisor"), "https://bureau.test/in", world.settings
        )


def test_public_https_and_allow_listed_networks_are_accepted(world: World) -> None:
    sup = actor(world, "de.supervisor")
    delivery.register_endpoint(world.db, sup, "https://bureau.test/in", world.settings)
    delivery.register_endpoint(world.db, sup, "https://[2606:4700::1111]/in", world.settings)
    closed = world.settings.with_(push_allow_networks="10.0.0.0/8, 127.0.0.1/32")
    delivery.register_endpoint(world.db, sup, "http://intranet.test:8080/in", closed)
    delivery.register_endpoint(world.db, sup, "https://[::ffff:127.0.0.1]/in", closed)
    with pytest.raises(Invalid):  # only the networks named
        delivery.register_endpoint(world.db, sup, "https://192.168.1.1/in", closed)
    with pytest.raises(Invalid, match="https"):  # http only when every address is allowed
        delivery.register_endpoint(world.db, sup, "http://bureau.test/in", closed)


def test_a_malformed_allow_list_is_an_operator_error(world: World) -> None:
    bad = world.settings.with_(push_allow_networks="10.0.0.0/33")
    with pytest.raises(ValueError, match="XBORDER_PUSH_ALLOW_NETWORKS"):
        delivery.check_endpoint("https://bureau.test/in", bad)


def test_the_api_answers_a_refusal_with_422_on_the_url(sqlite_world: World) -> None:
    client = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    res = client.post(
        "/api/v1/exchange/endpoint",
        json={"url": "https://169.254.169.254/latest/meta-data/"},
        headers=sqlite_world.headers("de.supervisor"),
    )
    assert res.status_code == 422, res.text
    assert "link-local" in res.text and res.json().get("field") == "url"


def _submit(world: World) -> str:
    signer = keys.signer(world.settings)
    out = hub.submit(world.db, actor(world, "fr.officer"), signer, sign(bureau_key(world, "FR")))
    assert out.msg_id
    return out.msg_id


def test_a_name_that_turns_private_after_registration_is_not_posted_to(world: World) -> None:
    settings = world.settings.with_(delivery_max_attempts=2)
    delivery.register_endpoint(
        world.db, actor(world, "de.supervisor"), "https://bureau.test/in", settings
    )
    msg_id = _submit(world)
    DNS["bureau.test"] = ["169.254.169.254"]  # DNS rebinding
    posted: list[delivery.Target] = []

    def post(target: delivery.Target, *_: Any) -> int:
        posted.append(target)
        return 200

    signer = keys.signer(settings)
    r = delivery.deliver_due(world.db, signer, settings, post=post)
    state = copy_state(world, msg_id)
    assert (r.retried, state.state, posted) == (1, "retry", [])
    assert "endpoint refused" in (state.last_error or "")
    later = utcnow() + timedelta(hours=2)
    r = delivery.deliver_due(world.db, signer, settings, now=later, post=post)
    assert (r.failed, copy_state(world, msg_id).state, posted) == (1, "send_failure", [])
    assert deliveries(world, msg_id) == ["NonDelivery"]


def test_delivery_posts_to_the_address_it_checked(world: World) -> None:
    delivery.register_endpoint(
        world.db, actor(world, "de.supervisor"), "https://bureau.test/in", world.settings
    )
    _submit(world)
    DNS["bureau.test"] = ["93.184.215.15"]  # a legitimate move between registration and now
    posted: list[delivery.Target] = []

    def post(target: delivery.Target, *_: Any) -> int:
        posted.append(target)
        return 200

    assert delivery.deliver_due(world.db, keys.signer(world.settings), world.settings, post=post)
    assert [(t.host, t.port, [str(a) for a in t.addresses]) for t in posted] == [
        ("bureau.test", 443, ["93.184.215.15"])
    ]


class _Receiver(BaseHTTPRequestHandler):
    """A bureau's gateway that records what reached it; answers `status`."""

    status: ClassVar[int] = 200
    seen: ClassVar[list[tuple[str, str]]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.seen.append((self.path, self.headers["Host"]))
        self.send_response(_Receiver.status)
        if 300 <= _Receiver.status < 400:
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.status, _Receiver.seen = 200, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_gateway_is_reached_at_its_checked_address_under_its_own_name(
    world: World, receiver: ThreadingHTTPServer
) -> None:
    settings = world.settings.with_(push_allow_networks="127.0.0.1/32")
    DNS["gateway.test"] = ["127.0.0.1"]  # no real DNS knows this name: only the check does
    port = receiver.server_address[1]
    delivery.register_endpoint(
        world.db, actor(world, "de.supervisor"), f"http://gateway.test:{port}/in?x=1", settings
    )
    msg_id = _submit(world)
    r = delivery.deliver_due(world.db, keys.signer(settings), settings)
    assert r.delivered == 1 and copy_state(world, msg_id).state == "delivered"
    assert _Receiver.seen == [("/in?x=1", f"gateway.test:{port}")]


def test_a_redirect_is_not_followed_and_the_copy_is_retried(
    world: World, receiver: ThreadingHTTPServer
) -> None:
    settings = world.settings.with_(push_allow_networks="127.0.0.1/32")
    _Receiver.status = 302
    url = f"http://127.0.0.1:{receiver.server_address[1]}/in"
    delivery.register_endpoint(world.db, actor(world, "de.supervisor"), url, settings)
    msg_id = _submit(world)
    r = delivery.deliver_due(world.db, keys.signer(settings), settings)
    state = copy_state(world, msg_id)
    assert (r.delivered, r.retried, state.state) == (0, 1, "retry")
    assert "302" in (state.last_error or "") and deliveries(world, msg_id) == []
    assert [path for path, _ in _Receiver.seen] == ["/in"]  # one POST, nothing to /elsewhere


def _self_signed(tmp: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_tls_names_the_endpoints_host_and_checks_its_certificate(
    world: World, tmp_path: Path
) -> None:
    """Connected by address, the hub still sends the name (SNI) and verifies the certificate
    against it: a certificate nobody trusts fails the attempt."""
    cert, key = _self_signed(tmp_path, "bureau.test")
    names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    def sni(_sock: ssl.SSLObject, name: str | None, _ctx: ssl.SSLContext) -> None:
        names.append(name)

    context.sni_callback = sni
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    _Receiver.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = world.settings.with_(push_allow_networks="127.0.0.1/32")
        DNS["bureau.test"] = ["127.0.0.1"]
        url = f"https://bureau.test:{server.server_address[1]}/in"
        delivery.register_endpoint(world.db, actor(world, "de.supervisor"), url, settings)
        msg_id = _submit(world)
        r = delivery.deliver_due(world.db, keys.signer(settings), settings)
    finally:
        server.shutdown()
        server.server_close()
    state = copy_state(world, msg_id)
    assert (r.retried, state.state) == (1, "retry")
    assert "CERTIFICATE_VERIFY_FAILED" in (state.last_error or "")
    assert names == ["bureau.test"] and _Receiver.seen == []
