"""Alembic environment: runs migrations on the URL the caller configured."""

from __future__ import annotations

from alembic import context

import xborder.platform.capabilities  # noqa: F401  (every capability's tables in Base.metadata)
from xborder.store.db import make_engine
from xborder.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
