"""Who is acting: every service call takes an `Actor`, never a raw user id."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    NCB_OFFICER = "ncb_officer"
    NCB_SUPERVISOR = "ncb_supervisor"
    REVIEWER = "reviewer"
    SECRETARIAT_ADMIN = "secretariat_admin"
    CCF = "ccf"
    AUDITOR = "auditor"
    CYBER_ANALYST = "cyber_analyst"
    PARTNER = "partner"


class OrgKind(StrEnum):
    BUREAU = "bureau"  # a member country's National Central Bureau
    SECRETARIAT = "secretariat"
    COMMISSION = "commission"  # the independent files commission (CCF)
    OVERSIGHT = "oversight"  # auditors' body
    PARTNER = "partner"  # vetted private partner (cybercrime desk)


# Which roles a user of each kind of organisation may hold: a bureau officer cannot sit in the
# secretariat, a partner cannot be a reviewer.
ROLES_BY_ORG_KIND: dict[OrgKind, frozenset[Role]] = {
    OrgKind.BUREAU: frozenset({Role.NCB_OFFICER, Role.NCB_SUPERVISOR}),
    OrgKind.SECRETARIAT: frozenset({Role.REVIEWER, Role.SECRETARIAT_ADMIN, Role.CYBER_ANALYST}),
    OrgKind.COMMISSION: frozenset({Role.CCF}),
    OrgKind.OVERSIGHT: frozenset({Role.AUDITOR}),
    OrgKind.PARTNER: frozenset({Role.PARTNER}),
}


@dataclass(frozen=True)
class Actor:
    """An authenticated user as services see them.

    `scopes` is None for an interactive session (the role decides) and the token's scopes for
    API tokens, which can only narrow what the role allows.
    """

    user_id: str
    username: str
    role: Role
    org_id: str
    org_kind: OrgKind
    country: str | None  # ISO alpha-2 for bureaus, None otherwise
    scopes: frozenset[str] | None = None
    via: str = "session"
    token_id: str | None = field(default=None)


@dataclass(frozen=True)
class WebSession:
    """A logged-in browser: its actor and the session's CSRF token."""

    session_id: str
    csrf_token: str
    actor: Actor
