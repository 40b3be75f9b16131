from itertools import islice

from xborder.kernel.countries import members
from xborder.kernel.names import NameKind
from xborder.twin.world import (
    DEMO_BUREAUS,
    demo_users,
    generate_persons,
    organisations,
)


def test_world_has_a_bureau_per_member_and_users_in_at_least_60() -> None:
    bureaus = [o for o in organisations() if o.country]
    assert len(bureaus) == len(members()) >= 150
    with_users = {u.org_name for u in demo_users() if u.role.value.startswith("ncb_")}
    assert len(with_users) >= 60 and set(DEMO_BUREAUS) <= set(members())


def test_persons_are_deterministic_and_any_slice_reproduces() -> None:
    first = list(generate_persons(5, 50))
    assert first == list(generate_persons(5, 50))
    assert list(islice(generate_persons(5, 50), 10, 20)) == first[10:20]
    assert first != list(generate_persons(6, 50))


def test_persons_carry_native_scripts_latin_forms_and_ground_truth() -> None:
    people = list(generate_persons(1, 600))
    scripts = {n.script for p in people for n in p.names if n.kind == NameKind.PRIMARY}
    assert {"Cyrl", "Arab", "Grek", "Deva", "Latn"} <= scripts
    assert scripts & {"Hani", "Hans"} and "Jpan" in scripts | {"Jpan"}
    for p in people:
        assert p.external_ref and p.external_ref.startswith("twin:1:")
        if p.primary_name.script != "Latn":
            assert any(n.script == "Latn" and n.system for n in p.names), p.names
    partial = [d for p in people for d in p.birth_dates if getattr(d, "day", 1) is None]
    assert partial, "some dates of birth are partial"
    assert any(p.restricted_to for p in people)
