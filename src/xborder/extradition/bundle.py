"""Signatures on a case's documents, and the case file as a signed bundle that anyone can
verify offline (no database, no network).

Each document is hashed (SHA-256 of its exact bytes) and the digest, with the case, the kind
and the version, is signed by the sending bureau in the platform's envelope (a JWS with the
routing header, `xborder.exchange.envelope.sign`, hosted bureau key). The bundle carries every
version of every document, the timeline, the bureaus' public JWKs, and is itself signed with the
secretariat's ledger key (published at `/api/v1/ledger/key`): changing one byte of a document,
of the timeline or of a key breaks a check.

Pure: nothing here reads a clock or a database.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OKPKey

from xborder.exchange import envelope
from xborder.kernel.canonical import canonical_json

FORMAT = "xborder-judicial-bundle/1"
BUNDLE_TYP = "xborder-judicial-bundle+jws"


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def manifest(
    case_number: str, case_id: str, kind: str, version: int, media_type: str, digest: str
) -> dict[str, Any]:
    """What a document's signature covers: its digest, and where it belongs."""
    return {
        "reference": case_number,
        "case_id": case_id,
        "kind": kind,
        "version": version,
        "media_type": media_type,
        "sha256": digest,
    }


def sign_document(
    private_jwk: dict[str, Any],
    *,
    sender: str,
    recipient: str,
    service: str,
    document: dict[str, Any],
    created: datetime,
) -> dict[str, Any]:
    return envelope.sign(
        private_jwk,
        sender=sender,
        recipients=[recipient],
        service=service,
        action=f"document.{document['kind']}",
        document=document,
        conv_id=str(document["case_id"]),
        created=created,
    )


class BadSignature(Exception):
    """A document or bundle that does not verify; the message says which check failed."""


def verify_document(
    env: dict[str, Any], keys: dict[str, dict[str, Any]], expected: dict[str, Any]
) -> dict[str, Any]:
    """Check an envelope against the sender's public JWK (by kid) and that it signs exactly
    `expected` (the manifest recomputed from the stored bytes). Returns the header."""
    try:
        header = envelope.read_header(env)
    except envelope.Rejected as exc:
        raise BadSignature(exc.detail) from None
    kid = str(header.get("kid", ""))
    jwk = keys.get(kid)
    if jwk is None:
        raise BadSignature(f"no public key {kid!r}")
    try:
        result = jws.deserialize_json(
            cast(Any, env),
            KeySet([OKPKey.import_key({**_public(jwk), "kid": kid})]),
            registry=envelope.REGISTRY,
        )
        signed = json.loads(result.payload)
    except (JoseError, ValueError, TypeError) as exc:
        raise BadSignature(f"signature does not verify: {exc}") from None
    if signed != expected:
        raise BadSignature("the signed manifest does not match the document")
    if kid.split("-", 1)[0].upper() != header.get("from"):
        raise BadSignature(f"{kid} does not sign for {header.get('from')}")
    return header


def _public(jwk: dict[str, Any]) -> dict[str, Any]:
    return {k: jwk[k] for k in ("kty", "crv", "x")}


# --- the bundle ------------------------------------------------------------------------------


def _digest(body: dict[str, Any]) -> str:
    return sha256_hex(canonical_json({k: v for k, v in body.items() if k != "signature"}))


def seal(body: dict[str, Any], issuer_key: OKPKey, kid: str) -> dict[str, Any]:
    """Sign the bundle: a compact JWS over the SHA-256 of its canonical JSON (less the
    signature itself)."""
    token = jws.serialize_compact(
        {"alg": "Ed25519", "kid": kid, "typ": BUNDLE_TYP},
        canonical_json({"bundle_sha256": _digest(body)}),
        issuer_key,
        algorithms=["Ed25519"],
    )
    return {**body, "signature": token}


@dataclass
class BundleReport:
    case: dict[str, Any]
    documents: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    issuer_kid: str
    issuer_thumbprint: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bundle(
    bundle: dict[str, Any], issuer_jwk: dict[str, Any] | None, *, pinned: bool = True
) -> BundleReport:
    """Every check, offline. The bureaus' keys travel in the bundle and are trusted because
    the secretariat's seal covers them, so the seal must be checked against the secretariat's
    key obtained out of band (`issuer_jwk`, as published at /api/v1/ledger/key): a bundle
    re-sealed with any other key fails. `pinned=False` (no key at hand) checks the bundle
    against the key it carries and reports it as a problem: self-consistent is not authentic."""
    problems: list[str] = []
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        return BundleReport({}, [], [], "", "", [f"not a {FORMAT} bundle"])
    case = bundle.get("case") or {}
    keys = bundle.get("keys") or {}
    carried = bundle.get("issuer_key") or {}
    if issuer_jwk is None and pinned:
        problems.append(
            "the secretariat's key is not pinned: pass its public key (/api/v1/ledger/key)"
        )
    issuer = issuer_jwk or carried
    thumb = ""
    kid = str(issuer.get("kid", "")) if isinstance(issuer, dict) else ""
    try:
        key = OKPKey.import_key(_public(issuer))
        thumb = key.thumbprint()
        carried_other = (
            issuer_jwk is not None
            and isinstance(carried, dict)
            and bool(carried)
            and OKPKey.import_key(_public(carried)).thumbprint() != thumb
        )
        if carried_other:
            problems.append("the bundle carries another key than the pinned one")
        token = jws.deserialize_compact(
            str(bundle.get("signature", "")), key, algorithms=["Ed25519"]
        )
        claims = json.loads(token.payload)
        if token.headers().get("typ") != BUNDLE_TYP:
            problems.append("the bundle signature is not a bundle signature")
        if claims.get("bundle_sha256") != _digest(bundle):
            problems.append("the bundle was changed after it was signed")
    except (JoseError, ValueError, TypeError, KeyError, AttributeError) as exc:
        problems.append(f"the bundle signature does not verify: {exc}")
    docs: list[dict[str, Any]] = []
    for d in bundle.get("documents") or []:
        label = f"{d.get('kind')} v{d.get('version')}"
        try:
            content = base64.b64decode(str(d["content_b64"]), validate=True)
            digest = sha256_hex(content)
            if digest != d.get("sha256"):
                raise BadSignature("its content does not match its SHA-256")
            expected = manifest(
                str(case.get("number")),
                str(case.get("id")),
                str(d["kind"]),
                int(d["version"]),
                str(d["media_type"]),
                digest,
            )
            header = verify_document(d["envelope"], keys, expected)
            if header.get("from") != d.get("country"):
                raise BadSignature("signed by another country than it says")
            revoked = keys[str(header["kid"])].get("revoked_at")
            if revoked and datetime.fromisoformat(str(header["created"])) >= (
                datetime.fromisoformat(str(revoked))
            ):
                raise BadSignature(f"signed after its key {header['kid']} was revoked")
            docs.append({**{k: v for k, v in d.items() if k != "content_b64"}, "verified": True})
        except (BadSignature, KeyError, ValueError, TypeError, AttributeError) as exc:
            problems.append(f"document {label}: {exc}")
            docs.append({**{k: v for k, v in d.items() if k != "content_b64"}, "verified": False})
    return BundleReport(case, docs, list(bundle.get("timeline") or []), kid, thumb, problems)
