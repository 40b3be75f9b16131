"""The extradition tables. They share `xborder.store.tables.Base`, so migrations and the schema
drift test see them (`xborder.store.tables` imports this module at its end)."""

from __future__ import annotations

from xborder.store.tables import ID, Base  # noqa: F401
