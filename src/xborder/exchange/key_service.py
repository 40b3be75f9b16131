"""Use cases on bureau keys: register (a bureau's supervisor, for its own country; or the
secretariat), revoke with a recorded time and reason, publish per country."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.exchange.keys import BureauKey, jwk_set, parse_public_jwk, thumbprint_kid
from xborder.exchange.tables import BureauKeyRow
from xborder.identity.policy import Action, authorize, may_manage_keys_of
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Conflict, Forbidden, NotFound
from xborder.store.db import Database
from xborder.store.tables import OrgRow


def _domain(row: BureauKeyRow) -> BureauKey:
    return BureauKey(
        kid=row.kid,
        country=row.country,
        use=row.use,
        public_jwk=row.public_jwk,
        created_at=as_utc(row.created_at),
        revoked_at=as_utc(row.revoked_at) if row.revoked_at else None,
    )


def _may_manage(actor: Actor, country: str) -> None:
    authorize(actor, Action.KEY_MANAGE)
    if not may_manage_keys_of(actor, country):
        raise Forbidden("a bureau manages its own country's keys only")


def register_key(
    db: Database, actor: Actor, jwk: dict[str, Any], country: str | None = None
) -> BureauKey:
    country = normalise_country(country or actor.country or "")
    _may_manage(actor, country)
    public, use = parse_public_jwk(jwk)
    kid = thumbprint_kid(country, public)
    with db.transaction() as s:
        org = s.scalar(select(OrgRow).where(OrgRow.country == country))
        if org is None:
            raise NotFound(f"no bureau for {country}")
        if s.get(BureauKeyRow, kid) is not None:
            raise Conflict(f"key {kid} is already registered")
        row = BureauKeyRow(
            kid=kid,
            country=country,
            org_id=org.id,
            use=use,
            public_jwk=public,
            created_at=utcnow(),
            revocation_reason="",
        )
        s.add(row)
        s.flush()
        record_event(
            s,
            actor,
            "key.registered",
            "bureau_key",
            kid,
            public,
            summary={"country": country, "use": use},
        )
        return _domain(row)


def revoke_key(db: Database, actor: Actor, kid: str, reason: str) -> BureauKey:
    with db.transaction() as s:
        row = s.get(BureauKeyRow, kid)
        if row is None:
            raise NotFound("no such key")
        _may_manage(actor, row.country)
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            row.revocation_reason = reason
            record_event(
                s,
                actor,
                "key.revoked",
                "bureau_key",
                kid,
                {"reason": reason},
                summary={"country": row.country},
                reason=reason,
            )
        return _domain(row)


def keys_of(session: Session, country: str) -> list[BureauKey]:
    """All keys of a country, revoked ones included (the hub needs them to judge old
    signatures)."""
    rows = session.scalars(
        select(BureauKeyRow)
        .where(BureauKeyRow.country == country)
        .order_by(BureauKeyRow.created_at)
    )
    return [_domain(r) for r in rows]


def published_set(db: Database, country: str) -> dict[str, Any]:
    country = normalise_country(country)
    with db.transaction() as s:
        return jwk_set(keys_of(s, country))


def keys_of_db(db: Database, country: str) -> list[BureauKey]:
    with db.transaction() as s:
        return keys_of(s, country)
