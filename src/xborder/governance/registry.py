"""The AI components of xborder, declared in code: a component that is not here cannot be
switched on, and one whose declared version has no stored evaluation cannot either.

A declaration says what the component is for and what it is not for, what goes in and comes
out, which human decision it supports (it never decides), whether its use is high-impact
(biometric: a supervisor's authorisation per use), how it is evaluated, and which use case
(whose assessments) it belongs to. The register's texts are data (`data/register.json`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from xborder.kernel.errors import NotFound
from xborder.screening import config as screening_config
from xborder.screening import matching


@dataclass(frozen=True)
class EvaluationSpec:
    """How a component is evaluated: on which labelled set, at which threshold, reporting
    which metrics for which groups (one global threshold for every group: NISTIR 8280)."""

    dataset: str
    threshold: float
    metrics: tuple[str, ...]
    groups: tuple[str, ...]
    method: str


@dataclass(frozen=True)
class UseCase:
    id: str
    name: str
    description: str
    owner: str  # the organisation accountable for the use


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    version: str
    use_case_id: str
    intended_use: str
    not_for: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    human_decision: str
    high_impact: bool
    evaluation: EvaluationSpec
    risk_category: str  # Dutch register: "high-risk AI" | "impactful" | "other"
    legal_basis: tuple[str, ...] = field(default_factory=tuple)


MATCH_METRICS = ("precision", "recall", "f1", "false_match_rate", "false_non_match_rate")

USE_CASES: dict[str, UseCase] = {
    u.id: u
    for u in (
        UseCase(
            id="uc-name-screening",
            name="Screening people against notices and lists",
            description=(
                "Officers check whether a person they have in front of them (at a border, "
                "in an investigation) may be the subject of a published notice or a listed "
                "person, across alphabets and transliterations."
            ),
            owner="General Secretariat",
        ),
    )
}

SCREENING_NAME = "screening.name"


def _screening() -> Component:
    return Component(
        id=SCREENING_NAME,
        name="Name screening",
        version=f"{matching.ALGORITHM}/{matching.VERSION}",
        use_case_id="uc-name-screening",
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
            threshold=screening_config.DEFAULT.threshold,
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
    )


def _declared() -> dict[str, Component]:
    return {c.id: c for c in (_screening(),)}


COMPONENTS: dict[str, Component] = _declared()


def get(component_id: str) -> Component:
    c = COMPONENTS.get(component_id)
    if c is None:
        raise NotFound(f"no registered AI component {component_id!r}")
    return c


def use_case(use_case_id: str) -> UseCase:
    u = USE_CASES.get(use_case_id)
    if u is None:
        raise NotFound(f"no use case {use_case_id!r}")
    return u
