"""Push delivery to a bureau's registered endpoint, following the AS4 message states:
ready_to_send -> sending -> delivered, or -> retry (exponential backoff) -> send_failure
(dead letter, with a NonDelivery evidence).

At-least-once with de-duplication: a copy is *claimed* (state `sending`, with a lease) and
committed before the POST, and its outcome is recorded after. If the server dies in between,
the lease expires and the copy is sent again under the same message id, which the receiving
endpoint uses to drop the duplicate; the hub records exactly one Delivery evidence per copy.
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse

import httpx
from sqlalchemy import and_, or_, select

from xborder.audit.service import record_event
from xborder.config import Settings
from xborder.exchange import hub
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Forbidden, Invalid
from xborder.ledger.log import Signer
from xborder.store.db import Database
from xborder.store.tables import BureauEndpointRow, MessageRecipientRow, MessageRow

Post = Callable[[str, dict[str, Any], dict[str, str]], int]


def _check_url(url: str) -> str:
    """HTTPS only, except loopback (a bureau's gateway on the same host, and tests)."""
    parsed = urlparse(url)
    host = parsed.hostname or ""
    loopback = host == "localhost"
    with contextlib.suppress(ValueError):
        loopback = loopback or ipaddress.ip_address(host).is_loopback
    if parsed.scheme != "https" and not (parsed.scheme == "http" and loopback):
        raise Invalid("an endpoint must be an https:// URL", field="url")
    return url


def register_endpoint(db: Database, actor: Actor, url: str) -> None:
    authorize(actor, Action.ENDPOINT_MANAGE)
    if actor.country is None:
        raise Forbidden("a bureau registers its own endpoint")
    url = _check_url(url)
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


def http_post(url: str, body: dict[str, Any], headers: dict[str, str]) -> int:
    return httpx.post(url, json=body, headers=headers, timeout=10).status_code


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
    with db.transaction() as s:
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
        try:
            status = post(
                url, {"msg_id": msg_id, "envelope": envelope}, {"X-Xborder-Message-Id": msg_id}
            )
            error = "" if 200 <= status < 300 else f"HTTP {status}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        _record(db, signer, settings, msg_id, country, attempts, error, result)
    return result


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
    with db.transaction() as s:
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
