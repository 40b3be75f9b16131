"""The audit trails join the system: events and the access log, for those who audit."""

from __future__ import annotations

from xborder.audit import routes
from xborder.plugins import Registry


def register(r: Registry) -> None:
    r.api.append(routes.router)
