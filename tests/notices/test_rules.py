"""The automated compliance checks: each rule with a case that fires and one that does not,
the offence catalogues and their matcher, the ordering of findings and the queue score."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xborder.kernel.countries import country_name
from xborder.notices.catalogue import (
    CATALOGUES,
    EXCLUDED_OFFENCES,
    Kind,
    classify,
    fold,
)
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
    RULES,
    Art2Risk,
    CheckInput,
    ContextEvent,
    ExistingNotice,
    Finding,
    Measure,
    ProtectedStatus,
    RuleConfig,
    Severity,
    facts_period,
    risk_score,
    rule_versions,
    run_checks,
)
from xborder.safeguards.charges import catalogue as charge_catalogue

SUBMITTED = date(2024, 6, 1)


def red(
    *offences: tuple[str, int | None],
    basis: JudicialBasis = JudicialBasis.PROSECUTION,
    facts: str = "Robbed a jewellery shop at gunpoint with two accomplices.",
    facts_time: str = "2020-03-14",
    profile: frozenset[Profile] = frozenset(),
    **judicial: Any,
) -> NoticeContent:
    offs = offences or (("Armed robbery of a jewellery shop", 240),)
    return NoticeContent(
        notice_type=NoticeType.RED,
        subject_status=SubjectStatus.WANTED,
        title="Wanted for prosecution",
        summary="",
        judicial=JudicialData(
            basis=basis,
            offences=tuple(Offence(d, "Penal Code art. 1", m) for d, m in offs),
            warrant_reference="AW-2024-0042",
            issuing_authority="Investigating judge",
            facts_summary=facts,
            facts_time=facts_time,
            facts_place="Lyon",
            extradition_countries=("DE", "ES"),
            **judicial,
        ),
        profile=profile,
    )


def other(notice_type: NoticeType, **details: str) -> NoticeContent:
    return NoticeContent(
        notice_type=notice_type,
        subject_status=SubjectStatus.PERSON_OF_INTEREST,
        title="Request",
        summary="",
        details=details,
    )


def inp(content: NoticeContent | None = None, **over: Any) -> CheckInput:
    return CheckInput(
        content=content or red(),
        requesting_country=over.pop("requesting_country", "RU"),
        submitted_on=over.pop("submitted_on", SUBMITTED),
        has_person=over.pop("has_person", True),
        **over,
    )


def of(rule_id: str, i: CheckInput, config: RuleConfig | None = None) -> list[Finding]:
    return [f for f in run_checks(i, config or RuleConfig()) if f.rule_id == rule_id]


def one(rule_id: str, i: CheckInput, config: RuleConfig | None = None) -> Finding:
    found = of(rule_id, i, config)
    assert len(found) == 1, found
    return found[0]


def test_a_complete_ordinary_request_raises_nothing() -> None:
    assert run_checks(inp()) == []


# --- minimum data --------------------------------------------------------------------------


def test_red_request_without_warrant_reference_is_blocking_and_disclosable() -> None:
    c = red()
    assert c.judicial is not None
    f = one("minimum_data", inp(replace(c, judicial=replace(c.judicial, warrant_reference=""))))
    assert f.severity == Severity.BLOCKING and f.disclosable
    assert f.evidence == {"missing": ["judicial.warrant_reference"]}
    assert "arrest warrant" in f.message and "RPD art. 83(2)" in f.message


def test_yellow_request_without_person_or_last_place_is_blocking() -> None:
    c = other(NoticeType.YELLOW, missing_since="2024-01-01")
    f = one("minimum_data", inp(c, has_person=False))
    assert f.evidence["missing"] == ["person", "details.last_seen_place"]
    assert "place the person was last seen" in f.message


def test_complete_yellow_request_has_no_minimum_data_finding() -> None:
    c = other(NoticeType.YELLOW, missing_since="2024-01-01", last_seen_place="Lyon")
    assert of("minimum_data", inp(c)) == []


# --- penalty threshold ---------------------------------------------------------------------


def test_prosecution_for_offence_punishable_by_two_years_meets_threshold() -> None:
    assert of("penalty_threshold", inp(red(("Theft", 6), ("Burglary", 24)))) == []


def test_prosecution_below_two_years_is_blocking_with_penalty_and_threshold() -> None:
    f = one("penalty_threshold", inp(red(("Theft", 12), ("Fraud", 18))))
    assert f.severity == Severity.BLOCKING and f.disclosable
    assert f.evidence["highest_max_penalty_months"] == 18
    assert f.evidence["threshold_months"] == 24
    assert "RPD art. 83(1)(b)" in f.message


def test_particular_importance_turns_threshold_block_into_review_naming_the_exception() -> None:
    f = one("penalty_threshold", inp(red(("Theft", 12)), particular_importance=True))
    assert f.severity == Severity.REVIEW
    assert "particular importance" in f.message and f.evidence["particular_importance"] is True


def test_unknown_penalty_is_needs_review_and_minimum_data_reports_it() -> None:
    i = inp(red(("Theft", 12), ("Robbery", None)))
    f = one("penalty_threshold", i)
    assert f.severity == Severity.REVIEW and "“Robbery”" in f.message
    assert "judicial.offences.max_penalty_months" in one("minimum_data", i).evidence["missing"]


def test_threshold_is_configuration() -> None:
    i = inp(red(("Theft", 12)))
    assert of("penalty_threshold", i, RuleConfig(prosecution_min_months=12)) == []


@pytest.mark.parametrize(
    ("imposed", "left"), [(6, None), (6, 0), (36, 2), (None, 6), (4, 6)], ids=str
)
def test_sentence_of_six_months_imposed_or_left_meets_threshold(
    imposed: int | None, left: int | None
) -> None:
    c = red(basis=JudicialBasis.SENTENCE, sentence_imposed_months=imposed)
    assert c.judicial is not None
    c = replace(c, judicial=replace(c.judicial, sentence_remaining_months=left))
    assert of("penalty_threshold", inp(c)) == []


def test_short_sentence_is_blocking_since_what_is_left_cannot_exceed_it() -> None:
    c = red(basis=JudicialBasis.SENTENCE, sentence_imposed_months=4)
    f = one("penalty_threshold", inp(c))
    assert f.severity == Severity.BLOCKING
    assert f.evidence["sentence_imposed_months"] == 4
    assert f.evidence["threshold_imposed_months"] == 6


def test_sentence_with_only_a_short_remainder_known_needs_review() -> None:
    c = red(basis=JudicialBasis.SENTENCE, sentence_remaining_months=3)
    assert one("penalty_threshold", inp(c)).severity == Severity.REVIEW


def test_penalty_threshold_applies_to_red_notices_only() -> None:
    c = other(NoticeType.BLUE, information_sought="Whereabouts")
    assert of("penalty_threshold", inp(c)) == []


# --- excluded offences ---------------------------------------------------------------------


def test_request_whose_only_offence_is_adultery_is_blocking_with_matched_terms() -> None:
    f = one("excluded_offence", inp(red(("Adultery", 36), facts="Met a lover.")))
    assert f.severity == Severity.BLOCKING and f.disclosable
    (unit,) = f.evidence["offences"]
    assert unit["excluded"] and unit["matches"][0]["terms"] == ["Adultery"]
    assert unit["matches"][0]["category"] == "adultery"


def test_ordinary_offence_is_not_excluded() -> None:
    assert of("excluded_offence", inp(red(("Murder", 1200)))) == []


def test_one_excluded_offence_among_others_needs_review() -> None:
    f = one("excluded_offence", inp(red(("Defamation of a neighbour", 24), ("Arson", 120))))
    assert f.severity == Severity.REVIEW
    assert [u["excluded"] for u in f.evidence["offences"]] == [True, False]


def test_bounced_cheque_without_link_to_serious_crime_is_blocking() -> None:
    f = one("excluded_offence", inp(red(("Issuing a bounced cheque", 60), facts="Paid a car.")))
    assert f.severity == Severity.BLOCKING


def test_bounced_cheque_linked_to_organised_crime_needs_review_saying_why() -> None:
    c = red(
        ("Issuing bounced cheques", 60),
        facts="The cheques were issued on behalf of a criminal organisation.",
    )
    f = one("excluded_offence", inp(c))
    assert f.severity == Severity.REVIEW
    assert "organised crime" in f.message and "criminal organisation" in f.message
    assert f.evidence["offences"][0]["link_to_serious_crime"]


def test_link_to_organised_crime_does_not_rescue_a_behavioural_norm_offence() -> None:
    c = red(("Adultery", 36), facts="Linked to organised crime, allegedly.")
    assert one("excluded_offence", inp(c)).severity == Severity.BLOCKING


def test_excluded_category_mentioned_only_in_the_facts_is_context() -> None:
    """What the facts recount is not what the request charges: a murder whose victim had
    sued for defamation is a murder. In the title it would say what the request is about."""
    c = red(("Murder", 1200), facts="The victim had sued him for defamation.")
    f = one("excluded_offence", inp(c))
    assert f.severity == Severity.INFO and "Context" in f.message
    assert f.evidence["other_text_matches"][0]["field"] == "facts summary"
    titled = dataclasses.replace(c, title="Wanted for defamation and murder")
    assert one("excluded_offence", inp(titled)).severity == Severity.REVIEW
    # an offence the catalogue does not recognise as ordinary crime may be the excluded
    # activity relabelled: the facts' mention still calls for review
    for offence in ("Offence under the Criminal Code", "Fraud"):
        relabelled = red((offence, 60), facts="He wrote bad cheques to the supplier.")
        assert one("excluded_offence", inp(relabelled)).severity == Severity.REVIEW, offence


def test_blue_notice_about_an_excluded_activity_needs_review_not_block() -> None:
    c = other(NoticeType.BLUE, information_sought="Whereabouts; suspected of blasphemy")
    assert one("excluded_offence", inp(c)).severity == Severity.REVIEW


def test_excluded_offence_rule_does_not_apply_to_yellow_notices() -> None:
    c = other(
        NoticeType.YELLOW, missing_since="2024", last_seen_place="Lyon", circumstances="adultery"
    )
    assert of("excluded_offence", inp(c)) == []


# --- art. 3 --------------------------------------------------------------------------------


def test_country_under_corrective_measures_needs_review_with_reason_and_scopes() -> None:
    m = Measure(("prior_review", "no_direct_diffusions"), "Armed conflict", date(2022, 3, 10))
    f = one("art3_corrective_measures", inp(measures=(m,)))
    assert f.severity == Severity.REVIEW
    assert "Armed conflict" in f.message and "prior review" in f.message
    assert f.evidence["measures"] == [
        {
            "scopes": ["prior_review", "no_direct_diffusions"],
            "reason": "Armed conflict",
            "starts_on": "2022-03-10",
        }
    ]


def test_country_without_measures_raises_no_measures_finding() -> None:
    assert of("art3_corrective_measures", inp()) == []


ELECTION = ContextEvent("election", date(2024, 3, 17), None, "Presidential election")


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2023-05-14", (date(2023, 5, 14), date(2023, 5, 14))),
        ("2023-05", (date(2023, 5, 1), date(2023, 5, 31))),
        ("between March and June 2022", (date(2022, 3, 1), date(2022, 6, 30))),
        ("from 3 February 2021 to 2021-04", (date(2021, 2, 3), date(2021, 4, 30))),
        ("2022", None),
        ("2023-13", None),
        ("last spring", None),
    ],
)
def test_facts_period_reads_iso_and_named_months(
    text: str, period: tuple[date, date] | None
) -> None:
    assert facts_period(text) == period


# --- art. 2 --------------------------------------------------------------------------------


def test_art2_risk_needs_review_listing_sources_and_is_not_disclosed() -> None:
    risks = (
        Art2Risk("torture", "UN Committee against Torture, 2023", ""),
        Art2Risk("death_penalty", "Penal Code art. 105", "capital offence"),
    )
    f = one("art2_risk", inp(art2_risks=risks))
    assert f.severity == Severity.REVIEW and not f.disclosable
    assert "UN Committee against Torture, 2023" in f.message and "death penalty" in f.message
    assert [r["risk"] for r in f.evidence["risks"]] == ["torture", "death_penalty"]


def test_no_art2_risk_raises_nothing() -> None:
    assert of("art2_risk", inp()) == []


# --- refugee policy ------------------------------------------------------------------------


def status(**over: Any) -> ProtectedStatus:
    base: dict[str, Any] = {
        "status": "refugee",
        "confirmed": True,
        "fled_country": "RU",
        "granting_country": "DE",
        "grounds_unrelated": False,
        "match": "linked record",
    }
    return ProtectedStatus(**{**base, **over})


def test_refugee_request_from_country_fled_is_blocking() -> None:
    f = one("refugee_policy", inp(protected=(status(),)))
    assert f.severity == Severity.BLOCKING and not f.disclosable
    assert f.evidence["granting_country"] == "DE"


@pytest.mark.parametrize(
    "over",
    [
        {},
        {"confirmed": False},
        {"grounds_unrelated": True},
        {"fled_country": "BY"},
        {"match": "name and date of birth"},
    ],
    ids=str,
)
def test_refugee_finding_message_never_names_the_granting_country(over: dict[str, Any]) -> None:
    f = one("refugee_policy", inp(protected=(status(**over),)))
    assert "DE" not in f.message
    assert country_name("DE").lower() not in f.message.lower()
    assert "german" not in f.message.lower()


def test_unconfirmed_refugee_status_needs_review() -> None:
    assert (
        one("refugee_policy", inp(protected=(status(confirmed=False),))).severity == Severity.REVIEW
    )


def test_status_on_grounds_unrelated_to_requester_is_info() -> None:
    f = one("refugee_policy", inp(protected=(status(grounds_unrelated=True),)))
    assert f.severity == Severity.INFO


def test_status_against_another_country_does_not_block() -> None:
    f = one("refugee_policy", inp(protected=(status(fled_country="BY"),)))
    assert f.severity == Severity.INFO


def test_name_match_asks_reviewer_to_confirm_identity() -> None:
    f = one("refugee_policy", inp(protected=(status(match="name and date of birth"),)))
    assert f.severity == Severity.BLOCKING and "confirm it is the same person" in f.message


def test_no_protected_status_raises_no_refugee_finding() -> None:
    assert of("refugee_policy", inp()) == []


# --- duplicates ----------------------------------------------------------------------------


def existing(**over: Any) -> ExistingNotice:
    base = {
        "number": "2024/100",
        "notice_type": "red",
        "state": "published",
        "requesting_country": "RU",
        "match": "name and date of birth",
    }
    return ExistingNotice(**{**base, **over})


def test_same_requester_same_type_is_likely_duplicate() -> None:
    f = one("duplicate", inp(duplicates=(existing(),)))
    assert f.severity == Severity.REVIEW and f.disclosable
    assert "likely a duplicate" in f.message and f.evidence["number"] == "2024/100"


def test_notice_from_another_country_is_info_and_not_disclosed() -> None:
    f = one("duplicate", inp(duplicates=(existing(requesting_country="FR"),)))
    assert f.severity == Severity.INFO and not f.disclosable
    assert "Another country" in f.message


def test_same_requester_other_type_is_info() -> None:
    f = one("duplicate", inp(duplicates=(existing(notice_type="blue"),)))
    assert f.severity == Severity.INFO and f.disclosable


def test_previously_refused_request_needs_review() -> None:
    f = one("duplicate", inp(duplicates=(existing(state="refused"),)))
    assert f.severity == Severity.REVIEW and "refused" in f.message


def test_withdrawn_notice_is_not_a_duplicate() -> None:
    assert of("duplicate", inp(duplicates=(existing(state="withdrawn"),))) == []


# --- running the rules ---------------------------------------------------------------------

RANK = {Severity.BLOCKING: 0, Severity.REVIEW: 1, Severity.INFO: 2}


def busy_input() -> CheckInput:
    return inp(
        red(("Adultery", 12), profile=frozenset({Profile.ACTIVIST})),
        country_note="Contested elections.",
        protected=(status(),),
        duplicates=(existing(requesting_country="FR"),),
        asylum_claim_on=date(2024, 1, 1),
    )


def test_findings_are_sorted_blocking_then_review_then_info() -> None:
    findings = run_checks(busy_input())
    ranks = [RANK[f.severity] for f in findings]
    assert ranks == sorted(ranks) and set(ranks) == {0, 1, 2}


def test_every_finding_names_a_known_rule_version_and_json_evidence() -> None:
    versions = rule_versions()
    for f in run_checks(busy_input()):
        assert versions[f.rule_id] == f.rule_version
        json.dumps(f.evidence)


def test_rules_run_only_for_the_types_they_apply_to() -> None:
    c = other(NoticeType.PURPLE, modus_operandi="Concealment in tyres")
    i = inp(c, has_person=False, art2_risks=(Art2Risk("torture", "report", ""),))
    assert run_checks(i) == []


_findings = st.lists(
    st.builds(
        Finding,
        rule_id=st.sampled_from([r.id for r in RULES]),
        rule_version=st.just("1.0.0"),
        severity=st.sampled_from(list(Severity)),
        message=st.text(max_size=5),
        evidence=st.just({}),
        disclosable=st.booleans(),
    ),
    max_size=20,
)


@given(_findings)
def test_adding_a_blocking_finding_never_lowers_the_risk_score(findings: list[Finding]) -> None:
    blocking = Finding("minimum_data", "1.0.0", Severity.BLOCKING, "m", {}, True)
    assert risk_score([*findings, blocking]) > risk_score(findings)


def test_rule_versions_list_every_rule_and_catalogue() -> None:
    v = rule_versions()
    assert {r.id for r in RULES} <= set(v)
    assert v["catalogue.excluded_offences"] == EXCLUDED_OFFENCES.version
    assert v["catalogue.charge_patterns"] == charge_catalogue().version
    assert "config.prosecution_min_months" not in v
    assert rule_versions(RuleConfig())["config.prosecution_min_months"] == "24"


def test_rule_ids_are_unique_and_cite_a_source() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    assert all(r.source and r.version and r.applies_to for r in RULES)


# --- catalogues and the classifier ---------------------------------------------------------


def ids(text: str, catalogue: Any = EXCLUDED_OFFENCES) -> list[str]:
    return [m.category_id for m in classify(text, catalogue)]


def test_classifier_matches_whole_words_only() -> None:
    assert ids("the consultant was paid") == []
    assert ids("libel of the mayor") == ["defamation"]
    assert ids("patriotic songs") == []


def test_classifier_folds_case_and_diacritics() -> None:
    (m,) = classify("Crime de DIFFAMATION", EXCLUDED_OFFENCES)
    assert m.terms == ("DIFFAMATION",)
    assert ids("DIFAMACIÓN agravada", EXCLUDED_OFFENCES) == ["defamation"]


def test_classifier_tolerates_plurals_and_listed_inflections() -> None:
    assert classify("three libels", EXCLUDED_OFFENCES)[0].terms == ("libels",)
    assert ids("defamatory statements", EXCLUDED_OFFENCES) == ["defamation"]


def test_coerced_or_child_variants_are_not_excluded_categories() -> None:
    assert ids("forced prostitution", EXCLUDED_OFFENCES) == []
    assert ids("distribution of child pornography", EXCLUDED_OFFENCES) == []
    assert ids("prostitution", EXCLUDED_OFFENCES) == ["prostitution"]


def test_embezzlement_for_personal_use_is_not_drug_use() -> None:
    assert ids("embezzled public funds for personal use", EXCLUDED_OFFENCES) == []


def test_excluded_catalogue_covers_the_four_kinds() -> None:
    kinds = {c.kind for c in EXCLUDED_OFFENCES.categories}
    assert kinds == {
        Kind.BEHAVIOUR_NORMS,
        Kind.FAMILY_PRIVATE,
        Kind.ADMINISTRATIVE,
        Kind.PRIVATE_DISPUTE,
    }


@pytest.mark.parametrize(
    ("catalogue", "category_id", "example"),
    [(cat, c.id, e) for cat in CATALOGUES for c in cat.categories for e in c.examples],
)
def test_each_category_catches_its_own_examples(
    catalogue: Any, category_id: str, example: str
) -> None:
    assert category_id in ids(example, catalogue)


_TERMS = [t for cat in CATALOGUES for c in cat.categories for t in c.terms]


@settings(max_examples=200)
@given(st.text(max_size=200), st.sampled_from(_TERMS), st.text(max_size=50))
def test_classify_never_raises_and_matches_occur_in_the_folded_text(
    before: str, term: str, after: str
) -> None:
    text = f"{before} {term} {after}"
    for cat in CATALOGUES:
        for m in classify(text, cat):
            assert m.terms
            for t in m.terms:
                assert t in text
                assert fold(t) in fold(text)


@given(st.text(max_size=100), st.text(max_size=100))
def test_a_listed_term_between_spaces_is_always_found(before: str, after: str) -> None:
    assert "defamation" in ids(f"{before} libel {after}")


def test_an_excluded_offence_does_not_carry_the_threshold_for_the_others() -> None:
    from datetime import date as _date

    from xborder.notices import rules as r
    from xborder.notices.domain import content_from_json

    content = content_from_json(
        {
            "notice_type": "red",
            "subject_status": "wanted",
            "title": "t",
            "judicial": {
                "offences": [
                    {
                        "description": "Defamation of an official",
                        "law": "PC 1",
                        "max_penalty_months": 36,
                    },
                    {"description": "Petty theft", "law": "PC 2", "max_penalty_months": 6},
                ]
            },
        }
    )
    inp = r.CheckInput(
        content=content, requesting_country="FR", submitted_on=_date(2026, 1, 1), has_person=True
    )
    found = [f for f in r.check_penalty_threshold(inp, r.RuleConfig())]
    assert [f.severity for f in found] == [r.Severity.BLOCKING]
    assert found[0].evidence["not_counted_excluded"] == ["Defamation of an official"]


def test_excluded_offence_blocks_a_red_notice_but_only_warns_on_a_blue_one() -> None:
    from datetime import date as _date

    from xborder.notices import rules as r
    from xborder.notices.domain import content_from_json

    def severity(notice_type: str) -> list[str]:
        content = content_from_json(
            {
                "notice_type": notice_type,
                "subject_status": "wanted",
                "title": "t",
                "judicial": {
                    "offences": [
                        {"description": "Defamation", "law": "x", "max_penalty_months": 36}
                    ]
                },
            }
        )
        inp = r.CheckInput(
            content=content,
            requesting_country="FR",
            submitted_on=_date(2026, 1, 1),
            has_person=True,
        )
        return [f.severity.value for f in r.check_excluded_offence(inp, r.RuleConfig())]

    assert severity("red") == ["blocking"]
    assert severity("blue") == ["needs_review"]
