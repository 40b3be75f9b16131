"""Name screening as an AI component of the register (xborder.governance.registry): what it
is for and not for, and how it is evaluated. Declared when the capability registers."""

from __future__ import annotations

from xborder.governance.registry import Component, EvaluationSpec, UseCase
from xborder.screening import config, matching

SCREENING_NAME = "screening.name"
MATCH_METRICS = ("precision", "recall", "f1", "false_match_rate", "false_non_match_rate")

USE_CASE = UseCase(
    id="uc-name-screening",
    name="Screening people against notices and lists",
    description=(
        "Officers check whether a person they have in front of them (at a border, "
        "in an investigation) may be the subject of a published notice or a listed "
        "person, across alphabets and transliterations."
    ),
    owner="General Secretariat",
)

COMPONENT = Component(
    id=SCREENING_NAME,
    name="Name screening",
    version=f"{matching.ALGORITHM}/{matching.VERSION}",
    use_case_id=USE_CASE.id,
    intended_use=(
        "Propose possible matches between a queried person (names, date of birth, "
        "nationality, sex) and the subjects of published notices and imported lists, each "
        "with the evidence for every feature, for an officer to confirm or reject."
    ),
    not_for=(
        "Deciding anything on its own; identifying a person from a photograph or "
        "fingerprint; scoring risk; screening anyone without a stated purpose."
    ),
    inputs=("names in any script", "date of birth (partial)", "nationalities", "sex"),
    outputs=("possible matches above the threshold, best first", "score and features"),
    human_decision=(
        "An officer confirms or rejects each possible match, giving a reason for a "
        "rejection; only a confirmed match leads to a hit report to the owning bureau."
    ),
    high_impact=False,
    evaluation=EvaluationSpec(
        dataset="twin-screening-1",
        threshold=config.DEFAULT.threshold,
        metrics=MATCH_METRICS,
        groups=("script", "region", "sex", "age_band"),
        method=(
            "Labelled pairs from the synthetic world; a mated query counts as found when "
            "its true record is the top hit at or above the threshold; a non-mated query "
            "is a false match when any record scores at or above it. One global threshold "
            "for every group; seeded bootstrap 95% intervals."
        ),
    ),
    risk_category="high-risk AI",
    legal_basis=("rpd-art10", "rpd-art65"),
    algorithm_prefix="xborder",
    real_data_figures=True,
)
