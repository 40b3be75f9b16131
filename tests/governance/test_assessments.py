"""Questionnaires as data: the risk matrix, answer checks, and what blocks a sign-off."""

from __future__ import annotations

import math

import pytest

from xborder.governance import assessments as asm
from xborder.kernel.errors import Invalid


@pytest.mark.parametrize(
    ("likelihood", "impact", "level"),
    [
        (1, 1, "low"),
        (1, 4, "low"),
        (2, 3, "medium"),
        (3, 3, "medium"),
        (2, 5, "high"),
        (4, 4, "high"),
        (4, 5, "critical"),
        (5, 5, "critical"),
    ],
)
def test_the_risk_matrix_bands_likelihood_times_impact(
    likelihood: int, impact: int, level: str
) -> None:
    assert asm.risk_level(likelihood, impact) == level


def test_the_matrix_is_configuration() -> None:
    strict = {
        **asm.scales(),
        "matrix": [{"up_to": 2, "level": "low"}, {"up_to": 25, "level": "high"}],
    }
    assert asm.risk_level(1, 3, strict) == "high"


def test_the_risk_questionnaire_covers_the_five_principles() -> None:
    principles = {q.principle for q in asm.questions("risk")}
    assert principles == {
        "Lawfulness",
        "Minimisation of harm",
        "Human autonomy",
        "Fairness",
        "Good governance",
    }
    assert {q.id for q in asm.questions("fria")} == set("abcdef")  # art. 27(1)(a)-(f)


def test_answers_outside_the_scales_or_unknown_questions_are_refused() -> None:
    with pytest.raises(Invalid, match="unknown question"):
        asm.check_answers("risk", {"nope-1": {"likelihood": 1, "impact": 1}})
    with pytest.raises(Invalid, match=r"law-1\.likelihood"):
        asm.check_answers("risk", {"law-1": {"likelihood": 6, "impact": 1}})
    with pytest.raises(Invalid, match=r"rd-law-1\.level"):
        asm.check_answers("readiness", {"rd-law-1": {"level": "high"}})
    with pytest.raises(Invalid, match="unknown assessment"):
        asm.check_answers("dpia", {})


def test_a_draft_may_be_partial_but_its_gaps_block_the_sign_off() -> None:
    answers = asm.check_answers("risk", {"law-1": {"likelihood": "3", "impact": "4"}})
    assert answers["law-1"] == {"likelihood": 3, "impact": 4, "mitigation": ""}
    gaps = asm.gaps("risk", answers)
    assert "law-1: a high risk needs a mitigation" in gaps
    assert "law-2: rate likelihood and impact" in gaps
    low = asm.check_answers("risk", {"law-1": {"likelihood": 1, "impact": 2}})
    assert not any(g.startswith("law-1") for g in asm.gaps("risk", low))  # low: no mitigation


def test_the_summary_gives_the_worst_level_per_principle() -> None:
    answers = asm.check_answers(
        "risk",
        {
            "law-1": {"likelihood": 1, "impact": 1},
            "law-2": {"likelihood": 4, "impact": 4, "mitigation": "m"},
            "fair-1": {"likelihood": 2, "impact": 3, "mitigation": "m"},
        },
    )
    s = asm.summary("risk", answers)
    by = {p["principle"]: p for p in s["principles"]}
    assert by["Lawfulness"]["worst"] == "high"
    assert by["Lawfulness"]["counts"] == {"low": 1, "high": 1}
    assert by["Fairness"]["worst"] == "medium"
    assert s["overall"] == "high"


@pytest.mark.parametrize(
    "rating", [True, False, math.inf, -math.inf, math.nan, 1e400, 2.5, 3.0, "٣", "3.0", [3], {}]
)
def test_a_rating_is_a_whole_number_on_the_scale_and_nothing_else(rating: object) -> None:
    with pytest.raises(Invalid, match="must be one of"):
        asm.check_answers("risk", {"law-1": {"likelihood": rating, "impact": 2}})


def test_a_rating_from_a_form_is_its_digits() -> None:
    out = asm.check_answers("risk", {"law-1": {"likelihood": " 3", "impact": 2}})
    assert (out["law-1"]["likelihood"], out["law-1"]["impact"]) == (3, 2)
    out = asm.check_answers("readiness", {"rd-law-1": {"level": ""}})
    assert out["rd-law-1"]["level"] is None  # left blank: a draft
