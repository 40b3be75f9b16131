"""Notices join the system: requests, review, diffusions and researched profiles over the API
and in pages; the lifecycle job; and the protection notices states send the secretariat over
the exchange, which feed the refugee checks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from xborder.exchange import hub
from xborder.kernel.actor import Actor
from xborder.notices import (
    cli,
    context,
    diffusion_pages,
    diffusion_routes,
    jobs,
    measure_pages,
    profile_routes,
    request_pages,
    review_pages,
    routes,
    safeguard_pages,
)
from xborder.plugins import Registry


def _apply_protection_notice(
    s: Session, actor: Actor, sender: str, msg_id: str, document: dict[str, Any], now: datetime
) -> object:
    return context.apply_protection_notice(
        s, actor, granting=sender, msg_id=msg_id, document=document, now=now
    )


def register(r: Registry) -> None:
    hub.handle_for_secretariat(
        "protection",
        "notify",
        hub.SecretariatHandler(
            check=context.check_protection_notice, apply=_apply_protection_notice
        ),
    )
    r.api.extend((routes.router, diffusion_routes.router, profile_routes.router))
    # The review's safeguard forms before the notice pages, as they always were.
    r.pages.extend(
        (
            safeguard_pages.router,
            request_pages.router,
            review_pages.router,
            diffusion_pages.router,
            measure_pages.router,
        )
    )
    r.jobs.extend(jobs.JOBS)
    r.cli.append(("notices", cli.app))
    r.commands.append(("safeguards", "check", cli.check))
