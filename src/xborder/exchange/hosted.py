"""Hosted signing keys: a bureau that works through the web pages signs its requests with a
key the platform keeps for it (in the data directory, owner-only), registered like any other
bureau key. A bureau with its own key signs locally with `xborder client` instead; the
receiving side verifies both the same way."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from joserfc.jwk import OKPKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.config import Settings
from xborder.exchange.keys import parse_public_jwk, thumbprint_kid
from xborder.exchange.tables import BureauKeyRow
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import NotFound
from xborder.store.tables import OrgRow

# The secretariat as an addressee: a user-assigned ISO 3166 code, never a member country.
SECRETARIAT = "XS"


def _path(settings: Settings, country: str) -> Path:
    return (settings.data_dir / "keys" / "hosted" / f"{country}-ed25519.jwk").resolve()


def _load_or_create(path: Path) -> dict[str, Any]:
    if path.exists():
        data: dict[str, Any] = json.loads(path.read_text())
        return data
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    jwk = OKPKey.generate_key("Ed25519", private=True).as_dict(private=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(json.dumps(jwk))
    return jwk


def hosted_jwk(session: Session, settings: Settings, country: str) -> dict[str, Any]:
    """The bureau's hosted private JWK (with its kid), registering the public half on first
    use in this database."""
    path = _path(settings, country)
    private = _load_or_create(path)
    public, _ = parse_public_jwk({k: v for k, v in private.items() if k != "d"})
    kid = thumbprint_kid(country, public)
    known = session.get(BureauKeyRow, kid)
    if known is not None and known.revoked_at is not None:
        # Revoked (compromise, rotation): keep the old file aside and mint a new key.
        path.rename(path.with_name(f"{path.name}.revoked-{kid}"))
        private = _load_or_create(path)
        public, _ = parse_public_jwk({k: v for k, v in private.items() if k != "d"})
        kid = thumbprint_kid(country, public)
        known = None
    if known is None:
        org = session.scalar(select(OrgRow).where(OrgRow.country == country))
        if org is None:
            raise NotFound(f"no bureau for {country}")
        session.add(
            BureauKeyRow(
                kid=kid,
                country=country,
                org_id=org.id,
                use="sig",
                public_jwk=public,
                created_at=utcnow(),
                revocation_reason="",
            )
        )
        session.flush()
        record_event(
            session,
            None,
            "key.registered",
            "bureau_key",
            kid,
            public,
            summary={"country": country, "use": "sig", "hosted": True},
            label="hosted signing key",
        )
    return {**private, "kid": kid}
