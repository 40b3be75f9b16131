"""Engine and unit of work. One `Database` per process; one transaction per use case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from xborder.config import Settings


def make_engine(url: str, **kwargs: Any) -> Engine:
    """SQLite gets WAL, foreign keys and a busy timeout; PostgreSQL goes through psycopg 3."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        # A file database keeps as many connections as a PostgreSQL one (below): a connection
        # beyond the pool is opened, set up (four pragmas, one taking the WAL lock) and closed
        # for one request. An in-memory database keeps SQLAlchemy's own pool, which takes no
        # size: the settings' sizes are dropped for it.
        if ":memory:" in url or url in ("sqlite://", "sqlite:///"):
            kwargs.pop("pool_size", None)
            kwargs.pop("max_overflow", None)
        else:
            kwargs.setdefault("pool_size", POOL_SIZE)
            kwargs.setdefault("max_overflow", MAX_OVERFLOW)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=10000")
            # NORMAL in WAL mode: a power cut may lose the last commits, never corrupt the
            # file. A transaction that hands out something signed on the strength of its
            # commit asks for FULL with `durable` (below).
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "checkout")
        def _back_to_normal(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
            if record.info.pop(_FULL, False):
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.close()

        return engine
    # Each worker keeps `pool_size` connections open: a request beyond them opens one of its
    # own and closes it after (the overflow), and a PostgreSQL connection costs a process
    # fork; under 8 concurrent requests a worker with SQLAlchemy's default 5 spent its tail
    # latency (p99 over a second at 16 connections on 2 workers) opening connections.
    kwargs.setdefault("pool_size", POOL_SIZE)
    kwargs.setdefault("max_overflow", MAX_OVERFLOW)
    return create_engine(url, pool_pre_ping=True, **kwargs)


POOL_SIZE = 20
MAX_OVERFLOW = 10


_FULL = "xborder_synchronous_full"


class NotDurable(RuntimeError):
    """A signed evidence or checkpoint was written in a transaction not opened durable."""


def require_durable(session: Session) -> None:
    """Called by what hands out something signed on the strength of a commit (an exchange
    evidence, a ledger checkpoint): the transaction must have been opened with
    `Database.transaction(durable=True)`, since SQLite cannot change how it syncs once a
    transaction has begun. PostgreSQL's commits are always durable."""
    conn = session.connection()
    if conn.dialect.name == "sqlite" and not conn.connection.info.get(_FULL):
        raise NotDurable("open this transaction with db.transaction(durable=True)")


def insert_if_absent(session: Session, model: Any, values: dict[str, Any], keys: list[str]) -> None:
    """INSERT ... ON CONFLICT (keys) DO NOTHING, in the dialect at hand: a row that another
    transaction may create at the same moment."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=keys))


class Database:
    def __init__(self, url: str, **engine: Any) -> None:
        """`engine`: the pool's `pool_size` and `max_overflow` (`of`)."""
        self.url = url
        self.engine = make_engine(url, **engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def of(cls, settings: Settings) -> Database:
        """The database the settings name, with their pool size: what the server and every
        command open."""
        return cls(
            settings.url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow
        )

    @contextmanager
    def transaction(self, durable: bool = False) -> Iterator[Session]:
        """All writes of a use case commit together or not at all. `durable`: the commit is on
        disk before it returns (SQLite syncs fully for it; see `require_durable`)."""
        with self._sessions() as session, session.begin():
            if durable and self.engine.dialect.name == "sqlite":
                # Before the first statement: the driver has not begun the transaction yet.
                conn = session.connection()
                conn.exec_driver_sql("PRAGMA synchronous=FULL")
                conn.connection.info[_FULL] = True
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def next_number(session: Session, column: Any, prefix: str, width: int = 5) -> str:
    """The next control number `<prefix><sequence>` (`2026/00042`, `CCF/2026/00007`): one more
    than the highest so far under the prefix. Compared by length first, then text, so that
    `.../100000` comes after `.../99999` (a plain text maximum would hand out 100000 again,
    and every request after the 99,999th of a year would fail on the unique number)."""
    last = session.scalar(
        select(column)
        .where(column.like(f"{prefix}%"))
        .order_by(func.length(column).desc(), column.desc())
        .limit(1)
    )
    seq = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{seq:0{width}d}"
