"""Fixtures: a migrated database with a small synthetic world, on SQLite and (when
XBORDER_TEST_POSTGRES_URL is set) on PostgreSQL, copied fresh for each test from a template
built once per session, so tests are isolated and fast."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Response models that miss a field fail the tests instead of dropping it (api/responses.py);
# set before any xborder module defines them.
os.environ.setdefault("XBORDER_STRICT_RESPONSES", "1")

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from xborder.config import Settings
from xborder.identity import secrets
from xborder.platform.capabilities import registry
from xborder.store.db import Database
from xborder.store.migrate import upgrade
from xborder.twin.governance import seed_governance
from xborder.twin.load import DemoCredential, load_world

# Every capability registered, as in the server and the CLI (the governance register and the
# exchange learn their components and handlers from it).
registry()

PG_URL = os.environ.get("XBORDER_TEST_POSTGRES_URL", "")
REQUIRE_PG = os.environ.get("XBORDER_REQUIRE_POSTGRES") == "1"
WORLD_PERSONS = 80

# Tests need many password hashes; production parameters would make the suite crawl.
secrets.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _backends() -> list[object]:
    if PG_URL:
        return ["sqlite", "postgresql"]
    if REQUIRE_PG:
        raise RuntimeError("XBORDER_REQUIRE_POSTGRES=1 but XBORDER_TEST_POSTGRES_URL is unset")
    return [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skip(
                reason="PostgreSQL tests skipped: set XBORDER_TEST_POSTGRES_URL (CI sets it)"
            ),
        ),
    ]


@dataclass
class World:
    """A fresh database holding the demo world, and the credentials to act in it."""

    backend: str
    url: str
    db: Database
    settings: Settings
    creds: dict[str, DemoCredential]

    def token(self, username: str) -> str:
        return self.creds[username].token

    def headers(self, username: str, purpose: str = "investigation") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(username)}", "X-Purpose": purpose}


def _pg_admin_url() -> str:
    return make_url(PG_URL).set(database="postgres").render_as_string(hide_password=False)


def _pg_exec(sql: str) -> None:
    engine = create_engine(
        _pg_admin_url().replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with engine.connect() as c:
        c.execute(text(sql))
    engine.dispose()


def _pg_url(dbname: str) -> str:
    return make_url(PG_URL).set(database=dbname).render_as_string(hide_password=False)


@dataclass
class Template:
    url: str
    creds: dict[str, DemoCredential]
    path: Path | None = None
    dbname: str | None = None


def _build(url: str) -> dict[str, DemoCredential]:
    upgrade(url)
    db = Database(url)
    creds = load_world(db, seed=1, persons=WORLD_PERSONS)
    # Name screening runs only while registered, evaluated, assessed and switched on: the
    # demo's governance records (a small real evaluation, signed assessments) make it so.
    seed_governance(db, Settings(), seed=1, n_index=3000, per_group=25)
    db.dispose()
    return {c.username: c for c in creds}


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Template]]:
    made: dict[str, Template] = {}
    yield made
    for t in made.values():
        if t.dbname:
            _pg_exec(f'DROP DATABASE IF EXISTS "{t.dbname}" WITH (FORCE)')


def _template(backend: str, templates: dict[str, Template], tmp: Path) -> Template:
    if backend not in templates:
        if backend == "sqlite":
            path = tmp / "template.db"
            url = f"sqlite:///{path}"
            templates[backend] = Template(url, _build(url), path=path)
        else:
            name = f"xbt_tpl_{uuid.uuid4().hex[:10]}"
            _pg_exec(f'CREATE DATABASE "{name}"')
            url = _pg_url(name)
            templates[backend] = Template(url, _build(url), dbname=name)
    return templates[backend]


def _fresh(
    backend: str,
    templates: dict[str, Template],
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
) -> Iterator[World]:
    tpl = _template(backend, templates, tmp_path_factory.mktemp("tpl"))
    dbname = None
    if backend == "sqlite":
        assert tpl.path is not None
        target = tmp_path / "xborder.db"
        shutil.copyfile(tpl.path, target)
        url = f"sqlite:///{target}"
    else:
        dbname = f"xbt_{uuid.uuid4().hex[:12]}"
        _pg_exec(f'CREATE DATABASE "{dbname}" TEMPLATE "{tpl.dbname}"')
        url = _pg_url(dbname)
    db = Database(url)
    settings = Settings().with_(data_dir=tmp_path, database_url=url if backend != "sqlite" else "")
    yield World(backend, url, db, settings, tpl.creds)
    db.dispose()
    if dbname:
        _pg_exec(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


@pytest.fixture(params=_backends())
def world(
    request: pytest.FixtureRequest,
    templates: dict[str, Template],
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
) -> Iterator[World]:
    """Service and store tests: once on SQLite, once on PostgreSQL."""
    yield from _fresh(request.param, templates, tmp_path_factory, tmp_path)


@pytest.fixture
def sqlite_world(
    templates: dict[str, Template], tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Iterator[World]:
    """Interface tests (HTTP, pages, CLI) exercise the same services: SQLite is enough."""
    yield from _fresh("sqlite", templates, tmp_path_factory, tmp_path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    data_dir: Path, port: int, *, database_url: str = "", log: Path | None = None, **env_extra: str
) -> subprocess.Popen[bytes]:
    """`xborder serve` in its own process (on SQLite in the data dir unless `database_url`
    names another database); returns once it is ready. Its output goes to `log` if given."""
    env = {**os.environ, "XBORDER_DATA_DIR": str(data_dir), **env_extra}
    env.pop("XBORDER_DATABASE_URL", None)
    if database_url:
        env["XBORDER_DATABASE_URL"] = database_url
    out = log.open("wb") if log is not None else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "xborder.cli", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT if log is not None else subprocess.DEVNULL,
        )
    finally:
        if log is not None:
            out.close()  # type: ignore[union-attr]
    for _ in range(150):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    tail = log.read_text()[-2000:] if log is not None else ""
    raise RuntimeError(f"server did not start {tail}")


@pytest.fixture
def live(sqlite_world: World, tmp_path: Path) -> Iterator[tuple[str, World]]:
    """`xborder serve` in its own process, on a copy of the fixture world."""
    sqlite_world.db.dispose()
    port = free_port()
    proc = start_server(sqlite_world.settings.data_dir, port)
    try:
        yield f"http://127.0.0.1:{port}", sqlite_world
    finally:
        proc.terminate()
        proc.wait(10)
