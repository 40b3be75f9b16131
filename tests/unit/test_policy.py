import pytest

from xborder.identity.policy import (
    ROLE_ACTIONS,
    Action,
    Visibility,
    allowed,
    can_see,
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


def test_bureau_sees_own_unrestricted_and_included_records_only() -> None:
    v = person_visibility(actor(Role.NCB_OFFICER, "FR"))
    assert v == Visibility(country="FR")
    assert can_see(v, "FR", frozenset({"DE"}))  # its own, even restricted elsewhere
    assert can_see(v, "RU", None)  # unrestricted
    assert can_see(v, "RU", frozenset({"FR", "DE"}))
    assert not can_see(v, "RU", frozenset({"DE"}))


def test_secretariat_and_commission_see_everything() -> None:
    assert person_visibility(actor(Role.REVIEWER)).everything
    assert person_visibility(actor(Role.CCF)).everything
