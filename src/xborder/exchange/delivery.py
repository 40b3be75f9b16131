"""Push delivery to a bureau's registered endpoint, following the AS4 message states:
ready_to_send -> sending -> delivered, or -> retry (exponential backoff) -> send_failure
(dead letter, with a NonDelivery evidence).

At-least-once with de-duplication: a copy is *claimed* (state `sending`, with a lease) and
committed before the POST, and its outcome is recorded after. If the server dies in between,
the lease expires and the copy is sent again under the same message id, which the receiving
endpoint uses to drop the duplicate; the hub records exactly one Delivery evidence per copy.

An endpoint is a URL that a bureau supervisor chooses and the hub then POSTs to, so it must
not become a way to reach the hub's own network (server-side request forgery): its name is
resolved at registration and again before every delivery, every address must be public, and
the POST goes to the very address that was checked, never to a fresh lookup of the name.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import and_, or_, select

from xborder.audit.service import record_event
from xborder.config import Settings
from xborder.exchange import hub
from xborder.exchange.tables import BureauEndpointRow, MessageRecipientRow, MessageRow
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Forbidden, Invalid
from xborder.ledger.log import Signer
from xborder.store.db import Database

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Ranges that `ipaddress`'s properties (in every Python we support) do not all flag, with the
# reason a refusal gives. IPv4-mapped and NAT64 addresses are judged by the IPv4 inside them.
_NOT_PUBLIC: tuple[tuple[IPNetwork, str], ...] = tuple(
    (ipaddress.ip_network(net), why)
    for net, why in (
        ("0.0.0.0/8", "'this network'"),
        ("10.0.0.0/8", "private"),
        ("100.64.0.0/10", "shared (CGNAT)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "IETF protocol"),
        ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "6to4 relay"),
        ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("240.0.0.0/4", "reserved"),
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("::/96", "IPv4-compatible"),
        ("64:ff9b:1::/48", "local NAT64"),
        ("100::/64", "discard"),
        ("2001::/23", "IETF protocol"),  # Teredo among them
        ("2001:db8::/32", "documentation"),
        ("2002::/16", "6to4"),
        ("3fff::/20", "documentation"),
        ("5f00::/16", "segment routing"),
        ("fc00::/7", "unique local (private)"),
        ("fe80::/10", "link-local"),
        ("fec0::/10", "site-local"),
        ("ff00::/8", "multicast"),
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


@dataclass(frozen=True)
class Target:
    """An endpoint and the addresses checked for it: a delivery connects to these only."""

    url: str
    host: str
    port: int
    addresses: tuple[IPAddress, ...]


Post = Callable[[Target, dict[str, Any], dict[str, str]], int]


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the name has now (tests replace this function)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0])) for info in infos))


def allow_networks(settings: Settings) -> list[IPNetwork]:
    """The operator's exceptions (XBORDER_PUSH_ALLOW_NETWORKS), refused loudly if malformed."""
    try:
        return [
            ipaddress.ip_network(n.strip(), strict=False)
            for n in settings.push_allow_networks.split(",")
            if n.strip()
        ]
    except ValueError as exc:
        raise ValueError(f"XBORDER_PUSH_ALLOW_NETWORKS: {exc}") from exc


def _unwrap(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv4-mapped or NAT64 IPv6 address reaches."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def not_public(ip: IPAddress) -> str | None:
    """Why the hub may not connect to this address on a bureau's say-so; None if public."""
    ip = _unwrap(ip)
    for net, why in _NOT_PUBLIC:
        if ip in net:
            return why
    for flagged, why in (
        (ip.is_loopback, "loopback"),
        (ip.is_unspecified, "unspecified"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_private, "private"),
        (ip.is_reserved, "reserved"),
        (not ip.is_global, "non-global"),
    ):
        if flagged:
            return why
    return None


def _allowed(ip: IPAddress, networks: list[IPNetwork]) -> bool:
    return any(ip in net or _unwrap(ip) in net for net in networks)


def check_endpoint(url: str, settings: Settings) -> Target:
    """Resolve the endpoint's host now and refuse it unless every address may be reached.

    HTTPS to public addresses only. Plain http is accepted only when every address lies in
    a network the operator allow-listed (XBORDER_PUSH_ALLOW_NETWORKS): a bureau's gateway on a
    closed network, and the tests. Anything else would carry signed envelopes in clear over
    networks nobody vouched for. Allow-listing also lets https reach those networks.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise Invalid("an endpoint must be an https:// URL", field="url")
    if parts.username is not None or parts.password is not None:
        raise Invalid("an endpoint URL may not carry credentials", field="url")
    host = parts.hostname
    if not host:
        raise Invalid("an endpoint URL must name a host", field="url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise Invalid(f"an endpoint URL's port is not valid: {exc}", field="url") from exc
    try:
        addresses = tuple(resolve(host, port))
    except (OSError, UnicodeError, ValueError) as exc:
        raise Invalid(f"the endpoint's host {host} does not resolve: {exc}", field="url") from exc
    if not addresses:
        raise Invalid(f"the endpoint's host {host} does not resolve", field="url")
    networks = allow_networks(settings)
    for ip in addresses:
        why = None if _allowed(ip, networks) else not_public(ip)
        if why:
            raise Invalid(
                f"the endpoint's host {host} resolves to {ip}, a {why} address: push "
                "endpoints must be public (an operator may allow a network with "
                "XBORDER_PUSH_ALLOW_NETWORKS)",
                field="url",
            )
    if parts.scheme == "http" and not all(_allowed(ip, networks) for ip in addresses):
        raise Invalid(
            "an endpoint must be an https:// URL (plain http only inside a network the "
            "operator allow-listed)",
            field="url",
        )
    return Target(url=url, host=host, port=port, addresses=addresses)


def register_endpoint(db: Database, actor: Actor, url: str, settings: Settings) -> None:
    authorize(actor, Action.ENDPOINT_MANAGE)
    if actor.country is None:
        raise Forbidden("a bureau registers its own endpoint")
    check_endpoint(url, settings)
    with db.transaction() as s:
        row = s.get(BureauEndpointRow, actor.country)
        if row is None:
            s.add(BureauEndpointRow(country=actor.country, url=url, created_at=utcnow()))
        else:
            row.url = url
        record_event(
            s,
            actor,
            "exchange.endpoint_set",
            "bureau_endpoint",
            actor.country,
            {"url": url},
            summary={"country": actor.country},
        )


def http_post(target: Target, body: dict[str, Any], headers: dict[str, str]) -> int:
    """POST to the checked addresses in turn, with the URL's Host and TLS name (SNI and the
    certificate check), so a name that changes its answer meanwhile is not followed; nor
    are redirects, nor proxies from the environment, which would connect on their own. The
    answer's body is not read: only its status counts."""
    url = httpx.URL(target.url)
    name = url.raw_host.decode("ascii")  # IDNA, as TLS and Host want it
    extensions = {} if _is_ip(name) else {"sni_hostname": name}
    failure: httpx.HTTPError | None = None
    with httpx.Client(timeout=10, follow_redirects=False, trust_env=False) as client:
        for ip in target.addresses:
            request = client.build_request(
                "POST",
                url.copy_with(host=str(ip), port=target.port),
                json=body,
                headers={**headers, "Host": url.netloc.decode("ascii")},
                extensions=extensions,
            )
            try:
                response = client.send(request, follow_redirects=False, stream=True)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                failure = exc  # the name's next address may answer
                continue
            response.close()
            return response.status_code
    assert failure is not None
    raise failure


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@dataclass
class Round:
    delivered: int = 0
    retried: int = 0
    failed: int = 0


def deliver_due(
    db: Database,
    signer: Signer,
    settings: Settings,
    now: datetime | None = None,
    post: Post = http_post,
    limit: int = 50,
) -> Round:
    """One round of the delivery worker: claim what is due, send it, record the outcome."""
    now = now or utcnow()
    lease = timedelta(seconds=settings.delivery_lease_seconds)
    allow_networks(settings)  # a malformed allow-list stops the round before it claims anything
    with db.transaction(durable=True) as s:
        due = s.scalars(
            select(MessageRecipientRow)
            .where(
                or_(
                    and_(
                        MessageRecipientRow.state.in_(("ready_to_send", "retry")),
                        MessageRecipientRow.next_attempt_at <= now,
                    ),
                    and_(
                        MessageRecipientRow.state == "sending",
                        MessageRecipientRow.lease_until <= now,
                    ),  # the sender died mid-delivery
                )
            )
            .order_by(MessageRecipientRow.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        claimed = []
        for copy in due:
            endpoint = s.get(BureauEndpointRow, copy.country)
            message = s.get(MessageRow, copy.msg_id)
            if endpoint is None or message is None:
                # endpoint withdrawn: the copy is delivered to the mailbox instead
                copy.state = "delivered"
                copy.delivered_at = now
                hub.record_evidence(s, signer, "Delivery", copy.msg_id, now, recipient=copy.country)
                continue
            copy.state = "sending"
            copy.attempts += 1
            copy.lease_until = now + lease
            claimed.append(
                (copy.msg_id, copy.country, copy.attempts, endpoint.url, message.envelope)
            )
    result = Round()
    for msg_id, country, attempts, url, envelope in claimed:
        error = _send(settings, post, country, url, msg_id, envelope)
        _record(db, signer, settings, msg_id, country, attempts, error, result)
    return result


def _send(
    settings: Settings, post: Post, country: str, url: str, msg_id: str, envelope: Any
) -> str:
    """One attempt; the error that makes it a failed one, or "". The endpoint is checked
    again first (its name may resolve elsewhere since registration): a refusal is not sent
    and counts as a failed attempt, retried and in the end dead-lettered like any other."""
    try:
        target = check_endpoint(url, settings)
    except Invalid as exc:
        logging.getLogger("xborder").warning(
            "push to %s's endpoint not sent (message %s): %s", country, msg_id, exc.detail
        )
        return f"endpoint refused: {exc.detail}"
    try:
        status = post(
            target, {"msg_id": msg_id, "envelope": envelope}, {"X-Xborder-Message-Id": msg_id}
        )
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return f"{type(exc).__name__}: {exc}"
    if 300 <= status < 400:
        return f"HTTP {status}: redirects are not followed"
    return "" if 200 <= status < 300 else f"HTTP {status}"


def _record(
    db: Database,
    signer: Signer,
    settings: Settings,
    msg_id: str,
    country: str,
    attempts: int,
    error: str,
    result: Round,
) -> None:
    now = utcnow()
    with db.transaction(durable=True) as s:
        copy = s.get(MessageRecipientRow, (msg_id, country))
        if copy is None or copy.state != "sending" or copy.attempts != attempts:
            return  # a newer attempt owns this copy now
        copy.lease_until = None
        if not error:
            copy.state = "delivered"
            copy.delivered_at = now
            hub.record_evidence(s, signer, "Delivery", msg_id, now, recipient=country)
            result.delivered += 1
        elif attempts >= settings.delivery_max_attempts:
            copy.state = "send_failure"
            copy.last_error = error[:500]
            hub.record_evidence(
                s, signer, "NonDelivery", msg_id, now, recipient=country, reason="max_attempts"
            )
            record_event(
                s,
                None,
                "exchange.send_failure",
                "message",
                msg_id,
                {},
                summary={"recipient": country, "attempts": attempts},
                label="delivery worker",
                reason=error[:500],
            )
            result.failed += 1
        else:
            copy.state = "retry"
            copy.last_error = error[:500]
            backoff = settings.delivery_backoff_seconds * 2 ** (attempts - 1)
            copy.next_attempt_at = now + timedelta(seconds=min(backoff, 3600))
            result.retried += 1
