"""The refusal grounds: a catalogue entry for each, and for each a check that fires when the
file shows the ground and stays silent when it does not (positive and negative per ground)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from tests.conftest import World
from tests.extradition.test_requestfile import sample_file
from xborder.extradition.commands import ExtraditionIn
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
    """Switzerland asks the United Kingdom under the ECE (between the UK and an EU member the
    TCA applies instead): a clean file that raises nothing. The offence took place in the
    requesting state, whichever it is."""
    base = CheckContext(
        basis=get_basis(basis),
        file=sample_file(),
        requesting_state="CH",
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
    # ECE art. 5 excludes them unless agreed; the 2nd Additional Protocol (art. 2) is that
    # agreement between its parties, most ECE parties: to consider, not raised.
    c = with_offence(ctx(), nature=frozenset({"fiscal"}))
    assert found(c) == [(Ground.FISCAL_OFFENCE, "o1", CONSIDER)]
    assert checklist(c)[0].evidence["protocol"] == "ECE 2nd Add. Prot. (ETS No. 098) art. 2"
    # Without a treaty (reciprocity) the exclusion stands.
    rec = with_offence(
        with_file(ctx("reciprocity"), assurances=Assurances(speciality=True)),
        nature=frozenset({"fiscal"}),
    )
    assert found(rec) == [(Ground.FISCAL_OFFENCE, "o1", RAISED)]
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
    c = nationals(ctx(requested_state="DE"), "DE", "TR")
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
    assert checklist(with_offence(ctx(), place_country="CH")) == []


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


# --- fixes of review 6 --------------------------------------------------------------------------


def test_notice_in_another_state_than_refused_or_deleted_raises_nothing() -> None:
    for state in ("expired", "withdrawn", "requested", "cancelled"):
        assert checklist(ctx(notice_state=state, notice_refusal_grounds=("art3",))) == [], state


def test_uk_us_limitation_is_no_bar() -> None:
    """UK-US Treaty 2003 art. 6: the decision is made without regard to any statute of
    limitations: at most an item to consider, never a raised ground."""
    us_asks = ctx("bilateral-gb-us-2003", requesting_state="US")
    ended = with_offence(us_asks, limitation_ends=date(2020, 1, 1))
    (r,) = checklist(ended)
    assert (r.ground, r.level) == (Ground.LAPSE_OF_TIME, CONSIDER)
    assert r.legal_ref == "UK-US Treaty 2003 art. 6" and "not a bar" in r.text
    assert not r.mandatory
    unknown = with_file(with_offence(us_asks, limitation_ends=None), limitation_rules="")
    assert checklist(unknown) == []
    # Under the ECE the same file raises it.
    assert found(with_offence(ctx(), limitation_ends=date(2020, 1, 1))) == [
        (Ground.LAPSE_OF_TIME, "o1", RAISED)
    ]


def test_eaw_and_untoc_set_no_penalty_threshold_in_the_requested_state() -> None:
    """EAW art. 2(1) and 2(4), UNTOC art. 16(1): the acts need only be an offence in the
    requested state; the minimum is the requesting state's."""
    for c in (
        ctx("eaw", requesting_state="FR", requested_state="ES"),
        ctx("untoc-2000", requesting_state="FR", requested_state="US"),
    ):
        short = with_offence(c, eaw_category=None, requested_state_penalty_months=6)
        assert all(r.ground is not Ground.DUAL_CRIMINALITY for r in checklist(short)), c.basis.id
        unknown = with_offence(c, eaw_category=None, requested_state_penalty_months=None)
        assert all(r.ground is not Ground.DUAL_CRIMINALITY for r in checklist(unknown))
        not_shown = with_offence(c, eaw_category=None, requested_state_offence="")
        assert (Ground.DUAL_CRIMINALITY, "o1", RAISED) in found(not_shown)
    # ECE art. 2(1): a year in both states; a file silent on the requested state's penalty
    # leaves it to be looked at.
    (r,) = checklist(with_offence(ctx(), requested_state_penalty_months=None))
    assert (r.ground, r.level, r.legal_ref) == (Ground.DUAL_CRIMINALITY, CONSIDER, "ECE art. 2(1)")
    assert found(with_offence(ctx(), requested_state_penalty_months=6)) == [
        (Ground.DUAL_CRIMINALITY, "o1", RAISED)
    ]


def test_eaw_in_absentia_any_art_4a_situation_and_only_for_a_judgement() -> None:
    eaw = ctx("eaw", requesting_state="FR", requested_state="ES")
    # Optional under the EAW (art. 4a: "may refuse"): to consider, not raised.
    assert found(in_absentia(eaw)) == [(Ground.IN_ABSENTIA, None, CONSIDER)]
    for guarantee in (
        "summoned_in_person",
        "defended_by_counsel",
        "did_not_contest",
        "retrial_on_surrender",
    ):
        assert checklist(replace(in_absentia(eaw), in_absentia_guarantee=guarantee)) == []
    assert found(replace(in_absentia(eaw), in_absentia_guarantee="trust me")) == [
        (Ground.IN_ABSENTIA, None, CONSIDER)
    ]
    # An arrest warrant for a prosecution precedes any judgement: nothing in absentia.
    warrant = with_file(ctx(), warrant=replace(ctx().file.warrant, in_absentia=True))
    assert warrant.file.warrant.kind == "arrest_warrant"
    assert checklist(warrant) == []


def test_eaw_political_cites_the_framework_decision_and_is_only_considered() -> None:
    eaw = ctx("eaw", requesting_state="FR", requested_state="ES")
    refused = replace(eaw, notice_state="refused", notice_refusal_grounds=("art3",))
    political = [r for r in checklist(refused) if r.ground is Ground.POLITICAL_OFFENCE]
    assert [(r.level, r.legal_ref) for r in political] == [
        (CONSIDER, "FD 2002/584/JHA recital 12; art. 1(3)")
    ]
    (extraneous,) = [r for r in checklist(refused) if r.ground is Ground.EXTRANEOUS_CONSIDERATIONS]
    assert extraneous.legal_ref == "FD 2002/584/JHA recital 12"
    described = with_offence(eaw, nature=frozenset({"political"}))
    (r,) = [r for r in checklist(described) if r.ground is Ground.POLITICAL_OFFENCE]
    assert r.legal_ref == "FD 2002/584/JHA recital 12; art. 1(3)"


def test_no_ground_cites_an_instrument_that_does_not_bind_the_two_states() -> None:
    eaw = ctx("eaw", requesting_state="FR", requested_state="ES")
    death = with_offence(eaw, punishable_by_death=True)
    (r,) = [r for r in checklist(death) if r.ground is Ground.DEATH_PENALTY]
    assert r.legal_ref.startswith("no specific provision in European Arrest Warrant")
    assert "ECE" not in r.legal_ref
    un = with_offence(
        ctx("untoc-2000", requesting_state="FR", requested_state="US"),
        limitation_ends=date(2020, 1, 1),
    )
    (r,) = [r for r in checklist(un) if r.ground is Ground.LAPSE_OF_TIME]
    assert r.legal_ref.startswith("no specific provision in United Nations Convention")
    us_asks_gb = ctx("bilateral-gb-us-2003", requesting_state="US", pending_proceedings=True)
    (r,) = checklist(us_asks_gb)
    assert r.ground is Ground.PENDING_PROCEEDINGS and "ECE" not in r.legal_ref
    # The UK statute binds only when the UK is requested.
    assert checklist(with_offence(us_asks_gb, place_country="GB"))[-1].legal_ref == (
        "UK Extradition Act 2003 s83A"
    )
    gb_asks_us = ctx("bilateral-gb-us-2003", requesting_state="GB", requested_state="US")
    (r,) = checklist(with_offence(gb_asks_us, place_country="US"))
    assert r.ground is Ground.FORUM and "UK Extradition Act" not in r.legal_ref


def test_passage_of_time_only_where_the_requested_state_has_the_bar() -> None:
    """A bar of the UK's statute (s14 / s82), not of the EAW, of the ECE as such or of the US."""
    old = {"committed_on": date(2001, 1, 1), "limitation_ends": None}
    (r,) = checklist(with_offence(ctx(), **old))  # the UK requested under the ECE
    assert (r.ground, r.legal_ref) == (Ground.PASSAGE_OF_TIME, "UK Extradition Act 2003 s82")
    tca = with_offence(ctx("tca-uk-eu-2020", requesting_state="FR"), **old)
    assert [(r.ground, r.legal_ref) for r in checklist(tca)] == [
        (Ground.PASSAGE_OF_TIME, "UK Extradition Act 2003 s14")
    ]
    for c in (
        ctx("eaw", requesting_state="FR", requested_state="ES"),
        ctx(requested_state="DE"),
        ctx("bilateral-gb-us-2003", requesting_state="GB", requested_state="US"),
    ):
        assert all(
            r.ground is not Ground.PASSAGE_OF_TIME for r in checklist(with_offence(c, **old))
        ), c.basis.id


def test_the_service_reads_the_in_absentia_guarantee_from_the_eaw_form(
    sqlite_world: World,
) -> None:
    """The checklist of a case takes EAW section (d) into account: a person summoned in
    person (art. 4a(1)(a)) raises no in absentia ground, though no retrial is guaranteed."""
    from tests.extradition.test_cases_factory import ISSUER, actor, request_file
    from xborder.extradition import service as ext
    from xborder.extradition.requestfile import file_from_dict
    from xborder.kernel.purposes import Purpose

    file = request_file()
    file["warrant"].update(
        kind="judgement",
        in_absentia=True,
        retrial_guaranteed=False,
        sentence_months=36,
        sentence_remaining_months=30,
    )
    form = ext.draft_eaw(file, ISSUER)
    assert form is not None
    form["d"] = {**form["d"], "guarantee": "summoned_in_person", "details": "Served 2026-01-05."}
    w = sqlite_world
    cid = ext.create_request(
        w.db,
        actor(w, "fr.officer"),
        w.settings,
        ExtraditionIn(
            requested_country="DE",
            legal_basis="eaw",
            title="Fraud",
            provisional=False,
            file=file,
            eaw=form,
        ),
    )
    got = ext.checklist(w.db, actor(w, "de.officer"), cid, Purpose.INVESTIGATION)
    assert Ground.IN_ABSENTIA.value not in [i.ground for i in got.items]
    # The same file without the form's section (d) would be flagged.
    bare = CheckContext(
        basis=get_basis("eaw"),
        file=file_from_dict(file),
        requesting_state="FR",
        requested_state="DE",
        today=TODAY,
    )
    assert Ground.IN_ABSENTIA in [r.ground for r in checklist(bare)]


def test_the_effective_mandatory_flag_comes_with_each_item() -> None:
    """EAW arts. 4(1), 4(4), 4a and ECE art. 11 say "may": optional under those bases, though
    the catalogue's usual rule is mandatory."""
    from xborder.extradition.legal_bases import all_bases

    known = {g.value for g in Ground}
    for b in all_bases():
        assert b.optional_grounds <= known, b.id
    eaw = ctx("eaw", requesting_state="FR", requested_state="ES")
    dual = with_offence(eaw, eaw_category=None, requested_state_offence="")
    (r,) = [r for r in checklist(dual) if r.ground is Ground.DUAL_CRIMINALITY]
    assert CATALOGUE[Ground.DUAL_CRIMINALITY].mandatory and not r.mandatory
    (r,) = checklist(with_offence(eaw, limitation_ends=date(2020, 1, 1)))
    assert r.ground is Ground.LAPSE_OF_TIME and not r.mandatory
    (r,) = checklist(with_offence(ctx(), limitation_ends=date(2020, 1, 1)))  # ECE art. 10
    assert r.ground is Ground.LAPSE_OF_TIME and r.mandatory
    (r,) = checklist(with_offence(ctx(), punishable_by_death=True))  # ECE art. 11: "may"
    assert r.ground is Ground.DEATH_PENALTY and not r.mandatory
    (r,) = checklist(with_offence(ctx("reciprocity"), punishable_by_death=True))
    assert r.ground is Ground.DEATH_PENALTY and r.mandatory
    (r,) = checklist(ctx(pending_proceedings=True))  # optional everywhere (ECE art. 8)
    assert not r.mandatory
