"""Legal bases are data: the EU, the ECE parties and the treaties come from the JSON file, and
the applicable bases between two states are ordered best first with reciprocity always last."""

from __future__ import annotations

import json
from importlib import resources

import pycountry
import pytest

from xborder.extradition.legal_bases import (
    BasisKind,
    LegalBasis,
    all_bases,
    bases_between,
    basis_from_entry,
    get_basis,
)

EU = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}  # fmt: skip


def ids(bases: list[LegalBasis]) -> list[str]:
    return [b.id for b in bases]


def test_eaw_parties_are_the_27_eu_members() -> None:
    eaw = get_basis("eaw")
    assert eaw.kind is BasisKind.EAW
    assert eaw.parties == EU
    assert (eaw.decision_days, eaw.decision_extension_days) == (60, 30)
    assert (eaw.consent_decision_days, eaw.surrender_days) == (10, 10)
    assert (eaw.min_penalty_months, eaw.min_sentence_months) == (12, 4)
    assert eaw.listed_offences_without_dual_criminality
    assert not eaw.penalty_and_sentence  # art. 2(1): either threshold


def test_ece_parameters_and_parties() -> None:
    ece = get_basis("ece-1957")
    assert (ece.provisional_arrest_days, ece.provisional_arrest_max_days) == (18, 40)
    assert ece.consent_decision_days == 20  # 3rd Add. Prot. art. 7
    assert ece.fiscal_offences_excluded and ece.death_penalty_assurance_required
    assert {"IL", "ZA", "KR", "GB", "CH", "TR", "UA", "NO"} <= ece.parties
    assert ece.parties >= EU
    assert "US" not in ece.parties and "JP" not in ece.parties
    assert "UNVERIFIED" in ece.note
    assert ece.ref("provisional_arrest") == "ECE art. 16(4)"


def test_bilateral_treaties() -> None:
    gbus = get_basis("bilateral-gb-us-2003")
    assert gbus.parties == {"GB", "US"}
    assert gbus.provisional_arrest_days == 60
    assert gbus.nationals_extradited
    mxus = get_basis("bilateral-mx-us-1978")
    assert mxus.provisional_arrest_days == 60 and "UNVERIFIED" in mxus.note
    bilaterals = [b for b in all_bases() if b.kind is BasisKind.BILATERAL]
    assert len(bilaterals) >= 3
    assert all(len(b.parties) == 2 for b in bilaterals)


def test_untoc_models_near_universal_membership() -> None:
    un = get_basis("untoc-2000")
    assert un.kind is BasisKind.UN
    assert len(un.parties) > 190
    assert "IR" not in un.parties  # signed, not ratified
    assert {"US", "CN", "RU", "NG", "BR"} <= un.parties
    assert un.min_penalty_months == 48  # "serious crime", art. 2(b)


def test_between_eu_members_only_the_eaw() -> None:
    """FD 2002/584/JHA art. 31(1): the EAW replaces the ECE (and the rest) between members."""
    assert ids(bases_between("FR", "DE")) == ["eaw"]
    assert ids(bases_between("fr", "de")) == ["eaw"]
    for a, b in [("IE", "PL"), ("CY", "MT"), ("SE", "PT")]:
        assert ids(bases_between(a, b)) == ["eaw"]


def test_order_bilateral_before_conventions() -> None:
    assert ids(bases_between("US", "GB")) == ["bilateral-gb-us-2003", "untoc-2000", "reciprocity"]
    assert ids(bases_between("GB", "US"))[0] == "bilateral-gb-us-2003"
    assert ids(bases_between("CH", "GB")) == ["ece-1957", "untoc-2000", "reciprocity"]


def test_uk_norway_iceland_and_the_eu_surrender_agreements_come_first() -> None:
    """Since 2021 the TCA governs surrender between the UK and EU members; since 2019 the
    2006 Agreement between Norway or Iceland and EU members: each before the ECE."""
    for a, b in [("GB", "FR"), ("DE", "GB")]:
        assert ids(bases_between(a, b))[0] == "tca-uk-eu-2020"
    for a, b in [("NO", "DE"), ("PL", "IS")]:
        assert ids(bases_between(a, b))[0] == "eu-no-is-2006"
    # One state of each side, never two of the same side.
    assert "eu-no-is-2006" not in ids(bases_between("IS", "NO"))
    assert "tca-uk-eu-2020" not in ids(bases_between("GB", "NO"))
    assert "tca-uk-eu-2020" not in ids(bases_between("GB", "US"))
    for basis_id in ("tca-uk-eu-2020", "eu-no-is-2006"):
        b = get_basis(basis_id)
        assert b.kind is BasisKind.SURRENDER_AGREEMENT
        assert (b.decision_days, b.decision_extension_days) == (60, 30)
        assert (b.consent_decision_days, b.surrender_days) == (10, 10)
        assert not b.listed_offences_without_dual_criminality  # only by declaration
        assert not b.requested_state_min_penalty
        assert "UNVERIFIED" in b.note
    assert get_basis("tca-uk-eu-2020").parties == EU | {"GB"}
    assert get_basis("eu-no-is-2006").parties == EU | {"NO", "IS"}


def test_a_surrender_agreement_replaces_the_ece_between_its_parties() -> None:
    """The TCA and the EU-Norway/Iceland Agreement replace the ECE between their parties: the
    ECE is not offered there (the UN convention and reciprocity stay), but it still is between
    those states and a state outside the agreement."""
    for a, b in [("GB", "FR"), ("FR", "GB"), ("DE", "GB"), ("NO", "DE"), ("PL", "IS")]:
        offered = ids(bases_between(a, b))
        assert "ece-1957" not in offered, (a, b)
        assert offered[0] in ("tca-uk-eu-2020", "eu-no-is-2006")
        assert offered[-1] == "reciprocity" and "untoc-2000" in offered
    for a, b in [("GB", "CH"), ("NO", "GB"), ("CH", "FR"), ("IS", "TR")]:
        assert "ece-1957" in ids(bases_between(a, b)), (a, b)


def test_uk_us_treaty_limitation_is_no_bar_and_uk_statute_refs_are_scoped() -> None:
    """UK-US Treaty 2003 art. 6: decided without regard to any statute of limitations; the UK
    Extradition Act binds only when the UK is requested."""
    b = get_basis("bilateral-gb-us-2003")
    assert not b.lapse_of_time_bar
    assert b.ref("lapse_of_time") == ""
    assert b.ref_for("forum", "GB") == "UK Extradition Act 2003 s83A"
    assert b.ref_for("forum", "US") == ""
    assert b.ref_for("in_absentia", "gb") == "UK Extradition Act 2003 s85(3)-(8)"
    assert b.ref_for("political", "US") == "UK-US Treaty 2003 art. 4"  # the treaty's own
    assert all(get_basis(x).lapse_of_time_bar for x in ("eaw", "ece-1957", "reciprocity"))
    assert not get_basis("eaw").requested_state_min_penalty
    assert not get_basis("untoc-2000").requested_state_min_penalty
    assert get_basis("ece-1957").requested_state_min_penalty


def test_ece_consent_notice_and_release_after_the_agreed_surrender_date() -> None:
    ece = get_basis("ece-1957")
    assert ece.consent_notice_days == 10  # 3rd Add. Prot. art. 6(1)
    assert (ece.surrender_release_days, ece.surrender_release_max_days) == (15, 30)  # art. 18(4)
    assert "BR" not in ece.parties
    assert get_basis("bilateral-jp-us-1978").non_extraditing_states == frozenset()


def test_reciprocity_always_last_and_alone_without_treaty() -> None:
    assert ids(bases_between("IR", "US")) == ["reciprocity"]
    for a, b in [("FR", "CH"), ("JP", "NZ"), ("US", "MX"), ("IR", "AF"), ("GB", "FR")]:
        assert bases_between(a, b)[-1].id == "reciprocity"
    assert bases_between("FR", "FR") == []


def test_every_basis_is_well_formed() -> None:
    kinds_order = [
        BasisKind.EAW,
        BasisKind.SURRENDER_AGREEMENT,
        BasisKind.BILATERAL,
        BasisKind.MULTILATERAL,
        BasisKind.UN,
    ]
    for b in all_bases():
        assert b.source and b.name
        assert b.non_extraditing_states <= b.parties or b.kind is BasisKind.RECIPROCITY
        if b.provisional_arrest_days is not None and b.provisional_arrest_max_days is not None:
            assert b.provisional_arrest_days <= b.provisional_arrest_max_days
        for code in b.parties:
            assert pycountry.countries.get(alpha_2=code) is not None
    for a, c in [("FR", "DE"), ("US", "GB"), ("GB", "FR"), ("CN", "JP"), ("NO", "SE")]:
        ranks = [kinds_order.index(b.kind) for b in bases_between(a, c)[:-1]]
        assert ranks == sorted(ranks)


def test_unknown_basis() -> None:
    with pytest.raises(ValueError, match="unknown legal basis"):
        get_basis("treaty-of-atlantis")


def test_a_new_treaty_is_a_json_entry() -> None:
    """Every basis in the file is read whole from its entry; a new one needs only its entry."""
    raw = json.loads(
        resources.files("xborder.extradition").joinpath("data/legal_bases.json").read_text()
    )
    assert [basis_from_entry(e) for e in raw["bases"]] == list(all_bases())
    entry = {
        "id": "bilateral-au-id-1992",
        "name": "Extradition Treaty between Australia and Indonesia",
        "kind": "bilateral",
        "parties": ["au", "ID"],
        "provisional_arrest_days": 45,
        "provisional_arrest_max_days": 45,
        "min_penalty_months": 12,
        "min_sentence_months": 6,
        "nationals_extradited": False,
        "non_extraditing_states": ["ID"],
        "death_penalty_assurance_required": True,
        "fiscal_offences_excluded": False,
        "speciality": True,
        "source": "test entry",
        "refs": {"provisional_arrest": "AU-ID art. 11"},
    }
    b = basis_from_entry(entry)
    assert b.kind is BasisKind.BILATERAL and b.parties == {"AU", "ID"}
    assert b.applies_to("AU", "ID") and not b.applies_to("AU", "NZ")
    assert b.ref("provisional_arrest") == "AU-ID art. 11" and b.ref("forum", "x") == "x"
    assert b.decision_days is None and b.languages == ()
    with pytest.raises(ValueError, match="unknown country codes"):
        basis_from_entry({**entry, "parties": ["AU", "QQ"]})
    with pytest.raises(ValueError):
        basis_from_entry({**entry, "kind": "treaty"})
    with pytest.raises(KeyError):
        basis_from_entry({k: v for k, v in entry.items() if k != "speciality"})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"speciality": "false"}, "speciality must be true or false"),  # bool("false") is True
        ({"nationals_extradited": 0}, "nationals_extradited must be true or false"),
        ({"lapse_of_time_bar": "no"}, "lapse_of_time_bar must be true or false"),
        ({"provisional_arrest_days": -1}, "provisional_arrest_days must be a whole number"),
        ({"min_penalty_months": "12"}, "min_penalty_months must be a whole number"),
        ({"decision_days": 1.5}, "decision_days must be a whole number"),
        ({"surrender_days": True}, "surrender_days must be a whole number"),
        ({"provisional_arrest_days": 50}, "provisional_arrest_days: 50 is more than 45"),
        (
            {"surrender_release_days": 31, "surrender_release_max_days": 30},
            "surrender_release_days: 31 is more than 30",
        ),
        ({"non_extraditing_states": ["ID", "MY"]}, r"non_extraditing_states not parties: \['MY'\]"),
        ({"sides": [["AU"], ["ID"]]}, "sides are two lists, no parties"),
    ],
)
def test_bad_entries_fail_when_loaded(change: dict[str, object], message: str) -> None:
    entry = {
        "id": "bilateral-au-id-1992",
        "name": "Extradition Treaty between Australia and Indonesia",
        "kind": "bilateral",
        "parties": ["AU", "ID"],
        "provisional_arrest_days": 45,
        "provisional_arrest_max_days": 45,
        "min_penalty_months": 12,
        "min_sentence_months": 6,
        "nationals_extradited": False,
        "non_extraditing_states": ["ID"],
        "death_penalty_assurance_required": True,
        "fiscal_offences_excluded": False,
        "speciality": True,
        "source": "test entry",
    }
    assert basis_from_entry(entry).speciality
    with pytest.raises(ValueError, match=message):
        basis_from_entry({**entry, **change})


def test_a_two_sided_agreement() -> None:
    entry = {
        "id": "x",
        "name": "x",
        "kind": "surrender_agreement",
        "sides": [["NO"], ["SE", "FI"]],
        "min_penalty_months": 12,
        "min_sentence_months": 4,
        "nationals_extradited": True,
        "death_penalty_assurance_required": False,
        "fiscal_offences_excluded": False,
        "speciality": True,
        "source": "test entry",
    }
    b = basis_from_entry(entry)
    assert b.parties == {"NO", "SE", "FI"}
    assert b.applies_to("NO", "SE") and b.applies_to("fi", "no")
    assert not b.applies_to("SE", "FI")
    with pytest.raises(ValueError, match="a state on both sides"):
        basis_from_entry({**entry, "sides": [["NO", "SE"], ["SE"]]})
