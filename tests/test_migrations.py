"""Migrations: upgrade from empty, downgrade to nothing, upgrade again; and the migrated
schema is exactly what the models declare (no drift)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tests.conftest import PG_URL, World, _backends, _pg_exec, _pg_url
from xborder.store.db import Database, make_engine
from xborder.store.migrate import downgrade, upgrade
from xborder.store.tables import Base


@pytest.fixture(params=_backends())
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.db'}"
        return
    assert PG_URL
    name = f"xbt_mig_{uuid.uuid4().hex[:10]}"
    _pg_exec(f'CREATE DATABASE "{name}"')
    yield _pg_url(name)
    _pg_exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(empty_url: str) -> None:
    upgrade(empty_url)
    assert tables(empty_url) == set(Base.metadata.tables)
    downgrade(empty_url, "base")
    assert tables(empty_url) == set()
    upgrade(empty_url)
    assert tables(empty_url) == set(Base.metadata.tables)


def test_migrated_schema_matches_the_models(empty_url: str) -> None:
    upgrade(empty_url)
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_revision_0010_fills_the_match_keys_of_existing_persons(empty_url: str) -> None:
    # Persons recorded before the keys existed get the keys a new record gets: duplicates and
    # history must find them after an upgrade too.
    from sqlalchemy import text

    from xborder.twin.load import load_world

    upgrade(empty_url)
    db = Database(empty_url)
    load_world(db, seed=1, persons=12)
    query = text("SELECT person_id, key FROM person_match_keys ORDER BY 1, 2")
    with db.transaction() as s:
        written = s.execute(query).all()
    db.dispose()
    assert written
    downgrade(empty_url, "0009")
    upgrade(empty_url)
    db = Database(empty_url)
    with db.transaction() as s:
        assert s.execute(query).all() == written
    db.dispose()


def test_revision_0012_fills_the_charge_families_of_existing_requests(
    sqlite_world: World,
) -> None:
    # The requesting bureau's record reads each request's families: an upgrade must give the
    # requests recorded before it the families the checks give a new one.
    from sqlalchemy import select

    from tests.notices.factory import red_content, submit
    from xborder.notices.tables import NoticeRow

    content = red_content(
        judicial={
            "offences": [
                {
                    "description": "Participation in an extremist organisation",
                    "law": "CC 282.2",
                    "max_penalty_months": 72,
                }
            ]
        }
    )
    nid = submit(sqlite_world, "ru", content)
    with sqlite_world.db.transaction() as s:
        written = s.scalar(select(NoticeRow.charge_families).where(NoticeRow.id == nid))
    assert written == ["speech_membership_terrorism"]
    url = str(sqlite_world.db.engine.url)
    sqlite_world.db.dispose()
    downgrade(url, "0011")
    upgrade(url)
    db = Database(url)
    with db.transaction() as s:
        assert s.scalar(select(NoticeRow.charge_families).where(NoticeRow.id == nid)) == written
    db.dispose()
