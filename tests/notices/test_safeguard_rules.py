"""The checks that catch abuse beyond the request's own words: art. 3 as combined signals
(charges in five languages, profile, the country's sourced record, the calendar, history),
art. 2 from data, private disputes, plausibility and the queue order. Each with a case that
fires and one that does not."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from tests.notices.test_rules import status
from xborder.notices.domain import (
    JudicialBasis,
    JudicialData,
    NoticeContent,
    NoticeType,
    Offence,
    Profile,
    SubjectStatus,
)
from xborder.notices.rules import (
    SUBSTANTIVE,
    Art2Risk,
    CheckInput,
    Finding,
    Ground,
    HistoryItem,
    ProfileFact,
    ProtectedStatus,
    RequesterRecord,
    RuleConfig,
    Severity,
    risk_score,
    run_checks,
)
from xborder.safeguards.countrydata import CalendarEvent, CountryRecord, Entry, Provenance

SUBMITTED = date(2024, 6, 1)


def prov(ds: str) -> Provenance:
    return Provenance(ds, ds.upper(), "", f"{ds} citation", "https://example.org", "CC BY", "2024")


def record(**entries: dict[str, Any]) -> CountryRecord:
    out = {}
    for ds, values in entries.items():
        v = dict(values)
        year = v.pop("year", 2023)
        out[ds] = Entry(ds, "XX", year, v, prov(ds))
    return CountryRecord("XX", out)


POOR = record(
    freedom_house={"pr": 5, "cl": 12, "status": "NF"},
    pts={"amnesty": 5, "state_dept": 4, "hrw": None},
    death_penalty={"status": "retentionist", "executions": 30},
    treaties={"cat": "1987-06-26"},
)
FREE = record(
    freedom_house={"pr": 38, "cl": 55, "status": "F"},
    pts={"amnesty": 1, "state_dept": 1, "hrw": None},
    death_penalty={"status": "abolitionist_all_crimes", "executions": None},
    treaties={"cat": "1986-02-18"},
)


def red(
    *offences: tuple[str, str, int | None],
    facts: str = "The person acted as described in the offences.",
    facts_time: str = "2023-03-14",
    basis: JudicialBasis = JudicialBasis.PROSECUTION,
    profile: frozenset[Profile] = frozenset(),
    **judicial: Any,
) -> NoticeContent:
    offs = offences or (("Armed robbery of a jewellery shop", "Penal Code art. 1", 240),)
    return NoticeContent(
        notice_type=NoticeType.RED,
        subject_status=SubjectStatus.WANTED,
        title="Wanted for prosecution",
        summary="",
        judicial=JudicialData(
            basis=basis,
            offences=tuple(Offence(d, law, m) for d, law, m in offs),
            warrant_reference="AW-1",
            issuing_authority="Investigating judge",
            facts_summary=facts,
            facts_time=facts_time,
            facts_place="Capital",
            extradition_countries=("DE",),
            **judicial,
        ),
        profile=profile,
    )


def inp(content: NoticeContent, **over: Any) -> CheckInput:
    return CheckInput(
        content=content,
        requesting_country=over.pop("requesting_country", "XX"),
        submitted_on=over.pop("submitted_on", SUBMITTED),
        has_person=True,
        **over,
    )


def of(rule_id: str, i: CheckInput, config: RuleConfig | None = None) -> list[Finding]:
    return [f for f in run_checks(i, config or RuleConfig()) if f.rule_id == rule_id]


def art3(i: CheckInput) -> Finding | None:
    found = of("art3_predominance", i)
    return found[0] if found else None


def signals(f: Finding) -> set[str]:
    return {s["signal"] for s in f.evidence["signals"]}


# --- art. 3 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "law",
    [
        "Art. 282.2 of the Criminal Code: participation in an extremist organisation",
        "Art. 421-2-5 Code pénal : apologie du terrorisme",
        "Art. 578 Código Penal: enaltecimiento del terrorismo",
        "المادة 86: الانتماء إلى جماعة إرهابية محظورة",
        "Ст. 282.2 УК РФ «Организация деятельности экстремистской организации»",
    ],
)
def test_speech_or_membership_charge_needs_art3_review_in_each_language(law: str) -> None:
    f = art3(inp(red(("Offence under the law cited", law, 120)), country=FREE))
    assert f is not None and f.severity == Severity.REVIEW
    assert "charge_pattern" in signals(f)
    assert f.ground == Ground.ART3 and not f.disclosable


def test_an_ordinary_crime_in_a_free_country_raises_no_art3_finding() -> None:
    assert art3(inp(red(), country=FREE)) is None


def test_a_poor_record_alone_is_context_never_review() -> None:
    f = art3(inp(red(("Importation of 40 kg of cocaine", "Drugs Act s. 3", 240)), country=POOR))
    assert f is not None and f.severity == Severity.INFO
    assert signals(f) == {"country_record"}
    cited = f.evidence["signals"][0]["evidence"]["indicators"][0]
    assert cited["dataset"] == "freedom_house" and cited["year"] == 2023


def test_fraud_alone_is_context_and_with_a_researched_profile_needs_review() -> None:
    fraud = red(("Large-scale fraud", "Criminal Code art. 159", 120))
    alone = art3(inp(fraud, country=POOR))
    assert alone is not None and alone.severity == Severity.INFO
    prof = (ProfileFact("politician", "confirmed", "parliament website, 2023"),)
    f = art3(inp(fraud, country=POOR, profiles=prof))
    assert f is not None and f.severity == Severity.REVIEW
    assert {"charge_pattern_context", "profile", "country_record"} <= signals(f)


def test_murder_against_a_journalist_needs_review_only_with_the_profile() -> None:
    murder = red(("Murder", "Penal Code art. 105", 1200))
    no_profile = art3(inp(murder, country=POOR))
    assert no_profile is not None and no_profile.severity == Severity.INFO
    declared = art3(
        inp(red(("Murder", "PC 105", 1200), profile=frozenset({Profile.JOURNALIST})), country=POOR)
    )
    assert declared is not None and declared.severity == Severity.REVIEW


def test_a_rejected_profile_never_counts() -> None:
    prof = (ProfileFact("journalist", "rejected", "a namesake"),)
    f = art3(inp(red(("Murder", "PC 105", 1200)), country=POOR, profiles=prof))
    assert f is not None and "profile" not in signals(f)


def test_abuse_of_office_after_a_change_of_government_needs_review() -> None:
    rec = CountryRecord(
        "XX",
        POOR.entries,
        (CalendarEvent("government_change", date(2022, 5, 1), None, "New government", "test"),),
    )
    content = red(
        ("Abuse of office causing damage to the state budget", "CC art. 286", 120),
        facts_time="2019",
    )
    f = art3(inp(content, country=rec))
    assert f is not None and f.severity == Severity.REVIEW
    assert "government_change" in signals(f)
    # the same charges with no change of government in between: context only
    quiet = art3(inp(content, country=POOR))
    assert quiet is not None and quiet.severity == Severity.INFO
    # in a country rated free the change weighs half, and the finding says why
    free = CountryRecord("XX", FREE.entries, rec.events)
    g = art3(inp(content, country=free))
    assert g is not None and g.severity == Severity.INFO
    sig = next(s for s in g.evidence["signals"] if s["signal"] == "government_change")
    c = RuleConfig()
    assert sig["weight"] == c.w_government_change * c.share_in_free_country
    assert sig["evidence"]["free_country"]["dataset"] == "freedom_house"


def test_timing_against_the_calendar_is_shown_with_dates_and_source() -> None:
    rec = CountryRecord(
        "XX",
        FREE.entries,
        (CalendarEvent("election", date(2023, 3, 26), None, "Presidential election", "nelda"),),
    )
    f = art3(inp(red(("Participation in mass riots", "CC 212", 96)), country=rec))
    assert f is not None
    near = next(s for s in f.evidence["signals"] if s["signal"] == "timing")
    ev = near["evidence"]["near_events"][0]
    assert ev["gap_days"] == 12 and ev["position"] == "before" and ev["event_source"] == "nelda"


def test_earlier_political_refusal_for_the_person_is_a_strong_signal() -> None:
    hist = (HistoryItem("notice_refused", "2020/1", "XX", ("art3",), date(2020, 1, 1), "0.91"),)
    f = art3(inp(red(("Fraud", "CC 159", 120)), country=FREE, history=hist))
    assert f is not None and f.severity == Severity.REVIEW
    assert "history_person" in signals(f)


def test_requester_record_counts_only_with_enough_decisions() -> None:
    few = RequesterRecord("XX", ("economic_charges",), 2, 2)
    many = RequesterRecord("XX", ("economic_charges",), 10, 4)
    content = red(("Fraud", "CC 159", 120))
    f_few = art3(inp(content, country=FREE, requester=few))
    assert f_few is not None and "requester_record" not in signals(f_few)
    f_many = art3(inp(content, country=FREE, requester=many))
    assert f_many is not None and "requester_record" in signals(f_many)


def test_a_request_against_another_state_soldier_needs_review() -> None:
    f = art3(
        inp(
            red(("Shelling of residential areas during a military operation", "CC 356", 240)),
            country=FREE,
        )
    )
    assert f is not None and f.severity == Severity.REVIEW


@pytest.mark.parametrize(
    ("offence", "facts"),
    [
        (
            "Aggravated kidnapping (seven victims, disappeared)",
            "As an agent of the intelligence directorate he took part in the abductions.",
        ),
        (
            "Crimes contre l'humanité : tortures et séquestrations",
            "Membre des forces armées, il dirigeait le centre de détention.",
        ),
        (
            "Desaparición forzada de personas",
            "Como agente de inteligencia del Estado, participó en el secuestro.",
        ),
        ("Военные преступления против мирного населения", "Военнослужащий армии."),
        ("جرائم ضد الإنسانية", "بصفته ضابطا في القوات المسلحة"),
    ],
)
def test_international_crimes_of_the_states_own_agent_are_not_political_by_nature(
    offence: str, facts: str
) -> None:
    """Genocide, crimes against humanity, war crimes and enforced disappearance are never
    political offences by treaty: charged to the requesting state's own national, the terms
    of state order that frame them are not counted (said as a signal of weight 0)."""
    content = red((offence, "CC 1", None), facts=facts)
    own = art3(inp(content, country=FREE, person_nationalities=("XX",)))
    assert own is not None and own.severity == Severity.INFO
    assert "international_crimes" in signals(own)
    assert "charge_pattern" not in signals(own)
    # against another state's national it stays an inter-state dispute for the reviewer
    foreign = art3(inp(content, country=FREE, person_nationalities=("YY",)))
    assert foreign is not None and foreign.severity == Severity.REVIEW
    assert "international_crimes" not in signals(foreign)


def test_an_international_crime_leaves_the_dissent_families_counted() -> None:
    """The exemption is for terms of state order and war, not for speech or assembly."""
    content = red(
        ("Crimes against humanity; membership of an extremist organisation", "CC 1", None),
        facts="As an officer of the armed forces he took part in the operation.",
    )
    f = art3(inp(content, country=FREE, person_nationalities=("XX",)))
    assert f is not None and f.severity == Severity.REVIEW
    assert "international_crimes" in signals(f) and "charge_pattern" in signals(f)


# --- art. 2 --------------------------------------------------------------------------------


def art2(i: CheckInput) -> list[Finding]:
    return of("art2_risk", i)


def assurance(i: CheckInput) -> list[Finding]:
    return of("art2_assurance", i)


def test_torture_record_alone_is_info_and_with_art3_review() -> None:
    ordinary = art2(inp(red(("Burglary", "PC 158", 60)), country=POOR))
    assert [(f.severity, f.evidence["risk"]) for f in ordinary] == [(Severity.INFO, "torture")]
    political = art2(
        inp(red(("Participation in an extremist organisation", "CC 282.2", 120)), country=POOR)
    )
    torture = [f for f in political if f.evidence["risk"] == "torture"]
    assert torture and torture[0].severity == Severity.REVIEW
    assert torture[0].evidence["indicators"][0]["dataset"] == "pts"


def test_no_torture_finding_for_a_good_record() -> None:
    assert art2(inp(red(("Burglary", "PC 158", 60)), country=FREE)) == []


def test_a_country_not_party_to_the_convention_against_torture_is_context() -> None:
    (f,) = art2(inp(red(("Burglary", "PC 158", 60)), country=record(treaties={"cat": False})))
    assert f.evidence["risk"] == "torture" and f.severity == Severity.INFO
    # unknown status (the source does not say) is not "not a party"
    assert art2(inp(red(("Burglary", "PC 158", 60)), country=record(treaties={"cat": None}))) == []


COURT = {
    "detainee_risk": True,
    "body": "European Court of Human Rights",
    "case": "A v. B",
    "reference": "application no. 1/23",
    "decided": "2022-05-10",
    "holding": "ill-treatment of detainees was widespread",
    "url": "https://hudoc.echr.coe.int/",
}


def test_a_court_finding_for_anyone_detained_makes_the_torture_risk_personal() -> None:
    """Whatever the charge: a court found the risk for anyone held in custody there."""
    burglary = red(("Burglary", "PC 158", 60))
    (f,) = art2(inp(burglary, country=record(court_findings=COURT)))
    assert f.severity == Severity.REVIEW and f.evidence["court_finding"] is True
    assert "A v. B" in f.message and "assurances" in f.message
    assert f.evidence["indicators"][0]["values"]["case"] == "A v. B"
    # a year outside every finding's reach says none: the country's record alone stays context
    outside = record(
        pts={"amnesty": 5, "state_dept": 4, "hrw": None}, court_findings={"detainee_risk": False}
    )
    assert [
        (x.severity, x.evidence["court_finding"]) for x in art2(inp(burglary, country=outside))
    ] == [(Severity.INFO, False)]


def test_a_court_finding_names_its_case_or_is_refused() -> None:
    from xborder.kernel.errors import Invalid
    from xborder.safeguards.countrydata import check_values

    assert check_values("court_findings", COURT)["case"] == "A v. B"
    assert check_values("court_findings", {"detainee_risk": False}) == {"detainee_risk": False}
    for missing in ("body", "case", "decided", "url"):
        with pytest.raises(Invalid):
            check_values("court_findings", {k: v for k, v in COURT.items() if k != missing})
    with pytest.raises(Invalid):
        check_values("court_findings", {**COURT, "decided": "May 2022"})


@pytest.mark.parametrize(
    "facts",
    [
        "He was convicted in absentia on 3 May 2021.",
        "Condamné par défaut le 3 mai 2021.",
        "Condenado en rebeldía el 3 de mayo de 2021.",
        "صدر الحكم غيابيا",
        "Осуждён заочно 3 мая 2021 года.",
    ],
)
def test_conviction_in_absentia_without_retrial_is_a_risk_or_a_question(facts: str) -> None:
    """In a country with a poor record it is a risk to the person (art. 2, review); where
    nothing else points to one, a retrial guarantee to ask the bureau for (with the data)."""
    c = red(basis=JudicialBasis.SENTENCE, facts=facts, sentence_imposed_months=60)
    found = [f for f in art2(inp(c, country=POOR)) if f.evidence["risk"] == "unfair_trial"]
    assert found and found[0].severity == Severity.REVIEW
    assert "A risk to this person" in found[0].message and found[0].evidence["personal_risk"]
    assert not assurance(inp(c, country=POOR))
    free = inp(c, country=FREE)
    assert not [f for f in art2(free) if f.evidence["risk"] == "unfair_trial"]
    (ask,) = assurance(free)
    assert ask.severity == Severity.REVIEW and ask.ground == Ground.DATA
    assert ask.evidence["risk"] == "unfair_trial" and "ask the bureau" in ask.message


def test_a_retrial_guarantee_settles_the_absentia_question() -> None:
    c = red(
        basis=JudicialBasis.SENTENCE,
        facts="Convicted in absentia.",
        sentence_imposed_months=60,
        in_absentia=True,
        retrial_guaranteed=True,
    )
    assert [f for f in art2(inp(c, country=FREE)) if f.evidence["risk"] == "unfair_trial"] == []


def test_capital_charge_in_a_retentionist_state_without_assurance_asks_for_one() -> None:
    """An ordinary capital charge: the bureau is asked for an assurance (whatever the
    record); with a state's protection of the person it is a risk to review."""
    c = red(("Premeditated murder", "Penal Code art. 302", 1200))
    assert not [f for f in art2(inp(c, country=POOR)) if f.evidence["risk"] == "death_penalty"]
    (ask,) = assurance(inp(c, country=POOR))
    assert ask.evidence["risk"] == "death_penalty" and "homicide" in ask.evidence["families"]
    protected = inp(c, country=POOR, protected=(protection(),))
    (f,) = [f for f in art2(protected) if f.evidence["risk"] == "death_penalty"]
    assert f.severity == Severity.REVIEW and f.evidence["personal_risk"]
    assured = red(("Premeditated murder", "PC 302", 1200), death_penalty_assurance=True)
    (g,) = [f for f in art2(inp(assured, country=POOR)) if f.evidence["risk"] == "death_penalty"]
    assert g.severity == Severity.INFO and not assurance(inp(assured, country=POOR))


def test_no_death_penalty_finding_in_an_abolitionist_state_unless_the_request_says_so() -> None:
    c = red(("Premeditated murder", "Penal Code art. 302", 1200))
    assert not [f for f in art2(inp(c, country=FREE)) if f.evidence["risk"] == "death_penalty"]
    assert not assurance(inp(c, country=FREE))
    said = red(("Murder", "المادة 230: القتل العمد، عقوبته الإعدام", 1200))
    # the law cited for an offence provides for death: a risk to this person, whatever the record
    (f,) = [f for f in art2(inp(said, country=FREE)) if f.evidence["risk"] == "death_penalty"]
    assert f.severity == Severity.REVIEW
    assert any("the request says the penalty is death" in w for w in f.evidence["personal_risk"])
    assert not assurance(inp(said, country=FREE))
    # said, in a political case (art. 3 review): a risk to the person
    political = red(
        ("Public calls for separatism", "CC 280.1", 60),
        ("Treason", "المادة 77: الخيانة العظمى، عقوبتها الإعدام", 1200),
    )
    dp = [f for f in art2(inp(political, country=POOR)) if f.evidence["risk"] == "death_penalty"]
    assert dp and dp[0].severity == Severity.REVIEW


# --- private disputes and excluded offences ------------------------------------------------


@pytest.mark.parametrize(
    ("offence", "facts"),
    [
        (
            "Fraud",
            "The complainant, his former business partner, says he did not repay the loan;"
            " a civil suit is pending.",
        ),
        ("Escroquerie", "Il a remis à son associé des chèques sans provision."),
        ("Estafa", "Su socio denunció el incumplimiento del contrato y la deuda pendiente."),
        ("احتيال", "حرر شيكات بدون رصيد لشريكه"),
        ("Мошенничество", "По заявлению бывшего партнёра по бизнесу: не вернул заём по договору."),
    ],
)
def test_markers_of_a_private_dispute_need_review(offence: str, facts: str) -> None:
    (f,) = of("private_dispute", inp(red((offence, "Penal code", 60), facts=facts), country=FREE))
    assert f.severity == Severity.REVIEW and f.ground == Ground.EXCLUDED_OFFENCE
    assert f.disclosable


def test_a_murder_with_a_partner_and_a_contract_is_not_a_private_dispute() -> None:
    c = red(
        ("Murder", "PC 221", 1200), facts="He shot his business partner after a contract dispute."
    )
    assert of("private_dispute", inp(c, country=FREE)) == []


def test_a_fraud_with_one_marker_is_not_a_private_dispute() -> None:
    c = red(("Fraud", "PC 313", 84), facts="He sold 300 investors shares under a contract.")
    assert of("private_dispute", inp(c, country=FREE)) == []


@pytest.mark.parametrize(
    "offence", ["Insulting the President", "إهانة رئيس الدولة", "Оскорбление представителя власти"]
)
def test_insult_of_officials_is_an_excluded_offence(offence: str) -> None:
    (f,) = of("excluded_offence", inp(red((offence, "", 36)), country=FREE))
    assert f.severity == Severity.BLOCKING


# --- plausibility --------------------------------------------------------------------------


def test_age_at_facts_under_twelve_is_flagged() -> None:
    (f,) = of(
        "plausibility",
        inp(red(facts_time="2015-03"), country=FREE, person_birth_years=(2007, 2007)),
    )
    assert f.evidence["check"] == "age_at_facts" and f.evidence["age"] == 8
    assert (
        of(
            "plausibility",
            inp(red(facts_time="2015-03"), country=FREE, person_birth_years=(1980, 1980)),
        )
        == []
    )


def test_penalty_far_above_the_usual_range_is_flagged() -> None:
    (f,) = of("plausibility", inp(red(("Insulting the President", "PC 299", 240)), country=FREE))
    assert f.evidence["check"] == "penalty_range" and f.evidence["usual"] == [0, 60]
    assert of("plausibility", inp(red(("Murder", "PC 221", 240)), country=FREE)) == []


# --- the queue -------------------------------------------------------------------------------


def test_a_substantive_review_finding_outranks_missing_data() -> None:
    political = run_checks(
        inp(red(("Participation in an extremist organisation", "CC 282.2", 120)), country=FREE)
    )
    missing = run_checks(inp(red(("Burglary", "PC", None)), country=FREE))
    assert any(f.ground in SUBSTANTIVE and f.severity == Severity.REVIEW for f in political)
    assert all(f.ground not in SUBSTANTIVE for f in missing) and missing
    assert risk_score(political) > risk_score(missing)


def test_stronger_art3_signals_rank_higher() -> None:
    one = run_checks(
        inp(red(("Participation in an extremist organisation", "CC 282.2", 120)), country=FREE)
    )
    more = run_checks(
        inp(
            red(
                ("Participation in an extremist organisation", "CC 282.2", 120),
                profile=frozenset({Profile.JOURNALIST}),
            ),
            country=POOR,
        )
    )
    assert risk_score(more) > risk_score(one)


def test_findings_never_name_the_subject_and_cite_rule_versions() -> None:
    for f in run_checks(inp(red(("Fraud", "CC 159", 120)), country=POOR)):
        assert f.rule_version and f.ground in Ground


def test_a_negated_absentia_or_an_abolished_death_penalty_raises_nothing() -> None:
    c = red(
        basis=JudicialBasis.SENTENCE,
        facts="The judgment was not given in absentia; he attended every hearing.",
        sentence_imposed_months=60,
    )
    assert not [f for f in art2(inp(c, country=FREE)) if f.evidence["risk"] == "unfair_trial"]
    said = red(("Murder", "PC 221: the death penalty was abolished in 2009", 1200))
    assert not [f for f in art2(inp(said, country=FREE)) if f.evidence["risk"] == "death_penalty"]


def test_an_abolitionist_in_practice_state_gets_context_not_review() -> None:
    rec = record(death_penalty={"status": "abolitionist_in_practice", "executions": 0})
    c = red(("Premeditated murder", "Penal Code art. 302", 1200))
    (f,) = [f for f in art2(inp(c, country=rec)) if f.evidence["risk"] == "death_penalty"]
    assert f.severity == Severity.INFO


# --- protection granted by a member state: the position of another state -----------------------


def protection(**over: Any) -> ProtectedStatus:
    """A protected status from the requesting country of these tests (XX)."""
    return status(**{"fled_country": "XX", **over})


def test_refugee_status_from_the_requesting_country_with_a_poor_record_needs_art3_review() -> None:
    f = art3(inp(red(("Theft", "PC 158", 60)), country=POOR, protected=(protection(),)))
    assert f is not None and f.severity == Severity.REVIEW
    assert "protected_status" in signals(f)
    sig = next(s for s in f.evidence["signals"] if s["signal"] == "protected_status")
    assert sig["weight"] == RuleConfig().w_protection
    # the protecting state is kept for the secretariat but never written in the text
    assert sig["evidence"]["statuses"][0]["granting_country"] == "DE"
    assert "DE" not in f.message and "Germany" not in f.message
    # the same theft without the protection stays below review
    plain = art3(inp(red(("Theft", "PC 158", 60)), country=POOR))
    assert plain is None or plain.severity == Severity.INFO


@pytest.mark.parametrize(
    "over",
    [
        {"fled_country": "YY"},  # protected from another country
        {"grounds_unrelated": True},  # granted on grounds that do not concern the requester
        {"status": "subsidiary"},  # serious harm, not persecution: art. 2, not art. 3
    ],
)
def test_protection_that_is_not_from_persecution_by_the_requester_is_no_art3_signal(
    over: dict[str, Any],
) -> None:
    f = art3(inp(red(("Theft", "PC 158", 60)), country=POOR, protected=(protection(**over),)))
    assert f is None or "protected_status" not in signals(f)


def test_a_pending_or_unconfirmed_claim_weighs_less_and_a_naturalised_refugee_still_counts() -> (
    None
):
    c = RuleConfig()
    for p, weight in (
        (protection(state="pending", confirmed=False), c.w_protection_pending),
        (protection(confirmed=False), c.w_protection_pending),
        (protection(naturalised=True), c.w_protection),
    ):
        f = art3(inp(red(("Theft", "PC 158", 60)), country=POOR, protected=(p,)))
        assert f is not None
        sig = next(s for s in f.evidence["signals"] if s["signal"] == "protected_status")
        assert sig["weight"] == weight


def test_protection_makes_the_torture_risk_personal() -> None:
    burglary = red(("Burglary", "PC 158", 60))
    (alone,) = art2(inp(burglary, country=POOR))
    assert alone.severity == Severity.INFO
    found = art2(inp(burglary, country=POOR, protected=(protection(),)))
    torture = [f for f in found if f.evidence["risk"] == "torture"]
    assert torture[0].severity == Severity.REVIEW and torture[0].evidence["protected"] is True
    # a claim not yet decided is not a finding on the person's risk
    pending = art2(inp(burglary, country=POOR, protected=(protection(confirmed=False),)))
    assert [f.severity for f in pending if f.evidence["risk"] == "torture"] == [Severity.INFO]


def test_subsidiary_protection_from_the_requester_is_an_art2_question_even_in_a_free_country() -> (
    None
):
    burglary = red(("Burglary", "PC 158", 60))
    found = art2(inp(burglary, country=FREE, protected=(protection(status="subsidiary"),)))
    assert [(f.severity, f.evidence["risk"]) for f in found] == [(Severity.REVIEW, "serious_harm")]
    assert "DE" not in found[0].message
    assert (
        art2(
            inp(
                burglary,
                country=FREE,
                protected=(protection(status="subsidiary", fled_country="YY"),),
            )
        )
        == []
    )


def test_a_researched_profile_weighs_less_where_the_requesting_country_is_rated_free() -> None:
    fraud = red(("Fraud and bribery", "PC 313", 120))
    journalist = (ProfileFact("journalist", "confirmed", "press reports"),)
    weights = {}
    for name, country in (("free", FREE), ("poor", POOR), ("unknown", None)):
        f = art3(inp(fraud, country=country, profiles=journalist))
        assert f is not None
        sig = next(s for s in f.evidence["signals"] if s["signal"] == "profile")
        weights[name] = (sig["weight"], f.severity, sig["evidence"]["free_country"] is not None)
    c = RuleConfig()
    assert weights["poor"] == (c.w_profile_confirmed, Severity.REVIEW, False)
    assert weights["unknown"][0] == c.w_profile_confirmed
    share = c.share_in_free_country
    assert weights["free"] == (c.w_profile_confirmed * share, Severity.INFO, True)
    f = art3(inp(fraud, country=FREE, profiles=journalist))
    assert f is not None
    full, half = c.w_profile_confirmed, c.w_profile_confirmed * share
    assert f"weighs {half:g} instead of {full:g}" in f.message


def test_a_low_vdem_physical_violence_index_is_a_torture_indicator_too() -> None:
    cut = RuleConfig().vdem_physinteg_torture_below
    extremist = red(("Participation in an extremist organisation", "CC 282.2", 120))
    low = record(
        freedom_house={"status": "NF", "pr_rating": 7, "cl_rating": 7},
        vdem={"libdem": 0.05, "freexp": 0.1, "physinteg": round(cut - 0.05, 3)},
        pts={"amnesty": 3, "state_dept": 3, "hrw": None},
    )
    torture = [f for f in art2(inp(extremist, country=low)) if f.evidence["risk"] == "torture"]
    assert torture and torture[0].severity == Severity.REVIEW
    assert [i["dataset"] for i in torture[0].evidence["indicators"]] == ["vdem"]
    assert "physical violence index" in torture[0].message
    high = record(
        vdem={"libdem": 0.05, "freexp": 0.1, "physinteg": round(cut + 0.05, 3)},
        pts={"amnesty": 3, "state_dept": 3, "hrw": None},
    )
    assert not [f for f in art2(inp(extremist, country=high)) if f.evidence["risk"] == "torture"]


def test_a_refusal_under_the_refugee_policy_is_not_counted_again_beside_the_protection() -> None:
    refused = HistoryItem(
        "notice_refused", "2024/1", "XX", ("refugee_policy",), date(2024, 1, 5), "score 0.95"
    )
    theft = red(("Theft", "PC 158", 60))
    alone = art3(inp(theft, country=POOR, history=(refused,)))
    assert alone is not None and "history_person" in signals(alone)
    both = art3(inp(theft, country=POOR, history=(refused,), protected=(protection(),)))
    assert both is not None and "history_person" not in signals(both)
    assert "protected_status" in signals(both)


def test_courts_that_do_not_constrain_the_executive_make_an_absentia_conviction_a_risk() -> None:
    cut = RuleConfig().vdem_jucon_unfair_below
    c = red(
        basis=JudicialBasis.SENTENCE, facts="Convicted in absentia.", sentence_imposed_months=60
    )

    def rec(jucon: float) -> CountryRecord:
        return record(
            freedom_house={"pr": 20, "cl": 30, "status": "PF"},
            vdem={"libdem": 0.3, "freexp": 0.5, "physinteg": 0.7, "jucon": jucon},
            pts={"amnesty": 2, "state_dept": 2, "hrw": None},
        )

    captured = inp(c, country=rec(round(cut - 0.05, 3)))
    (f,) = [f for f in art2(captured) if f.evidence["risk"] == "unfair_trial"]
    assert f.severity == Severity.REVIEW and "constrain the executive" in f.message
    assert not assurance(captured)
    independent = inp(c, country=rec(round(cut + 0.2, 3)))
    assert not [f for f in art2(independent) if f.evidence["risk"] == "unfair_trial"]
    assert [a.evidence["risk"] for a in assurance(independent)] == ["unfair_trial"]


@pytest.mark.parametrize(
    "facts",
    [
        "The requesting state gives an assurance that the death penalty will not be imposed.",
        "A moratorium on the death penalty has applied since 1996.",
        "He threatened the victim, saying she deserved the death penalty.",
        "В России действует мораторий на смертную казнь.",
        "La peine de mort n'existe plus.",
    ],
)
def test_a_death_penalty_mentioned_in_the_facts_is_no_risk_to_the_person(facts: str) -> None:
    c = red(("Premeditated murder", "Penal Code art. 302", 1200), facts=facts)
    risks = [f for f in art2(inp(c, country=FREE)) if f.evidence["risk"] == "death_penalty"]
    assert all(f.severity == Severity.INFO for f in risks)
    # nor in the summary, where it is negated after the noun
    summary = dataclasses.replace(c, summary=facts)
    risks = [f for f in art2(inp(summary, country=FREE)) if f.evidence["risk"] == "death_penalty"]
    assert all(f.severity == Severity.INFO for f in risks) or "deserved" in facts


def test_a_risk_the_reviewer_recorded_makes_the_question_a_risk() -> None:
    c = red(
        basis=JudicialBasis.SENTENCE, facts="Convicted in absentia.", sentence_imposed_months=60
    )
    recorded = inp(c, country=FREE, art2_risks=(Art2Risk("unfair_trial", "HRW 2023", ""),))
    assert not assurance(recorded)
    (f,) = [f for f in art2(recorded) if f.evidence["risk"] == "unfair_trial"]
    assert any("reviewer recorded" in w for w in f.evidence["personal_risk"])


def test_the_record_reason_names_the_measure_that_made_it_count() -> None:
    c = red(
        basis=JudicialBasis.SENTENCE, facts="Convicted in absentia.", sentence_imposed_months=60
    )
    rec = record(
        vdem={"libdem": 0.5, "freexp": 0.5, "physinteg": 0.1, "jucon": 0.6},
        treaties={"cat": False},
    )
    (f,) = [f for f in art2(inp(c, country=rec)) if f.evidence["risk"] == "unfair_trial"]
    reason = " ".join(f.evidence["personal_risk"])
    assert "physical violence index 0.10" in reason and "Convention against Torture" in reason
    assert "liberal democracy" not in reason


def test_a_death_sentence_the_request_says_was_imposed_is_a_risk_to_the_person() -> None:
    c = red(
        ("Premeditated murder", "Penal Code art. 230", 1200),
        basis=JudicialBasis.SENTENCE,
        facts="He was sentenced to death by the criminal court on 3 May 2021.",
        sentence_imposed_months=1200,
    )
    (f,) = [f for f in art2(inp(c, country=FREE)) if f.evidence["risk"] == "death_penalty"]
    assert f.severity == Severity.REVIEW and not assurance(inp(c, country=FREE))
    assert c.judicial is not None
    spared = dataclasses.replace(
        c,
        judicial=dataclasses.replace(
            c.judicial, facts_summary="He was not sentenced to death; he received life."
        ),
    )
    assert not [
        f
        for f in art2(inp(spared, country=FREE))
        if f.evidence["risk"] == "death_penalty" and f.severity == Severity.REVIEW
    ]


# --- requests against another state's officials (issue #12 item 3) ----------------------------


def abroad(place: str, nationalities: tuple[str, ...], requesting: str = "RU") -> CheckInput:
    content = dataclasses.replace(
        red(
            ("Prosecution of a person known to be innocent", "CC 299", 120),
            facts="Holding office as prosecutor, the subject opened proceedings against a"
            " protected person.",
        ),
    )
    j = dataclasses.replace(content.judicial, facts_place=place)  # type: ignore[arg-type]
    return inp(
        dataclasses.replace(content, judicial=j),
        requesting_country=requesting,
        person_nationalities=nationalities,
        country=FREE,
    )


@pytest.mark.parametrize(
    "place", ["The Hague, Netherlands", "La Haye, Pays-Bas", "Гаага, Нидерланды"]
)
def test_acts_in_office_of_a_foreign_national_abroad_need_art3_review(place: str) -> None:
    f = art3(abroad(place, ("GB",)))
    assert f is not None and f.severity == Severity.REVIEW
    assert "foreign_official" in signals(f)
    (sig,) = [s for s in f.evidence["signals"] if s["signal"] == "foreign_official"]
    assert sig["evidence"]["facts_countries"] == ["NL"]


@pytest.mark.parametrize(
    ("place", "nationalities"),
    [
        ("The Hague, Netherlands", ("RU",)),  # the requesting country's own official
        ("The Hague, Netherlands", ("GB", "RU")),  # a dual national of the requester
        ("Moscow, Russia", ("GB",)),  # acts in the requesting country
        ("Moscow, Russia and The Hague, Netherlands", ("GB",)),
        ("the capital", ("GB",)),  # the place names no country
        ("The Hague, Netherlands", ()),  # nationality unknown
    ],
)
def test_no_foreign_official_signal_without_all_three_facts(
    place: str, nationalities: tuple[str, ...]
) -> None:
    f = art3(abroad(place, nationalities))
    assert f is None or "foreign_official" not in signals(f)


@pytest.mark.parametrize(
    ("facts", "place", "nationality"),
    [
        # a gang's or a company's "head" holds no public office
        (
            "As head of the Clan del Golfo he directed the shipment of 8 tonnes of cocaine.",
            "Medellín, Colombia",
            "CO",
        ),
        # a US state that bears a country's name
        ("As governor's aide he laundered the proceeds.", "Atlanta, Georgia, USA", "MX"),
    ],
)
def test_no_foreign_official_signal_for_ordinary_roles_or_places_at_home(
    facts: str, place: str, nationality: str
) -> None:
    content = red(("Conspiracy to import cocaine", "21 USC 963", 480), facts=facts)
    j = dataclasses.replace(content.judicial, facts_place=place)  # type: ignore[arg-type]
    f = art3(
        inp(
            dataclasses.replace(content, judicial=j),
            requesting_country="US",
            person_nationalities=(nationality,),
            country=FREE,
        )
    )
    assert f is None or "foreign_official" not in signals(f)


def test_the_foreign_official_signal_needs_acts_in_office() -> None:
    content = red(("Fraud against investors", "CC 159", 120), facts="He sold false shares.")
    j = dataclasses.replace(content.judicial, facts_place="London, United Kingdom")  # type: ignore[arg-type]
    f = art3(
        inp(
            dataclasses.replace(content, judicial=j),
            requesting_country="RU",
            person_nationalities=("GB",),
            country=FREE,
        )
    )
    assert f is None or "foreign_official" not in signals(f)


# --- a conviction in absentia on a request for prosecution -------------------------------------


@pytest.mark.parametrize(
    "facts",
    [
        "Il a été condamné par contumace le 20 juin 2005 à 20 ans de réclusion.",
        "The court convicted him in his absence in 2019.",
        "Заочно осуждён в 2019 году.",
    ],
)
def test_a_conviction_in_absentia_counts_on_a_request_for_prosecution(facts: str) -> None:
    c = red(facts=facts)
    assert assurance(inp(c, country=FREE)), "a retrial guarantee is asked for"
    found = [f for f in art2(inp(c, country=POOR)) if f.evidence["risk"] == "unfair_trial"]
    assert found and found[0].severity == Severity.REVIEW


@pytest.mark.parametrize(
    "facts",
    [
        "He was charged in his absence and his detention was ordered in absentia.",
        "Суд заочно избрал меру пресечения в виде заключения под стражу.",
        "The investigation continued in his absence.",
        # a conviction in absentia the request says did not happen or cannot
        "Заочный приговор в отношении него не выносился.",
        "He cannot be tried in absentia under the law of the requesting state.",
        "Le prévenu ne peut être condamné par défaut.",
        "La ley no permite que el acusado sea juzgado en ausencia.",
    ],
)
def test_no_conviction_in_absentia_where_the_words_say_none(facts: str) -> None:
    """Steps of an investigation in the person's absence, and negated convictions."""
    c = red(facts=facts)
    assert not assurance(inp(c, country=FREE))
    assert not [f for f in art2(inp(c, country=POOR)) if f.evidence["risk"] == "unfair_trial"]


# --- the person's work as the request states it ------------------------------------------------


def test_a_profile_the_request_states_weighs_as_a_proposal() -> None:
    c = red(
        ("Tax evasion on a particularly large scale", "CC 198", 84),
        facts="The subject, a director of music videos, failed to pay taxes on his income.",
    )
    f = art3(inp(c, country=POOR))
    assert f is not None and f.severity == Severity.REVIEW
    (sig,) = [s for s in f.evidence["signals"] if s["signal"] == "profile_stated"]
    assert sig["weight"] == RuleConfig().w_profile_stated
    assert sig["evidence"]["stated"][0]["profile"] == "writer_or_artist"
    # the same fraud with no such words stays context
    plain = art3(
        inp(red(("Tax evasion", "CC 198", 84), facts="He failed to pay taxes."), country=POOR)
    )
    assert plain is not None and plain.severity == Severity.INFO


def test_a_researched_profile_replaces_the_stated_one() -> None:
    c = red(("Fraud", "CC 159", 84), facts="The subject, a journalist, misused the funds.")
    fact = ProfileFact("journalist", "confirmed", "press reports")
    f = art3(inp(c, country=POOR, profiles=(fact,)))
    assert f is not None
    assert "profile" in signals(f) and "profile_stated" not in signals(f)


@pytest.mark.parametrize(
    ("facts_time", "changed", "counts"),
    [
        # the change in the facts' last year: most acts under the government that fell
        ("2008-2017", date(2017, 6, 21), True),
        # the change in the facts' first year: most acts under the new government
        ("2012-2015", date(2012, 12, 1), False),
    ],
)
def test_a_change_of_government_counts_after_most_of_the_acts(
    facts_time: str, changed: date, counts: bool
) -> None:
    rec = CountryRecord(
        "XX",
        POOR.entries,
        (CalendarEvent("government_change", changed, None, "New government", "test"),),
    )
    content = red(("Embezzlement of public funds", "CC art. 160", 120), facts_time=facts_time)
    f = art3(inp(content, country=rec, submitted_on=date(2024, 1, 1)))
    assert f is not None and ("government_change" in signals(f)) is counts


def test_a_former_official_weighs_less_than_a_journalist() -> None:
    """Both call for the predominance test; only the journalist's status points to
    persecution by itself (former officials are pursued after a change of government: that
    signal carries the frame)."""
    c = red(("Fraud", "CC 159", 84))

    def weight(kind: str) -> float:
        f = art3(inp(c, country=POOR, profiles=(ProfileFact(kind, "confirmed", "press"),)))
        assert f is not None
        return next(s["weight"] for s in f.evidence["signals"] if s["signal"] == "profile")

    cfg = RuleConfig()
    assert weight("journalist") == cfg.w_profile_confirmed
    assert weight("former_official") == cfg.w_profile_confirmed * 0.4


def test_no_stated_profile_where_an_offence_against_a_person_is_charged() -> None:
    """ "The murder of the editor-in-chief": the words name the victim, not the person."""
    c = red(
        ("Murder for hire of the editor-in-chief of a magazine", "CC 105", 240),
        facts="The editor-in-chief of a magazine was shot dead; the subject took part.",
    )
    f = art3(inp(c, country=POOR))
    assert f is None or "profile_stated" not in signals(f)


def test_a_stated_profile_counts_beside_another_kind_and_not_after_a_rejection() -> None:
    c = red(
        ("Abuse of office", "CC 285", 84),
        facts="The subject, leader of the opposition party, misused the budget.",
    )
    former = ProfileFact("former_official", "proposed", "a list of officials")
    f = art3(inp(c, country=POOR, profiles=(former,)))
    assert f is not None
    (sig,) = [s for s in f.evidence["signals"] if s["signal"] == "profile"]
    # the politician the words state outweighs the proposed former official (0.4 of 1)
    assert sig["weight"] == RuleConfig().w_profile_stated
    assert [s["profile"] for s in sig["evidence"]["stated"]] == ["politician"]
    rejected = ProfileFact("politician", "rejected", "a namesake")
    g = art3(inp(c, country=POOR, profiles=(rejected,)))
    assert g is None or not {"profile", "profile_stated"} & signals(g)


def test_a_stated_profile_weighs_half_in_a_free_country() -> None:
    c = red(("Tax evasion", "CC 198", 84), facts="The subject is a journalist.")
    f = art3(inp(c, country=FREE))
    assert f is not None
    (sig,) = [s for s in f.evidence["signals"] if s["signal"] == "profile_stated"]
    cfg = RuleConfig()
    assert sig["weight"] == cfg.w_profile_stated * cfg.share_in_free_country


def test_a_negation_in_the_next_clause_does_not_undo_a_conviction_in_absentia() -> None:
    c = red(facts="He was convicted in absentia and did not appear at any hearing.")
    assert [f for f in art2(inp(c, country=POOR)) if f.evidence["risk"] == "unfair_trial"]
