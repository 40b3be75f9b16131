"""Load the synthetic world into the store, in one transaction: a demo either loads whole or
not at all. Returns the demo credentials (passwords and API tokens are made here, per run,
and never stored in the repository)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import pycountry
from sqlalchemy import func, select

from xborder.accounts.service import create_org, create_token_in, create_user_in
from xborder.audit.service import record_event
from xborder.identity import secrets
from xborder.kernel.actor import Role
from xborder.kernel.countries import members
from xborder.kernel.ids import new_id
from xborder.persons import repository as person_repo
from xborder.store.db import Database
from xborder.store.tables import CountryRow, OrgRow, UserRow
from xborder.twin.world import DEMO_BUREAUS, demo_users, generate_persons, organisations


@dataclass(frozen=True)
class DemoCredential:
    username: str
    role: str
    organisation: str
    country: str | None
    password: str
    token: str


def is_loaded(db: Database) -> bool:
    with db.transaction() as s:
        return bool(s.scalar(select(func.count()).select_from(OrgRow)))


def load_world(
    db: Database,
    *,
    seed: int = 1,
    persons: int = 500,
    progress: Callable[[str], None] | None = None,
) -> list[DemoCredential]:
    say = progress or (lambda _msg: None)
    specs = demo_users()
    # argon2id is deliberately slow; hash the demo passwords on all cores before the write.
    passwords = [secrets.new_password() for _ in specs]
    say(f"hashing {len(specs)} demo passwords (argon2id)")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        hashes = list(pool.map(secrets.hash_password, passwords))
    creds: list[DemoCredential] = []
    with db.transaction() as s:
        member_set = set(members())
        s.add_all(
            CountryRow(
                code=c.alpha_2,
                name=str(getattr(c, "common_name", None) or c.name),
                member=c.alpha_2 in member_set,
            )
            for c in pycountry.countries
        )
        s.flush()
        say("creating organisations")
        orgs = {o.name: create_org(s, o.kind, o.name, o.country) for o in organisations()}
        say("creating demo users and tokens")
        for spec, password, hashed in zip(specs, passwords, hashes, strict=True):
            org = orgs[spec.org_name]
            new = create_user_in(
                s,
                None,
                spec.username,
                spec.role,
                org,
                spec.display_name,
                password,
                password_hash=hashed,
                label="demo loader",
            )
            user = s.get(UserRow, new.id)
            assert user is not None
            # The administrator's demo token may administer; everyone else's reads and writes.
            scopes = ["read", "write", "admin"] if spec.role == Role.SECRETARIAT_ADMIN else None
            token = create_token_in(s, None, user, "demo", scopes, 30)
            creds.append(
                DemoCredential(
                    spec.username, spec.role.value, org.name, org.country, password, token.token
                )
            )
        say(f"generating {persons} synthetic persons (seed {seed})")
        bureau_orgs = {o.country: o.id for o in orgs.values() if o.country}
        for p in generate_persons(seed, persons, owners=DEMO_BUREAUS):
            row = person_repo.to_row(p, bureau_orgs[p.owner_country])
            row.id = new_id()
            s.add(row)
            s.flush()
            record_event(
                s,
                None,
                "person.created",
                "person",
                row.id,
                {"ref": p.external_ref},
                summary={"owner_country": p.owner_country, "source": "twin"},
                label="demo loader",
            )
    return creds


def write_credentials(creds: list[DemoCredential], path: Path, base_url: str) -> None:
    """Readable by the owner only: the file holds live passwords and tokens."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"base_url": base_url, "users": [asdict(c) for c in creds]}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
    os.chmod(path, 0o600)
