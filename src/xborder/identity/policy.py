"""Authorisation, in one place: may this role do this action, and may this organisation see
this record. Every route and service asks here; nothing else decides access.

Actions are the verbs of the system. Token scopes narrow a role, never widen it: an API token
carries scopes (`read`, `write`, `admin`) and an action needs the scope it is classed under.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from xborder.identity.rules import Always, Equals, Has, IsTrue, Not, Rule, all_of, any_of, one_of
from xborder.kernel.actor import Actor, OrgKind, Role
from xborder.kernel.errors import Forbidden


class Action(StrEnum):
    ME_READ = "me.read"
    PERSON_READ = "person.read"
    PERSON_SEARCH = "person.search"
    PERSON_CREATE = "person.create"
    USER_LIST = "user.list"
    USER_MANAGE = "user.manage"
    TOKEN_MANAGE_OWN = "token.manage_own"  # noqa: S105 - an action name, not a secret
    AUDIT_READ = "audit.read"
    ORG_LIST = "org.list"
    KEY_MANAGE = "key.manage"
    ENDPOINT_MANAGE = "endpoint.manage"
    EXCHANGE_SEND = "exchange.send"
    EXCHANGE_READ = "exchange.read"
    EXCHANGE_REVIEW = "exchange.review"  # messages held under corrective measures
    NOTICE_DRAFT = "notice.draft"
    NOTICE_APPROVE = "notice.approve"
    NOTICE_READ = "notice.read"
    NOTICE_REVIEW = "notice.review"
    NOTICE_SOURCE_MANAGE = "notice.source_manage"  # suspend, resume, withdraw, renew
    NOTICE_FLAG = "notice.flag"
    NOTICE_HIT = "notice.hit"
    DIFFUSION_SEND = "diffusion.send"
    DIFFUSION_READ = "diffusion.read"
    DIFFUSION_REVIEW = "diffusion.review"
    MEASURE_MANAGE = "measure.manage"
    MEASURE_READ = "measure.read"
    CONTEXT_MANAGE = "context.manage"  # country context notes, the protected-status register
    COMMISSION_READ = "commission.read"
    COMMISSION_MANAGE = "commission.manage"
    COMMISSION_CONSULT = "commission.consult"  # the owning bureau answers the commission
    SCREEN = "screen"  # screen people against notices and imported lists
    LIST_IMPORT = "list.import"  # load an imported list (e.g. a sanctions list)
    # extradition and mutual legal assistance between two states (xborder.extradition)
    EXTRADITION_READ = "extradition.read"
    EXTRADITION_SEND = "extradition.send"  # requesting side: requests, documents, answers
    EXTRADITION_DECIDE = "extradition.decide"  # requested side: decision, surrender
    MLA_READ = "mla.read"
    MLA_SEND = "mla.send"
    MLA_DECIDE = "mla.decide"
    # responsible AI governance (xborder.governance)
    GOVERNANCE_READ = "governance.read"  # the register's internal section, oversight figures
    GOVERNANCE_ASSESS = "governance.assess"  # answer assessments, run evaluations
    GOVERNANCE_SIGN_OFF = "governance.sign_off"  # sign an assessment off
    AI_CONTROL = "ai.control"  # switch an AI component on or off
    SEARCH_AUTHORISE = "search.authorise"  # authorise a high-impact (biometric) search


class Scope(StrEnum):
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


SCOPE_OF: dict[Action, Scope] = {
    Action.ME_READ: Scope.READ,
    Action.PERSON_READ: Scope.READ,
    Action.PERSON_SEARCH: Scope.READ,
    Action.PERSON_CREATE: Scope.WRITE,
    Action.USER_LIST: Scope.READ,
    Action.USER_MANAGE: Scope.ADMIN,
    Action.TOKEN_MANAGE_OWN: Scope.WRITE,
    Action.AUDIT_READ: Scope.READ,
    Action.ORG_LIST: Scope.READ,
    Action.KEY_MANAGE: Scope.WRITE,
    Action.ENDPOINT_MANAGE: Scope.WRITE,
    Action.EXCHANGE_SEND: Scope.WRITE,
    Action.EXCHANGE_READ: Scope.READ,
    Action.EXCHANGE_REVIEW: Scope.WRITE,
    Action.NOTICE_DRAFT: Scope.WRITE,
    Action.NOTICE_APPROVE: Scope.WRITE,
    Action.NOTICE_READ: Scope.READ,
    Action.NOTICE_REVIEW: Scope.WRITE,
    Action.NOTICE_SOURCE_MANAGE: Scope.WRITE,
    Action.NOTICE_FLAG: Scope.WRITE,
    Action.NOTICE_HIT: Scope.WRITE,
    Action.DIFFUSION_SEND: Scope.WRITE,
    Action.DIFFUSION_READ: Scope.READ,
    Action.DIFFUSION_REVIEW: Scope.WRITE,
    Action.MEASURE_MANAGE: Scope.ADMIN,
    Action.MEASURE_READ: Scope.READ,
    Action.CONTEXT_MANAGE: Scope.WRITE,
    Action.COMMISSION_READ: Scope.READ,
    Action.COMMISSION_MANAGE: Scope.WRITE,
    Action.COMMISSION_CONSULT: Scope.WRITE,
    Action.SCREEN: Scope.READ,
    Action.LIST_IMPORT: Scope.ADMIN,
    Action.EXTRADITION_READ: Scope.READ,
    Action.EXTRADITION_SEND: Scope.WRITE,
    Action.EXTRADITION_DECIDE: Scope.WRITE,
    Action.MLA_READ: Scope.READ,
    Action.MLA_SEND: Scope.WRITE,
    Action.MLA_DECIDE: Scope.WRITE,
    Action.GOVERNANCE_READ: Scope.READ,
    Action.GOVERNANCE_ASSESS: Scope.WRITE,
    Action.GOVERNANCE_SIGN_OFF: Scope.ADMIN,
    Action.AI_CONTROL: Scope.ADMIN,
    Action.SEARCH_AUTHORISE: Scope.WRITE,
}

_EVERYONE = frozenset({Action.ME_READ, Action.TOKEN_MANAGE_OWN, Action.ORG_LIST})
_PERSON_READERS = frozenset({Action.PERSON_READ, Action.PERSON_SEARCH})
_BUREAU_EXCHANGE = frozenset({Action.EXCHANGE_SEND, Action.EXCHANGE_READ})
_BUREAU_NOTICES = frozenset(
    {
        Action.NOTICE_DRAFT,
        Action.NOTICE_READ,
        Action.NOTICE_FLAG,
        Action.NOTICE_HIT,
        Action.DIFFUSION_SEND,
        Action.DIFFUSION_READ,
        Action.MEASURE_READ,
        Action.SCREEN,
    }
)
_SECRETARIAT_NOTICES = frozenset(
    {
        Action.NOTICE_READ,
        Action.DIFFUSION_READ,
        Action.MEASURE_READ,
        Action.CONTEXT_MANAGE,
    }
)

# Extradition and MLA: both states' bureaus work a case (the service checks it is one of the
# two); the decision on the requested side is the supervisor's. The secretariat reads the cases
# whose channel passes through it.
_JUDICIAL_BUREAU = frozenset(
    {Action.EXTRADITION_READ, Action.EXTRADITION_SEND, Action.MLA_READ, Action.MLA_SEND}
)
_JUDICIAL_DECIDE = frozenset({Action.EXTRADITION_DECIDE, Action.MLA_DECIDE})
_JUDICIAL_SECRETARIAT = frozenset({Action.EXTRADITION_READ, Action.MLA_READ})
# Responsible AI: the internal register and oversight figures are for those who oversee.
_GOVERNANCE_READERS = frozenset({Action.GOVERNANCE_READ})

# Role x action. Auditors read the logs about persons, not the persons themselves; the cyber
# desk and partners have no business with person records.
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.NCB_OFFICER: _EVERYONE
    | _PERSON_READERS
    | _BUREAU_EXCHANGE
    | _BUREAU_NOTICES
    | _JUDICIAL_BUREAU
    | {Action.PERSON_CREATE},
    # Four-eyes: the supervisor approves what the bureau sends and runs its notices' lifecycle.
    Role.NCB_SUPERVISOR: _EVERYONE
    | _PERSON_READERS
    | _BUREAU_EXCHANGE
    | _BUREAU_NOTICES
    | _JUDICIAL_BUREAU
    | {
        Action.PERSON_CREATE,
        Action.KEY_MANAGE,
        Action.ENDPOINT_MANAGE,
        Action.NOTICE_APPROVE,
        Action.NOTICE_SOURCE_MANAGE,
        Action.COMMISSION_CONSULT,
        Action.SEARCH_AUTHORISE,
    }
    | _JUDICIAL_DECIDE
    | _GOVERNANCE_READERS,
    Role.REVIEWER: _EVERYONE
    | _PERSON_READERS
    | _SECRETARIAT_NOTICES
    | _JUDICIAL_SECRETARIAT
    | _GOVERNANCE_READERS
    | {
        Action.NOTICE_REVIEW,
        Action.DIFFUSION_REVIEW,
        Action.EXCHANGE_REVIEW,
        Action.SCREEN,
        Action.GOVERNANCE_ASSESS,
        Action.SEARCH_AUTHORISE,
    },
    Role.SECRETARIAT_ADMIN: _EVERYONE
    | _PERSON_READERS
    | _SECRETARIAT_NOTICES
    | {
        Action.USER_LIST,
        Action.USER_MANAGE,
        Action.KEY_MANAGE,
        Action.MEASURE_MANAGE,
        Action.LIST_IMPORT,
        Action.GOVERNANCE_ASSESS,
        Action.GOVERNANCE_SIGN_OFF,
        Action.AI_CONTROL,
    }
    | _GOVERNANCE_READERS,
    # The commission reads what it must to decide, and its decisions are carried out.
    Role.CCF: _EVERYONE
    | _PERSON_READERS
    | {Action.NOTICE_READ, Action.COMMISSION_READ, Action.COMMISSION_MANAGE},
    Role.AUDITOR: _EVERYONE
    | _GOVERNANCE_READERS
    | {Action.AUDIT_READ, Action.USER_LIST, Action.MEASURE_READ},
    Role.CYBER_ANALYST: _EVERYONE,
    Role.PARTNER: _EVERYONE,
}


def allowed(actor: Actor, action: Action) -> bool:
    if action not in ROLE_ACTIONS.get(actor.role, frozenset()):
        return False
    return actor.scopes is None or SCOPE_OF[action].value in actor.scopes


def authorize(actor: Actor, action: Action) -> None:
    """Raise `Forbidden` unless the actor's role (and token scope) allows the action."""
    if not allowed(actor, action):
        raise Forbidden(f"role {actor.role.value} may not {action.value}")


@dataclass(frozen=True)
class Visibility:
    """Which person records an actor may see, in a form a repository can turn into a filter.

    `everything`: the secretariat and the commission see all records. Otherwise `country`:
    a bureau sees its own records, unrestricted ones, and those restricted to include it.
    `nothing`: roles without person access.
    """

    everything: bool = False
    country: str | None = None

    @property
    def nothing(self) -> bool:
        return not self.everything and self.country is None


def sees_everything(actor: Actor) -> bool:
    """The secretariat and the commission see every record (within what their role may do);
    bureaus see by country; other organisations see none."""
    return actor.org_kind in (OrgKind.SECRETARIAT, OrgKind.COMMISSION)


def person_visibility(actor: Actor) -> Visibility:
    if Action.PERSON_READ not in ROLE_ACTIONS.get(actor.role, frozenset()):
        return Visibility()
    if sees_everything(actor):
        return Visibility(everything=True)
    if actor.org_kind == OrgKind.BUREAU and actor.country:
        return Visibility(country=actor.country)
    return Visibility()


# --- which records an actor sees -------------------------------------------------------------
# Each rule is written once (xborder.identity.rules) and read two ways: `rule.holds(row)` for a
# record in memory, `rule.sql(Model)` for the query that lists them, so a list and a detail page
# can never disagree. A capability passes the names of its own states; the decision is here.


def person_rule(visibility: Visibility) -> Rule:
    """A bureau sees its own records, unrestricted ones, and those restricted to include it."""
    if visibility.everything:
        return Always(True)
    if visibility.country is None:
        return Always(False)
    c = visibility.country
    return any_of(
        Equals("owner_country", c), Not(IsTrue("restricted")), Has("restrictions", "country", c)
    )


def notice_rule(actor: Actor, *, unsent: Iterable[str], published: str) -> Rule:
    """The secretariat and the commission see every request once it has left its bureau
    (`unsent`: drafts, awaiting the supervisor); a bureau sees its own, and published notices
    that are not blocked and not restricted away from it."""
    if sees_everything(actor):
        return Not(one_of("state", unsent))
    c = actor.country
    if actor.org_kind != OrgKind.BUREAU or c is None:
        return Always(False)
    return any_of(
        Equals("requesting_country", c),
        all_of(
            Equals("state", published),
            Not(IsTrue("blocked")),
            any_of(Not(IsTrue("restricted")), Has("restrictions", "country", c)),
        ),
    )


def diffusion_rule(actor: Actor, *, served: Iterable[str]) -> Rule:
    """The sender sees its own; a recipient sees what is served to it; the secretariat all."""
    if sees_everything(actor):
        return Always(True)
    c = actor.country
    if actor.org_kind != OrgKind.BUREAU or c is None:
        return Always(False)
    return any_of(
        Equals("sender_country", c),
        all_of(one_of("state", served), Has("recipients", "country", c)),
    )


def judicial_case_rule(actor: Actor) -> Rule:
    """The two states concerned; the secretariat where the channel passes through it."""
    if actor.org_kind == OrgKind.SECRETARIAT:
        return IsTrue("via_secretariat")
    c = actor.country
    if actor.org_kind != OrgKind.BUREAU or c is None:
        return Always(False)
    return any_of(Equals("requesting_country", c), Equals("requested_country", c))


def may_record_person(actor: Actor) -> bool:
    """Only a bureau records persons, and always for its own country."""
    return actor.org_kind == OrgKind.BUREAU and actor.country is not None


def may_manage_keys_of(actor: Actor, country: str) -> bool:
    """A bureau manages its own country's keys; the secretariat any country's."""
    return actor.org_kind != OrgKind.BUREAU or actor.country == country


def may_see_message(actor: Actor, sender: str, recipients: Iterable[str]) -> bool:
    """Only the two ends of an exchange see a message."""
    return actor.country is not None and (
        actor.country == sender or actor.country in set(recipients)
    )


def may_manage_token(actor: Actor, token_owner_id: str) -> bool:
    """Own tokens always; any token for a secretariat admin (revoking a leaked token)."""
    return actor.user_id == token_owner_id or actor.role == Role.SECRETARIAT_ADMIN
