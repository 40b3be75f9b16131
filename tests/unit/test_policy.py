from types import SimpleNamespace

import pytest

from xborder.identity.policy import (
    ROLE_ACTIONS,
    Action,
    Visibility,
    allowed,
    person_rule,
    person_visibility,
)
from xborder.kernel.actor import ROLES_BY_ORG_KIND, Actor, OrgKind, Role

ORG_OF = {role: kind for kind, roles in ROLES_BY_ORG_KIND.items() for role in roles}


def actor(role: Role, country: str | None = "FR", scopes: frozenset[str] | None = None) -> Actor:
    kind = ORG_OF[role]
    return Actor("u", "u", role, "o", kind, country if kind == OrgKind.BUREAU else None, scopes)


def test_every_role_belongs_to_some_organisation_kind() -> None:
    assert set(ORG_OF) == set(Role)
    assert set(ROLE_ACTIONS) == set(Role)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.CYBER_ANALYST, Role.PARTNER])
def test_roles_without_business_with_persons_cannot_read_them(role: Role) -> None:
    a = actor(role)
    assert not allowed(a, Action.PERSON_READ)
    assert person_visibility(a).nothing


def test_token_scopes_narrow_a_role_but_never_widen_it() -> None:
    read_only = actor(Role.NCB_OFFICER, scopes=frozenset({"read"}))
    assert allowed(read_only, Action.PERSON_READ)
    assert not allowed(read_only, Action.PERSON_CREATE)
    admin_scoped_officer = actor(Role.NCB_OFFICER, scopes=frozenset({"admin"}))
    assert not allowed(admin_scoped_officer, Action.USER_MANAGE)


def _person(owner: str, restricted_to: frozenset[str] | None) -> SimpleNamespace:
    return SimpleNamespace(
        owner_country=owner,
        restricted=restricted_to is not None,
        restrictions=[SimpleNamespace(country=c) for c in restricted_to or ()],
    )


def test_bureau_sees_own_unrestricted_and_included_records_only() -> None:
    v = person_visibility(actor(Role.NCB_OFFICER, "FR"))
    assert v == Visibility(country="FR")
    rule = person_rule(v)
    assert rule.holds(_person("FR", frozenset({"DE"})))  # its own, even restricted elsewhere
    assert rule.holds(_person("RU", None))  # unrestricted
    assert rule.holds(_person("RU", frozenset({"FR", "DE"})))
    assert not rule.holds(_person("RU", frozenset({"DE"})))


def test_secretariat_and_commission_see_everything() -> None:
    assert person_visibility(actor(Role.REVIEWER)).everything
    assert person_visibility(actor(Role.CCF)).everything
