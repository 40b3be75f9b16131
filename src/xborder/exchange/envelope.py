"""The envelope: a business document signed by the sending bureau as a JWS (General JSON
serialisation, RFC 7515 §7.2.1) with the routing header in the protected header, in the
spirit of an eDelivery AS4 user message (message id, conversation, sender, recipients,
service, action, time).

Pure: signing takes a private JWK the caller holds (the hub never does); verification takes
the sender's keys as the hub knows them and answers with a verified envelope or a rejection
carrying a stable reason code.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OKPKey
from joserfc.jws import JWSRegistry
from joserfc.registry import HeaderParameter
from pydantic import ValidationError

from xborder.exchange.keys import BureauKey
from xborder.exchange.schemas import document_model
from xborder.kernel import untrusted
from xborder.kernel.canonical import canonical_json as canonical
from xborder.kernel.errors import Invalid

ALG = "Ed25519"  # RFC 9864 fully-specified algorithm name
TYP = "xborder-envelope+jws"
HEADER = ("msg_id", "conv_id", "from", "to", "service", "action", "created")

# The routing fields travel in the protected header (so they are signed); joserfc must be told
# they are known parameters, each with its type.
REGISTRY = JWSRegistry(
    header_registry={
        "msg_id": HeaderParameter("message id (unique)", "str", required=True),
        "conv_id": HeaderParameter("conversation id", "str", required=True),
        "from": HeaderParameter("sending country, ISO alpha-2", "str", required=True),
        "to": HeaderParameter("recipient countries", "list[str]", required=True),
        "service": HeaderParameter("service", "str", required=True),
        "action": HeaderParameter("action", "str", required=True),
        "created": HeaderParameter("creation time, RFC 3339", "str", required=True),
    },
    algorithms=[ALG],
)
# A diffusion to every member names ~190 countries in `to`; joserfc's default 512-byte header
# limit is for unknown input, ours is bounded by the member list. Payloads are bounded by the
# hub's own envelope limit.
REGISTRY.max_header_length = 4096
REGISTRY.max_payload_length = 512 * 1024


class Reason(StrEnum):
    """SubmissionRejection reason codes (stable: clients branch on them)."""

    MALFORMED = "malformed"
    UNKNOWN_KEY = "unknown_key"
    REVOKED_KEY = "revoked_key"
    BAD_SIGNATURE = "bad_signature"
    SENDER_MISMATCH = "sender_mismatch"
    EXPIRED = "expired"
    FUTURE = "not_yet_valid"
    REPLAY = "replay"
    SCHEMA = "schema_violation"
    UNKNOWN_RECIPIENT = "unknown_recipient"
    TOO_LARGE = "too_large"


class Rejected(Exception):
    def __init__(self, reason: Reason, detail: str, msg_id: str | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.msg_id = msg_id


@dataclass(frozen=True)
class Verified:
    msg_id: str
    conv_id: str
    sender: str
    recipients: tuple[str, ...]
    service: str
    action: str
    created: datetime
    kid: str
    document: dict[str, Any]
    digest: str  # SHA-256 of the envelope as received (canonical JSON), for de-duplication


def envelope_digest(envelope: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(envelope)).hexdigest()


def sign(
    private_jwk: dict[str, Any],
    *,
    sender: str,
    recipients: list[str],
    service: str,
    action: str,
    document: dict[str, Any],
    msg_id: str | None = None,
    conv_id: str | None = None,
    created: datetime | None = None,
    encrypt_to: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Sign a document into an envelope (what `xborder client send` does locally).

    With `encrypt_to` (recipient country -> its X25519 public JWK, with kid) the document is
    first encrypted to each recipient and the signature covers the ciphertexts; the header
    says so with `cty: jwe`. The hub then sees who, when and what kind, never the content."""
    key = OKPKey.import_key(private_jwk)
    kid = private_jwk.get("kid")
    if not kid:
        raise ValueError("the signing JWK needs its registered kid")
    msg_id = msg_id or str(uuid.uuid4())
    header = {
        "alg": ALG,
        "typ": TYP,
        "kid": kid,
        "msg_id": msg_id,
        "conv_id": conv_id or msg_id,
        "from": sender.upper(),
        "to": sorted({r.upper() for r in recipients}),
        "service": service,
        "action": action,
        "created": (created or datetime.now(UTC)).isoformat(timespec="seconds"),
    }
    if encrypt_to is not None:
        if set(encrypt_to) != set(header["to"]):
            raise ValueError("encrypt to every recipient, and only to them")
        header["cty"] = "jwe"
        document = {
            "reference": str(document.get("reference", msg_id)),
            "jwe": {
                c: encrypt_for(jwk, f"{service}/{action}", document)
                for c, jwk in encrypt_to.items()
            },
        }
    return dict(
        jws.serialize_json({"protected": header}, canonical(document), key, registry=REGISTRY)
    )


def encrypt_for(public_jwk: dict[str, Any], content_type: str, document: dict[str, Any]) -> str:
    """JWE compact to one recipient's X25519 key (ECDH-ES+A256KW, A256GCM)."""
    key = OKPKey.import_key(public_jwk)
    header = {
        "alg": "ECDH-ES+A256KW",
        "enc": "A256GCM",
        "cty": content_type,
        "kid": public_jwk.get("kid", ""),
    }
    return jwe.encrypt_compact(header, canonical(document), key)


def decrypt(document: dict[str, Any], country: str, private_jwk: dict[str, Any]) -> dict[str, Any]:
    """The recipient's side: open its copy of a confidential document."""
    token = document["jwe"][country.upper()]
    opened = jwe.decrypt_compact(token, OKPKey.import_key(private_jwk))
    result: dict[str, Any] = json.loads(opened.plaintext or b"{}")
    return result


def read_header(envelope: dict[str, Any]) -> dict[str, Any]:
    try:
        if set(envelope) - {"payload", "protected", "signature", "header", "signatures"}:
            raise ValueError("unexpected members")
        sigs = envelope.get("signatures") or [envelope]
        if len(sigs) != 1:
            raise ValueError("exactly one signature")
        raw = sigs[0]["protected"]
        from joserfc.util import urlsafe_b64decode

        header = untrusted.loads(urlsafe_b64decode(raw.encode()))
        if not isinstance(header, dict):
            raise ValueError("header is not an object")
        return header
    except (KeyError, TypeError, ValueError, AttributeError, Invalid) as exc:
        raise Rejected(Reason.MALFORMED, f"not a JWS envelope: {exc}") from None


def verify(
    envelope: dict[str, Any],
    keys_of: Callable[[str], list[BureauKey]],
    now: datetime,
    window: timedelta = timedelta(minutes=10),
) -> Verified:
    """Check, in order: shape, key known, signature, key valid when signed, sender is the
    key's country, time window, document schema. The first failure decides the reason."""
    header = read_header(envelope)
    msg_id = header.get("msg_id") if isinstance(header.get("msg_id"), str) else None
    missing = [h for h in (*HEADER, "kid", "alg") if h not in header]
    if missing or header.get("alg") != ALG or header.get("typ") != TYP:
        raise Rejected(Reason.MALFORMED, f"header needs alg {ALG}, typ {TYP} and {missing}", msg_id)
    kid = str(header["kid"])
    country = kid.split("-", 1)[0].upper()
    key = next((k for k in keys_of(country) if k.kid == kid and k.use == "sig"), None)
    if key is None:
        raise Rejected(Reason.UNKNOWN_KEY, f"no signing key {kid}", msg_id)
    try:
        result = jws.deserialize_json(
            cast(Any, envelope),  # shape checked by _header; joserfc re-checks it
            KeySet([OKPKey.import_key({**key.public_jwk, "kid": kid})]),
            registry=REGISTRY,
        )
    except JoseError as exc:
        if "header" in str(exc).lower():
            raise Rejected(Reason.MALFORMED, f"bad header: {exc}", msg_id) from None
        raise Rejected(Reason.BAD_SIGNATURE, f"signature does not verify: {exc}", msg_id) from None
    except (ValueError, TypeError) as exc:
        raise Rejected(Reason.BAD_SIGNATURE, f"signature does not verify: {exc}", msg_id) from None
    try:
        created = datetime.fromisoformat(str(header["created"]))
        if created.tzinfo is None:
            raise ValueError("created needs a time zone")
    except ValueError as exc:
        raise Rejected(Reason.MALFORMED, f"bad created time: {exc}", msg_id) from None
    if key.revoked_at is not None and (created >= key.revoked_at or now >= key.revoked_at):
        raise Rejected(
            Reason.REVOKED_KEY, f"key {kid} was revoked at {key.revoked_at.isoformat()}", msg_id
        )
    if header["from"] != key.country:
        raise Rejected(Reason.SENDER_MISMATCH, f"{kid} does not sign for {header['from']}", msg_id)
    if created < now - window:
        raise Rejected(
            Reason.EXPIRED, f"created {created.isoformat()} is older than {window}", msg_id
        )
    if created > now + timedelta(minutes=2):
        raise Rejected(Reason.FUTURE, "created is in the future", msg_id)
    recipients = header["to"]
    if (
        not isinstance(recipients, list)
        or not recipients
        or not all(isinstance(r, str) for r in recipients)
    ):
        raise Rejected(Reason.MALFORMED, "`to` is a non-empty list of countries", msg_id)
    try:
        document = untrusted.loads(result.payload)
        confidential = header.get("cty") == "jwe"
        model = document_model(str(header["service"]), str(header["action"]), confidential)
        model.model_validate(document)
        if confidential and set(document["jwe"]) != set(recipients):
            raise ValueError("a confidential document is encrypted to exactly its recipients")
    except KeyError as exc:
        raise Rejected(Reason.SCHEMA, str(exc), msg_id) from None
    except (ValidationError, ValueError, Invalid) as exc:
        raise Rejected(
            Reason.SCHEMA, f"document does not match its schema: {exc}", msg_id
        ) from None
    return Verified(
        msg_id=str(header["msg_id"]),
        conv_id=str(header["conv_id"]),
        sender=key.country,
        recipients=tuple(sorted(set(recipients))),
        service=str(header["service"]),
        action=str(header["action"]),
        created=created,
        kid=kid,
        document=document,
        digest=envelope_digest(envelope),
    )
