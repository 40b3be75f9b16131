"""The hub: accept or reject signed envelopes, put them in recipients' mailboxes, and answer
every step with a signed evidence (ETSI REM vocabulary: SubmissionAcceptance,
SubmissionRejection, Delivery, Retrieval).

A rejected envelope leaves nothing but its evidence and an event; an accepted one is stored
whole, as signed. A resend of an accepted message id with the same bytes gets the first
answer again; the same id with other bytes is a replay and is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from joserfc import jws
from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.audit.service import log_access, record_event
from xborder.exchange import key_service
from xborder.exchange.envelope import (
    Reason,
    Rejected,
    Verified,
    envelope_digest,
    read_header,
    verify,
)
from xborder.exchange.hosted import SECRETARIAT
from xborder.exchange.tables import BureauEndpointRow, EvidenceRow, MessageRecipientRow, MessageRow
from xborder.identity.policy import Action, authorize, may_see_message
from xborder.kernel.actor import Actor
from xborder.kernel.canonical import canonical_json as canonical
from xborder.kernel.clock import iso, utcnow
from xborder.kernel.errors import Forbidden, Invalid, NotFound
from xborder.kernel.purposes import Purpose
from xborder.ledger.log import Signer
from xborder.measures.service import MeasureScope, in_force
from xborder.store.db import Database, require_durable
from xborder.store.tables import CountryRow, OrgRow

MAX_ENVELOPE_BYTES = 512 * 1024
# Copies a recipient does not see: waiting for the secretariat, or refused by it.
HELD = "held"
REFUSED = "refused"
HIDDEN = (HELD, REFUSED)
# Documents addressed to the secretariat itself (`to: ["XS"]`, never to a bureau): the hub is
# the secretariat's endpoint, so it reads them on acceptance, in the acceptance's own
# transaction, and they reach no mailbox. A protection notice names a protected person and
# its protecting state: no bureau may ever receive it.
FOR_SECRETARIAT = frozenset({("protection", "notify")})


@dataclass(frozen=True)
class SecretariatHandler:
    """What the capability that owns a secretariat document does with it: `check` what its
    schema cannot say before the hub accepts (raise `Invalid`: a signed rejection, nothing
    written); `apply` it in the acceptance's transaction. Registered by that capability
    (xborder.platform), so the exchange needs to know none of them."""

    check: Callable[[Session, str, dict[str, Any]], None]  # (session, sender, document)
    apply: Callable[[Session, Actor, str, str, dict[str, Any], datetime], object]
    # (session, actor, sender, msg_id, document, now)


_SECRETARIAT_HANDLERS: dict[tuple[str, str], SecretariatHandler] = {}


def handle_for_secretariat(service: str, action: str, handler: SecretariatHandler) -> None:
    if (service, action) not in FOR_SECRETARIAT:
        raise ValueError(f"{service}/{action} is not a document for the secretariat")
    _SECRETARIAT_HANDLERS[(service, action)] = handler


def _handler(v: Verified) -> SecretariatHandler:
    handler = _SECRETARIAT_HANDLERS.get((v.service, v.action))
    if handler is None:  # no capability here reads it: refuse rather than drop it
        raise Rejected(Reason.SCHEMA, f"{v.service}/{v.action} is not handled here", v.msg_id)
    return handler


@dataclass(frozen=True)
class Outcome:
    accepted: bool
    msg_id: str | None
    evidence: str  # compact JWS signed by the secretariat
    reason: Reason | None = None
    detail: str = ""


def sign_evidence(signer: Signer, claims: dict[str, Any]) -> str:
    header = {"alg": "Ed25519", "kid": signer.name, "typ": "xborder-evidence+jws"}
    return jws.serialize_compact(
        header,
        canonical({"issuer": signer.origin, **claims}),
        signer.jose_key,
        algorithms=["Ed25519"],
    )


def record_evidence(
    session: Session,
    signer: Signer,
    kind: str,
    msg_id: str | None,
    now: datetime,
    *,
    recipient: str | None = None,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> str:
    claims = {
        "evidence": kind,
        "msg_id": msg_id,
        "at": now.isoformat(),
        "recipient": recipient,
        "reason": reason,
        **(extra or {}),
    }
    token = sign_evidence(signer, claims)
    require_durable(session)  # the evidence is handed out once this commits
    if msg_id is not None and kind != "SubmissionRejection":
        session.add(
            EvidenceRow(
                msg_id=msg_id, kind=kind, recipient=recipient, reason=reason, at=now, jws=token
            )
        )
    return token


def _header_msg_id(envelope: dict[str, Any]) -> str | None:
    try:
        value = read_header(envelope).get("msg_id")
        return value if isinstance(value, str) and len(value) <= 100 else None
    except Rejected:
        return None


def submit(
    db: Database,
    actor: Actor,
    signer: Signer,
    envelope: dict[str, Any],
    now: datetime | None = None,
) -> Outcome:
    """Process one envelope submitted by `actor`'s bureau."""
    authorize(actor, Action.EXCHANGE_SEND)
    now = now or utcnow()
    with db.transaction(durable=True) as s:
        msg_id = _header_msg_id(envelope)
        try:
            if len(canonical(envelope)) > MAX_ENVELOPE_BYTES:
                raise Rejected(
                    Reason.TOO_LARGE, f"envelope over {MAX_ENVELOPE_BYTES} bytes", msg_id
                )
            if msg_id is not None:
                first = s.get(MessageRow, msg_id)
                if first is not None:
                    if first.digest == envelope_digest(envelope):
                        token = s.scalars(
                            select(EvidenceRow.jws).where(
                                EvidenceRow.msg_id == msg_id,
                                EvidenceRow.kind == "SubmissionAcceptance",
                            )
                        ).one()
                        return Outcome(True, msg_id, token, detail="resend: first answer")
                    raise Rejected(Reason.REPLAY, f"message id {msg_id} was already used", msg_id)
            _require_signature(envelope, msg_id)
            verified = verify(envelope, lambda c: key_service.keys_of(s, c), now)
            if verified.sender != actor.country:
                raise Rejected(
                    Reason.SENDER_MISMATCH,
                    f"a {actor.country} token cannot submit for {verified.sender}",
                    msg_id,
                )
            if (verified.service, verified.action) in FOR_SECRETARIAT:
                _check_for_secretariat(s, verified, envelope)
            else:
                _check_recipients(s, verified)
        except Rejected as rej:
            token = record_evidence(
                s,
                signer,
                "SubmissionRejection",
                rej.msg_id,
                now,
                reason=rej.reason.value,
                extra={"detail": rej.detail},
            )
            record_event(
                s,
                actor,
                "exchange.rejected",
                "message",
                rej.msg_id or "-",
                {"reason": rej.reason.value},
                summary={"reason": rej.reason.value},
                reason=rej.detail,
            )
            return Outcome(False, rej.msg_id, token, rej.reason, rej.detail)
        for_secretariat = (verified.service, verified.action) in FOR_SECRETARIAT
        if for_secretariat:
            _store_for_secretariat(s, actor, verified, envelope, now)
            in_mailbox = [SECRETARIAT]  # read by the secretariat now: delivered
        else:
            in_mailbox = _store(s, verified, envelope, now)
        token = record_evidence(
            s,
            signer,
            "SubmissionAcceptance",
            verified.msg_id,
            now,
            extra={"digest": verified.digest, "sender": verified.sender},
        )
        for r in in_mailbox:  # delivered on arrival; pushed copies get theirs when sent
            record_evidence(s, signer, "Delivery", verified.msg_id, now, recipient=r)
        record_event(
            s,
            actor,
            "exchange.accepted",
            "message",
            verified.msg_id,
            {"digest": verified.digest},
            summary={
                "sender": verified.sender,
                "to": list(verified.recipients),
                "service": verified.service,
                "action": verified.action,
            },
        )
        return Outcome(True, verified.msg_id, token)


def _require_signature(envelope: dict[str, Any], msg_id: str | None) -> None:
    """An unsigned envelope (no `signature` member) is malformed, not a crash in joserfc."""
    sigs = envelope.get("signatures") or [envelope]
    if not isinstance(sigs, list) or not all(
        isinstance(x, dict) and isinstance(x.get("signature"), str) for x in sigs
    ):
        raise Rejected(Reason.MALFORMED, "not a signed JWS envelope: no signature", msg_id)


def _check_recipients(s: Session, v: Verified) -> None:
    bureaus = set(
        s.scalars(
            select(OrgRow.country)
            .join(CountryRow, CountryRow.code == OrgRow.country)
            .where(CountryRow.member.is_(True), OrgRow.country.in_(v.recipients))
        )
    )
    unknown = [r for r in v.recipients if r not in bureaus]
    if unknown:
        raise Rejected(Reason.UNKNOWN_RECIPIENT, f"no member bureau for {unknown}", v.msg_id)


def _keep(s: Session, v: Verified, envelope: dict[str, Any], now: datetime) -> None:
    """The accepted envelope, kept whole as signed."""
    s.add(
        MessageRow(
            msg_id=v.msg_id,
            conv_id=v.conv_id,
            sender=v.sender,
            service=v.service,
            action=v.action,
            kid=v.kid,
            created=v.created,
            received_at=now,
            digest=v.digest,
            envelope=envelope,
        )
    )
    s.flush()


def _check_for_secretariat(s: Session, v: Verified, envelope: dict[str, Any]) -> None:
    """A document for the secretariat is addressed to it alone, signed in clear (the
    secretariat reads it; it has no decryption key), and makes sense for its sender."""
    if v.recipients != (SECRETARIAT,):
        raise Rejected(
            Reason.UNKNOWN_RECIPIENT,
            f"{v.service}/{v.action} is addressed to the secretariat ({SECRETARIAT}) alone",
            v.msg_id,
        )
    if read_header(envelope).get("cty") == "jwe":
        raise Rejected(
            Reason.SCHEMA,
            f"{v.service}/{v.action} is read by the secretariat: sign it, do not encrypt it",
            v.msg_id,
        )
    handler = _handler(v)
    try:
        handler.check(s, v.sender, v.document)
    except Invalid as exc:
        raise Rejected(Reason.SCHEMA, exc.detail, v.msg_id) from None


def _store_for_secretariat(
    s: Session, actor: Actor, v: Verified, envelope: dict[str, Any], now: datetime
) -> None:
    """Keep the envelope whole (non-repudiation) and carry it out: no recipient copy, no
    mailbox, no corrective-measure hold (nothing is forwarded to anyone)."""
    handler = _handler(v)
    _keep(s, v, envelope, now)
    handler.apply(s, actor, v.sender, v.msg_id, v.document, now)


def _store(s: Session, v: Verified, envelope: dict[str, Any], now: datetime) -> list[str]:
    """Store the message and a copy per recipient; return those served by the mailbox."""
    _keep(s, v, envelope, now)
    holding = {MeasureScope.PRIOR_REVIEW}
    if v.service == "diffusion":
        holding.add(MeasureScope.NO_DIRECT_DIFFUSIONS)
    if in_force(s, v.sender, frozenset(holding)):
        # Corrective measures: the message waits for the secretariat (`release`).
        s.add_all(
            MessageRecipientRow(msg_id=v.msg_id, country=r, attempts=0, last_error="", state=HELD)
            for r in v.recipients
        )
        return []
    pushed = set(
        s.scalars(
            select(BureauEndpointRow.country).where(BureauEndpointRow.country.in_(v.recipients))
        )
    )
    for r in v.recipients:
        push = r in pushed  # pushed by the delivery worker; otherwise in the mailbox now
        s.add(
            MessageRecipientRow(
                msg_id=v.msg_id,
                country=r,
                attempts=0,
                last_error="",
                state="ready_to_send" if push else "delivered",
                next_attempt_at=now if push else None,
                delivered_at=None if push else now,
            )
        )
    return [r for r in v.recipients if r not in pushed]


# --- mailbox -----------------------------------------------------------------------------


def inbox(db: Database, actor: Actor, include_acknowledged: bool = False) -> list[dict[str, Any]]:
    authorize(actor, Action.EXCHANGE_READ)
    with db.transaction() as s:
        q = (
            select(MessageRow, MessageRecipientRow)
            .join(MessageRecipientRow, MessageRecipientRow.msg_id == MessageRow.msg_id)
            .where(MessageRecipientRow.country == actor.country)
            .order_by(MessageRow.received_at)
        )
        q = q.where(MessageRecipientRow.state.not_in(HIDDEN))
        if not include_acknowledged:
            q = q.where(MessageRecipientRow.state != "acknowledged")
        return [
            {
                "msg_id": m.msg_id,
                "conv_id": m.conv_id,
                "from": m.sender,
                "service": m.service,
                "action": m.action,
                "state": r.state,
                "received_at": iso(m.received_at),
            }
            for m, r in s.execute(q)
        ]


def outbox(db: Database, actor: Actor) -> list[dict[str, Any]]:
    authorize(actor, Action.EXCHANGE_READ)
    with db.transaction() as s:
        rows = s.scalars(
            select(MessageRow)
            .where(MessageRow.sender == actor.country)
            .order_by(MessageRow.received_at)
        ).all()
        states: dict[str, dict[str, str]] = {}
        for r in s.scalars(
            select(MessageRecipientRow).where(
                MessageRecipientRow.msg_id.in_([m.msg_id for m in rows])
            )
        ):
            states.setdefault(r.msg_id, {})[r.country] = r.state
        return [
            {
                "msg_id": m.msg_id,
                "to": states.get(m.msg_id, {}),
                "service": m.service,
                "action": m.action,
                "received_at": iso(m.received_at),
            }
            for m in rows
        ]


def _party(s: Session, actor: Actor, msg_id: str) -> tuple[MessageRow, MessageRecipientRow | None]:
    """The message, if the actor's country sent or receives it; 404 otherwise."""
    m = s.get(MessageRow, msg_id)
    if m is None:
        raise NotFound("no such message")
    recipients = s.scalars(
        select(MessageRecipientRow.country).where(MessageRecipientRow.msg_id == msg_id)
    ).all()
    if not may_see_message(actor, m.sender, recipients):
        raise NotFound("no such message")
    mine = s.get(MessageRecipientRow, (msg_id, actor.country or ""))
    if mine is not None and mine.state in HIDDEN and actor.country != m.sender:
        raise NotFound("no such message")
    return m, mine


def fetch(
    db: Database, actor: Actor, signer: Signer, msg_id: str, purpose: Purpose
) -> dict[str, Any]:
    """The recipient downloads the envelope; the first download earns a Retrieval evidence.

    Documents may carry a person's particulars, so every fetch (by either end, every time) is
    an access-log row with its stated purpose."""
    authorize(actor, Action.EXCHANGE_READ)
    now = utcnow()
    with db.transaction(durable=True) as s:
        m, mine = _party(s, actor, msg_id)
        log_access(s, actor, "exchange.fetch", "message", [msg_id], purpose)
        if mine is not None and mine.retrieved_at is None:
            mine.retrieved_at = now
            mine.state = "downloaded"
            record_evidence(s, signer, "Retrieval", msg_id, now, recipient=actor.country)
            record_event(
                s,
                actor,
                "exchange.retrieved",
                "message",
                msg_id,
                {},
                summary={"recipient": actor.country},
            )
        return {
            "msg_id": m.msg_id,
            "envelope": m.envelope,
            "my_state": mine.state if mine is not None else None,
        }


def acknowledge(db: Database, actor: Actor, msg_id: str) -> None:
    authorize(actor, Action.EXCHANGE_READ)
    with db.transaction() as s:
        _, mine = _party(s, actor, msg_id)
        if mine is None:
            raise Forbidden("only a recipient acknowledges a message")
        if mine.retrieved_at is None:
            raise NotFound("fetch the message before acknowledging it")
        if mine.acknowledged_at is None:
            mine.acknowledged_at = utcnow()
            mine.state = "acknowledged"
            record_event(
                s,
                actor,
                "exchange.acknowledged",
                "message",
                msg_id,
                {},
                summary={"recipient": actor.country},
            )


def evidence_chain(db: Database, actor: Actor, msg_id: str) -> list[dict[str, Any]]:
    authorize(actor, Action.EXCHANGE_READ)
    with db.transaction() as s:
        _party(s, actor, msg_id)
        rows = s.scalars(
            select(EvidenceRow).where(EvidenceRow.msg_id == msg_id).order_by(EvidenceRow.id)
        )
        return [
            {
                "kind": e.kind,
                "recipient": e.recipient,
                "at": iso(e.at),
                "jws": e.jws,
                "claims": json.loads(_payload(e.jws)),
            }
            for e in rows
        ]


def _payload(compact: str) -> bytes:
    from joserfc.util import urlsafe_b64decode

    return urlsafe_b64decode(compact.split(".")[1].encode())


def apply_timeouts(
    db: Database, signer: Signer, retrieval_timeout: timedelta, now: datetime | None = None
) -> int:
    """Issue a NonRetrieval evidence for each copy left unread past the timeout (once).

    The sender learns that the recipient has not read the message; a later fetch still earns
    its Retrieval evidence, so the chain shows both facts in order."""
    now = now or utcnow()
    issued = 0
    with db.transaction(durable=True) as s:
        already = select(EvidenceRow.msg_id).where(
            EvidenceRow.kind == "NonRetrieval",
            EvidenceRow.recipient == MessageRecipientRow.country,
            EvidenceRow.msg_id == MessageRecipientRow.msg_id,
        )
        late = s.scalars(
            select(MessageRecipientRow).where(
                MessageRecipientRow.retrieved_at.is_(None),
                MessageRecipientRow.delivered_at < now - retrieval_timeout,
                ~already.exists(),
            )
        )
        for copy in late:
            record_evidence(
                s,
                signer,
                "NonRetrieval",
                copy.msg_id,
                now,
                recipient=copy.country,
                reason="timeout",
            )
            record_event(
                s,
                None,
                "exchange.not_retrieved",
                "message",
                copy.msg_id,
                {},
                summary={"recipient": copy.country},
                label="timeout job",
            )
            issued += 1
    return issued


# --- corrective measures: messages held for the secretariat ---------------------------------


def held_messages(db: Database, actor: Actor) -> list[dict[str, Any]]:
    """Messages from a country under prior review, waiting for the secretariat (routing
    only: a confidential document stays encrypted to its recipients)."""
    authorize(actor, Action.EXCHANGE_REVIEW)
    with db.transaction() as s:
        q = (
            select(MessageRow, MessageRecipientRow.country)
            .join(MessageRecipientRow, MessageRecipientRow.msg_id == MessageRow.msg_id)
            .where(MessageRecipientRow.state == HELD)
            .order_by(MessageRow.received_at)
        )
        out: dict[str, dict[str, Any]] = {}
        for m, country in s.execute(q):
            item = out.setdefault(
                m.msg_id,
                {
                    "msg_id": m.msg_id,
                    "from": m.sender,
                    "to": [],
                    "service": m.service,
                    "action": m.action,
                    "received_at": iso(m.received_at),
                },
            )
            item["to"].append(country)
        return list(out.values())


def fetch_held(db: Database, actor: Actor, msg_id: str, purpose: Purpose) -> dict[str, Any]:
    """The secretariat reads a held message to judge it (a confidential document stays
    encrypted to its recipients: it then sees the routing only). Logged like any read."""
    authorize(actor, Action.EXCHANGE_REVIEW)
    with db.transaction() as s:
        held = s.scalar(
            select(MessageRecipientRow.msg_id).where(
                MessageRecipientRow.msg_id == msg_id, MessageRecipientRow.state == HELD
            )
        )
        m = s.get(MessageRow, msg_id) if held else None
        if m is None:
            raise NotFound("no held message with this id")
        log_access(s, actor, "exchange.review", "message", [msg_id], purpose)
        return {"msg_id": m.msg_id, "from": m.sender, "envelope": m.envelope}


def release(
    db: Database, actor: Actor, signer: Signer, msg_id: str, compliant: bool, rationale: str
) -> str:
    """The secretariat forwards a held message (delivered as if it arrived now) or refuses it
    (the sender gets a NonDelivery evidence; recipients never see it)."""
    authorize(actor, Action.EXCHANGE_REVIEW)
    if not rationale.strip():
        raise Invalid("a release or refusal carries its rationale", field="rationale")
    now = utcnow()
    with db.transaction(durable=True) as s:
        copies = list(
            s.scalars(
                select(MessageRecipientRow).where(
                    MessageRecipientRow.msg_id == msg_id, MessageRecipientRow.state == HELD
                )
            )
        )
        if not copies:
            raise NotFound("no held message with this id")
        pushed = set(
            s.scalars(
                select(BureauEndpointRow.country).where(
                    BureauEndpointRow.country.in_([c.country for c in copies])
                )
            )
        )
        for copy in copies:
            if not compliant:
                copy.state = REFUSED
                record_evidence(
                    s,
                    signer,
                    "NonDelivery",
                    msg_id,
                    now,
                    recipient=copy.country,
                    reason="refused_by_secretariat",
                )
            elif copy.country in pushed:
                copy.state, copy.next_attempt_at = "ready_to_send", now
            else:
                copy.state, copy.delivered_at = "delivered", now
                record_evidence(s, signer, "Delivery", msg_id, now, recipient=copy.country)
        record_event(
            s,
            actor,
            "exchange.released" if compliant else "exchange.refused",
            "message",
            msg_id,
            {"rationale": rationale},
            summary={"recipients": [c.country for c in copies]},
            reason=rationale.strip(),
        )
        return "released" if compliant else "refused"
