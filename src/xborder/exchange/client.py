"""The reference client: a bureau's side of the exchange, over HTTP.

It signs locally with the bureau's private key file, so in machine-to-machine traffic the hub
never holds a private key; it verifies what the hub answers (evidences, checkpoints, proofs)
with the hub's published key instead of trusting it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from joserfc import jws
from joserfc.jwk import OKPKey
from joserfc.util import urlsafe_b64decode

from xborder.exchange import envelope
from xborder.ledger.checkpoint import verify_checkpoint
from xborder.ledger.log import proof_verifies


def keygen(path: Path, curve: Literal["Ed25519", "X25519"] = "Ed25519") -> dict[str, Any]:
    """Create a key pair (Ed25519 to sign, X25519 to receive encrypted documents); the
    private JWK is written owner-only and never sent."""
    key = OKPKey.generate_key(curve)
    private = key.as_dict(private=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(private, fh)
    return key.as_dict(private=False)


def load_key(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


class Client:
    def __init__(self, server: str, token: str, timeout: float = 30) -> None:
        self.http = httpx.Client(
            base_url=server.rstrip("/"),
            timeout=timeout,
            headers={"Authorization": f"Bearer {token}"},
        )

    def _ok(self, res: httpx.Response) -> Any:
        if res.status_code >= 400:
            raise ClientError(res.status_code, res.json() if res.content else {})
        return res.json() if res.content else None

    def register(self, key_path: Path) -> dict[str, Any]:
        """Register the public half and remember the kid the hub gave it in the key file."""
        private = load_key(key_path)
        public = {k: private[k] for k in ("kty", "crv", "x")}
        reg: dict[str, Any] = self._ok(self.http.post("/api/v1/keys", json=public))
        key_path.write_text(json.dumps({**private, "kid": reg["kid"]}))
        return reg

    def send(
        self,
        key_path: Path,
        sender: str,
        recipients: list[str],
        service: str,
        action: str,
        document: dict[str, Any],
        encrypt: bool = False,
    ) -> dict[str, Any]:
        """Sign (and with `encrypt`, first encrypt to each recipient's newest X25519 key)."""
        encrypt_to = None
        if encrypt:
            encrypt_to = {}
            for country in recipients:
                keys = self._ok(self.http.get(f"/api/v1/keys/{country}"))["keys"]
                enc = [k for k in keys if k["use"] == "enc"]
                if not enc:
                    raise ClientError(404, {"detail": f"{country} publishes no encryption key"})
                newest = enc[-1]
                encrypt_to[country.upper()] = {m: newest[m] for m in ("kty", "crv", "x", "kid")}
        signed = envelope.sign(
            load_key(key_path),
            sender=sender,
            recipients=recipients,
            service=service,
            action=action,
            document=document,
            encrypt_to=encrypt_to,
        )
        res = self.http.post("/api/v1/exchange/messages", json=signed)
        body: dict[str, Any] = res.json()
        body["claims"] = self.verify_evidence(body["evidence"])
        if res.status_code >= 400:
            raise ClientError(res.status_code, body)
        return body

    def inbox(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._ok(self.http.get("/api/v1/exchange/inbox"))
        return result

    def fetch(
        self, msg_id: str, purpose: str = "investigation", enc_key: Path | None = None
    ) -> dict[str, Any]:
        """Download a message and check the sender's signature against its published keys."""
        got: dict[str, Any] = self._ok(
            self.http.get(f"/api/v1/exchange/messages/{msg_id}", params={"purpose": purpose})
        )
        header = envelope.read_header(got["envelope"])
        sender_keys = self._ok(self.http.get(f"/api/v1/keys/{header['from']}"))["keys"]
        from datetime import UTC, datetime

        from xborder.exchange.keys import BureauKey

        known = [
            BureauKey(
                k["kid"],
                header["from"],
                k["use"],
                {m: k[m] for m in ("kty", "crv", "x")},
                datetime(1970, 1, 1, tzinfo=UTC),
            )
            for k in sender_keys
        ]
        created = datetime.fromisoformat(header["created"])
        verified = envelope.verify(got["envelope"], lambda _c: known, created)
        document = verified.document
        if header.get("cty") == "jwe":
            if enc_key is None:
                raise ClientError(400, {"detail": "confidential: pass your encryption key"})
            me = self._ok(self.http.get("/api/v1/me"))["organisation"]["country"]
            document = envelope.decrypt(document, me, load_key(enc_key))
        return {"msg_id": msg_id, "from": verified.sender, "document": document}

    def ack(self, msg_id: str) -> None:
        self._ok(self.http.post(f"/api/v1/exchange/messages/{msg_id}/ack"))

    def evidence(self, msg_id: str) -> list[dict[str, Any]]:
        chain: list[dict[str, Any]] = self._ok(
            self.http.get(f"/api/v1/exchange/messages/{msg_id}/evidence")
        )
        for e in chain:
            e["verified"] = self.verify_evidence(e["jws"])
        return chain

    def hub_key(self) -> OKPKey:
        return OKPKey.import_key(self._ok(self.http.get("/api/v1/ledger/key")))

    def verify_evidence(self, token: str) -> dict[str, Any]:
        claims: dict[str, Any] = json.loads(
            jws.deserialize_compact(token, self.hub_key(), algorithms=["Ed25519"]).payload
        )
        return claims

    def verify_proof(self, event_id: int) -> dict[str, Any]:
        """Fetch the latest checkpoint and the event's inclusion proof; check both offline."""
        note = self.http.get("/api/v1/ledger/checkpoint").text
        jwk = self._ok(self.http.get("/api/v1/ledger/key"))
        public = Ed25519PublicKey.from_public_bytes(urlsafe_b64decode(jwk["x"].encode()))
        cp = verify_checkpoint(note, jwk["kid"], public)
        proof = self._ok(
            self.http.get(
                "/api/v1/ledger/proof/inclusion", params={"event": event_id, "size": cp.size}
            )
        )
        return {
            "event": event_id,
            "index": proof["index"],
            "tree_size": cp.size,
            "verified": proof_verifies(proof, cp.root, cp.size),
        }


class ClientError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"{status}: {body.get('detail') if isinstance(body, dict) else body}")
        self.status = status
        self.body = body
