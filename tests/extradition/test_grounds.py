"""The refusal grounds: a catalogue entry for each, and for each a check that fires when the
file shows the ground and stays silent when it does not (positive and negative per ground)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from tests.extradition.test_requestfile import sample_file
from xborder.extradition.grounds import (
    CATALOGUE,
    CONSIDER,
    RAISED,
    CheckContext,
    Ground,
    Raised,
    checklist,
    partial_outcome,
)
from xborder.extradition.legal_bases import get_basis
from xborder.extradition.requestfile import Assurances

TODAY = date(2028, 6, 1)


def ctx(basis: str = "ece-1957", **changes: Any) -> CheckContext:
    """France asks the United Kingdom under the ECE: a clean file that raises nothing. The
    offence took place in the requesting state, whichever it is."""
    base = CheckContext(
        basis=get_basis(basis),
        file=sample_file(),
        requesting_state="FR",
        requested_state="GB",
        today=TODAY,
    )
    c = replace(base, **changes)
    return with_offence(c, place_country=c.requesting_state)


def with_offence(c: CheckContext, **changes: Any) -> CheckContext:
    f = c.file
    return replace(c, file=replace(f, offences=(replace(f.offences[0], **changes),)))


def with_file(c: CheckContext, **changes: Any) -> CheckContext:
    return replace(c, file=replace(c.file, **changes))


def found(c: CheckContext) -> list[tuple[Ground, str | None, str]]:
    return [(r.ground, r.offence_ref, r.level) for r in checklist(c)]


def test_the_clean_file_raises_nothing() -> None:
    assert checklist(ctx()) == []


def test_catalogue_covers_every_ground() -> None:
    assert set(CATALOGUE) == set(Ground)
    assert len(Ground) == 16
    for g, info in CATALOGUE.items():
        assert info.ground is g and info.label and info.description and info.legal_refs
    assert CATALOGUE[Ground.PASSAGE_OF_TIME].parameters["years"] == 10
    assert CATALOGUE[Ground.DUAL_CRIMINALITY].parameters["listed_min_penalty_months"] == 36
    assert not CATALOGUE[Ground.OWN_NATIONAL].mandatory
    assert CATALOGUE[Ground.NE_BIS_IN_IDEM].mandatory
    assert Ground.POLITICAL_OFFENCE.value == "political_offence"


# --- political, military, fiscal --------------------------------------------------------------


def test_political_offence() -> None:
    c = with_offence(ctx(), nature=frozenset({"political"}))
    assert found(c) == [(Ground.POLITICAL_OFFENCE, "o1", RAISED)]
    assert checklist(c)[0].legal_ref == "ECE art. 3(1)"
    # The EAW has no political offence exception: only for consideration.
    eaw = with_offence(ctx("eaw", requested_state="ES"), nature=frozenset({"political"}))
    assert (Ground.POLITICAL_OFFENCE, "o1", CONSIDER) in found(eaw)


def test_notice_refused_or_deleted_under_art3() -> None:
    for state in ("refused", "deleted"):
        c = ctx(notice_state=state, notice_refusal_grounds=("art. 3",))
        assert found(c) == [
            (Ground.POLITICAL_OFFENCE, None, RAISED),
            (Ground.EXTRANEOUS_CONSIDERATIONS, None, CONSIDER),
        ]
        assert checklist(c)[0].evidence["notice_state"] == state
    assert checklist(ctx(notice_state="published", notice_refusal_grounds=())) == []
    assert checklist(ctx(notice_state="refused", notice_refusal_grounds=("art2",))) == []
    assert checklist(ctx(notice_state=None, notice_refusal_grounds=("art3",))) == []


def test_military_offence() -> None:
    c = with_offence(ctx(), nature=frozenset({"military"}))
    assert found(c) == [(Ground.MILITARY_OFFENCE, "o1", RAISED)]
    assert checklist(c)[0].legal_ref == "ECE art. 4"


def test_fiscal_offence_only_where_the_basis_excludes_it() -> None:
    c = with_offence(ctx(), nature=frozenset({"fiscal"}))
    assert found(c) == [(Ground.FISCAL_OFFENCE, "o1", RAISED)]
    gbus = with_offence(
        ctx("bilateral-gb-us-2003", requesting_state="US"), nature=frozenset({"fiscal"})
    )
    assert checklist(gbus) == []
    eaw = with_offence(ctx("eaw", requested_state="ES"), nature=frozenset({"fiscal"}))
    assert all(r.ground is not Ground.FISCAL_OFFENCE for r in checklist(eaw))


# --- the person -------------------------------------------------------------------------------


def nationals(c: CheckContext, *codes: str) -> CheckContext:
    return with_file(c, person=replace(c.file.person, nationalities=codes))


def test_own_national_of_a_non_extraditing_state() -> None:
    c = nationals(ctx(requesting_state="GB", requested_state="DE"), "DE", "TR")
    (r,) = checklist(c)
    assert (r.ground, r.level, r.offence_ref) == (Ground.OWN_NATIONAL, RAISED, None)
    assert r.legal_ref == "ECE art. 6" and r.evidence["requested_state"] == "DE"


def test_own_national_where_the_basis_does_not_oblige() -> None:
    c = nationals(ctx(), "GB")  # GB extradites its nationals but the ECE does not oblige it
    assert found(c) == [(Ground.OWN_NATIONAL, None, CONSIDER)]


def test_own_national_under_a_treaty_that_obliges() -> None:
    c = nationals(ctx("bilateral-gb-us-2003", requesting_state="US"), "GB")
    assert checklist(c) == []


def test_own_national_under_the_eaw() -> None:
    c = nationals(ctx("eaw", requested_state="ES"), "ES")
    assert found(c) == [(Ground.OWN_NATIONAL, None, CONSIDER)]


def test_not_a_national_raises_nothing() -> None:
    assert checklist(nationals(ctx(requested_state="DE"), "FR", "TR")) == []


# --- proceedings and time ---------------------------------------------------------------------


def test_pending_proceedings() -> None:
    assert found(ctx(pending_proceedings=True)) == [(Ground.PENDING_PROCEEDINGS, None, RAISED)]
    assert checklist(ctx(pending_proceedings=False)) == []


def test_ne_bis_in_idem() -> None:
    (r,) = checklist(ctx(final_judgment_same_acts=True))
    assert r.ground is Ground.NE_BIS_IN_IDEM and r.legal_ref == "ECE art. 9"


def test_lapse_of_time() -> None:
    c = with_offence(ctx(), limitation_ends=date(2028, 5, 31))
    assert found(c) == [(Ground.LAPSE_OF_TIME, "o1", RAISED)]
    assert checklist(with_offence(ctx(), limitation_ends=TODAY)) == []
    unknown = with_file(with_offence(ctx(), limitation_ends=None), limitation_rules="")
    assert found(unknown) == [(Ground.LAPSE_OF_TIME, "o1", CONSIDER)]
    assert checklist(with_offence(ctx(), limitation_ends=None)) == []  # rules given


def test_passage_of_time() -> None:
    ten_years = with_offence(ctx(), committed_on=date(2018, 6, 1), limitation_ends=None)
    assert found(ten_years) == [(Ground.PASSAGE_OF_TIME, "o1", CONSIDER)]
    assert checklist(with_offence(ctx(), committed_on=date(2018, 6, 2), limitation_ends=None)) == []
    five = replace(with_offence(ctx(), committed_on=date(2022, 1, 1)), passage_of_time_years=5)
    assert found(five) == [(Ground.PASSAGE_OF_TIME, "o1", CONSIDER)]
    leap = replace(
        with_offence(ctx(), committed_on=date(2024, 2, 28)),
        today=date(2028, 2, 29),
        passage_of_time_years=4,
    )
    assert found(leap) == [(Ground.PASSAGE_OF_TIME, "o1", CONSIDER)]


# --- penalty, assurances ----------------------------------------------------------------------


def test_death_penalty_without_assurance() -> None:
    c = with_offence(ctx(), punishable_by_death=True)
    assert found(c) == [(Ground.DEATH_PENALTY, "o1", RAISED)]
    assert checklist(c)[0].legal_ref == "ECE art. 11"
    assured = with_file(c, assurances=Assurances(death_penalty=True, speciality=True))
    assert checklist(assured) == []
    # A treaty between two states that both keep the death penalty asks for no assurance: the
    # authority still looks (its own law or human-rights obligations may).
    jpus = with_offence(
        ctx("bilateral-jp-us-1978", requesting_state="US", requested_state="JP"),
        punishable_by_death=True,
    )
    assert found(jpus) == [(Ground.DEATH_PENALTY, "o1", CONSIDER)]


def test_human_rights_sources() -> None:
    c = ctx(human_rights_sources=("CPT report 2027 on remand prisons",))
    (r,) = checklist(c)
    assert (r.ground, r.level) == (Ground.HUMAN_RIGHTS, CONSIDER)
    assert r.evidence["sources"] == ["CPT report 2027 on remand prisons"]
    assert checklist(ctx(human_rights_sources=())) == []


def in_absentia(c: CheckContext, **changes: Any) -> CheckContext:
    w = replace(
        c.file.warrant,
        kind="judgement",
        sentence_months=36,
        sentence_remaining_months=30,
        in_absentia=True,
        **changes,
    )
    return with_file(c, warrant=w)


def test_trial_in_absentia_without_retrial() -> None:
    assert found(in_absentia(ctx())) == [(Ground.IN_ABSENTIA, None, RAISED)]
    assert checklist(in_absentia(ctx(), retrial_guaranteed=True)) == []
    c = in_absentia(ctx())
    assert checklist(with_file(c, assurances=Assurances(retrial=True, speciality=True))) == []


def test_forum() -> None:
    here = with_offence(ctx(), place_country="GB")
    assert found(here) == [(Ground.FORUM, "o1", RAISED)]
    third = with_offence(ctx(), place_country="BE")
    assert found(third) == [(Ground.FORUM, "o1", CONSIDER)]
    assert checklist(with_offence(ctx(), place_country="FR")) == []


def test_speciality_without_treaty_or_assurance() -> None:
    c = with_file(ctx("reciprocity"), assurances=Assurances())
    assert found(c) == [(Ground.SPECIALITY, None, RAISED)]
    assert checklist(with_file(ctx("reciprocity"), assurances=Assurances(speciality=True))) == []
    assert checklist(with_file(ctx(), assurances=Assurances())) == []  # ECE art. 14 applies


def test_dual_criminality_not_shown() -> None:
    c = with_offence(ctx(), requested_state_offence="")
    (r,) = checklist(c)
    assert (r.ground, r.offence_ref, r.level) == (Ground.DUAL_CRIMINALITY, "o1", RAISED)
    assert "not shown" in r.text


def test_dual_criminality_below_the_minimum_in_the_requested_state() -> None:
    c = with_offence(ctx(), requested_state_penalty_months=6)
    (r,) = checklist(c)
    assert r.ground is Ground.DUAL_CRIMINALITY
    assert r.evidence == {
        "requested_state_offence": "Estafa (Código Penal art. 250)",
        "requested_state_penalty_months": 6,
        "min_penalty_months": 12,
    }


def test_eaw_listed_category_of_three_years_skips_dual_criminality() -> None:
    eaw = ctx("eaw", requested_state="ES")
    assert checklist(with_offence(eaw, requested_state_offence="")) == []
    assert (
        checklist(with_offence(eaw, requested_state_offence="", max_penalty_months=None)) == []
    )  # life
    short = with_offence(eaw, requested_state_offence="", max_penalty_months=24)
    (r,) = checklist(short)
    assert r.ground is Ground.DUAL_CRIMINALITY and "less than three years" in r.text
    unlisted = with_offence(eaw, requested_state_offence="", eaw_category=None)
    assert found(unlisted) == [(Ground.DUAL_CRIMINALITY, "o1", RAISED)]


def test_penalty_threshold_for_a_warrant() -> None:
    c = with_offence(ctx(), max_penalty_months=6)
    assert found(c) == [(Ground.PENALTY_THRESHOLD, "o1", RAISED)]
    assert checklist(with_offence(ctx(), max_penalty_months=12)) == []
    assert checklist(with_offence(ctx(), max_penalty_months=None)) == []  # life
    un = with_offence(
        ctx("untoc-2000", requesting_state="FR", requested_state="US"), max_penalty_months=36
    )
    assert (Ground.PENALTY_THRESHOLD, "o1", RAISED) in found(un)


def judgement(c: CheckContext, sentence: int) -> CheckContext:
    w = replace(
        c.file.warrant, kind="judgement", sentence_months=sentence, sentence_remaining_months=0
    )
    return with_file(c, warrant=w)


def test_penalty_threshold_for_a_sentence() -> None:
    assert found(judgement(ctx(), 3)) == [(Ground.PENALTY_THRESHOLD, None, RAISED)]
    assert checklist(judgement(ctx(), 4)) == []
    # ECE art. 2(1): the offence must also be punishable by a year; EAW art. 2(1): either.
    short_offence = with_offence(judgement(ctx(), 6), max_penalty_months=10)
    assert found(short_offence) == [(Ground.PENALTY_THRESHOLD, "o1", RAISED)]
    eaw = with_offence(
        judgement(ctx("eaw", requested_state="ES"), 6), max_penalty_months=10, eaw_category=None
    )
    assert [r.ground for r in checklist(eaw)] == []


def test_the_checklist_never_decides_and_cites_the_basis() -> None:
    c = with_offence(
        ctx(pending_proceedings=True),
        nature=frozenset({"political", "fiscal"}),
        punishable_by_death=True,
        requested_state_offence="",
    )
    raised = checklist(c)
    assert {r.level for r in raised} <= {RAISED, CONSIDER}
    assert all(r.legal_ref.startswith("ECE") for r in raised)
    assert [r.ground for r in raised] == [
        Ground.POLITICAL_OFFENCE,
        Ground.FISCAL_OFFENCE,
        Ground.PENDING_PROCEEDINGS,
        Ground.DEATH_PENALTY,
        Ground.DUAL_CRIMINALITY,
    ]


def test_partial_outcome_per_offence() -> None:
    c = ctx(pending_proceedings=True)
    o1 = c.file.offences[0]
    o2 = replace(o1, ref="o2", nature=frozenset({"military"}), requested_state_offence="")
    c = with_file(c, offences=(o1, o2))
    raised = checklist(c)
    out = partial_outcome(raised, ["o1", "o2", "o3"])
    assert out == {
        "o1": [Ground.PENDING_PROCEEDINGS],
        "o2": [Ground.MILITARY_OFFENCE, Ground.PENDING_PROCEEDINGS, Ground.DUAL_CRIMINALITY],
        "o3": [Ground.PENDING_PROCEEDINGS],
    }
    assert partial_outcome([], ["o1"]) == {"o1": []}
    dup = [
        Raised(Ground.FORUM, "o1", RAISED, "", {}, ""),
        Raised(Ground.FORUM, "o1", CONSIDER, "", {}, ""),
    ]
    assert partial_outcome(dup, ["o1"]) == {"o1": [Ground.FORUM]}


@pytest.mark.parametrize("ground", list(Ground))
def test_each_ground_has_a_firing_check(ground: Ground) -> None:
    """Every catalogue ground can be raised by some file or context (no dead entry)."""
    fire: dict[Ground, CheckContext] = {
        Ground.POLITICAL_OFFENCE: with_offence(ctx(), nature=frozenset({"political"})),
        Ground.MILITARY_OFFENCE: with_offence(ctx(), nature=frozenset({"military"})),
        Ground.FISCAL_OFFENCE: with_offence(ctx(), nature=frozenset({"fiscal"})),
        Ground.OWN_NATIONAL: nationals(ctx(), "GB"),
        Ground.PENDING_PROCEEDINGS: ctx(pending_proceedings=True),
        Ground.NE_BIS_IN_IDEM: ctx(final_judgment_same_acts=True),
        Ground.LAPSE_OF_TIME: with_offence(ctx(), limitation_ends=date(2020, 1, 1)),
        Ground.DEATH_PENALTY: with_offence(ctx(), punishable_by_death=True),
        Ground.HUMAN_RIGHTS: ctx(human_rights_sources=("x",)),
        Ground.IN_ABSENTIA: in_absentia(ctx()),
        Ground.EXTRANEOUS_CONSIDERATIONS: ctx(
            notice_state="refused", notice_refusal_grounds=("art3",)
        ),
        Ground.PASSAGE_OF_TIME: with_offence(ctx(), committed_on=date(2001, 1, 1)),
        Ground.FORUM: with_offence(ctx(), place_country="GB"),
        Ground.SPECIALITY: with_file(ctx("reciprocity"), assurances=Assurances()),
        Ground.DUAL_CRIMINALITY: with_offence(ctx(), requested_state_offence=""),
        Ground.PENALTY_THRESHOLD: with_offence(ctx(), max_penalty_months=1),
    }
    assert ground in {r.ground for r in checklist(fire[ground])}
