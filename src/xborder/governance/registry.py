"""The AI components of xborder, declared in code: a component that is not here cannot be
switched on, and one whose declared version has no stored evaluation cannot either.

A declaration says what the component is for and what it is not for, what goes in and comes
out, which human decision it supports (it never decides), whether its use is high-impact
(biometric: a supervisor's authorisation per use), how it is evaluated, and which use case
(whose assessments) it belongs to. The register's texts are data (`data/register.json`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from xborder.governance.evaluation import MetricFrame
from xborder.kernel.errors import NotFound


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
    # The prefix of the `algorithm` its uses are logged under ("xborder"): a use logged by an
    # older version still belongs to this component.
    algorithm_prefix: str = ""
    # Whether the release ships figures measured on real (not synthetic) data for it
    # (`data/screening-realnames.json`): the register then shows them, or why it cannot.
    real_data_figures: bool = False


@dataclass(frozen=True)
class Evaluation:
    """What a harness adapter hands back: per-group outcomes and what they were measured on."""

    frame: MetricFrame
    dataset: str
    version: str
    threshold: float
    parameters: dict[str, int]


# (seed, index size, queries per group, reference year, bootstrap rounds) -> the evaluation
Evaluator = Callable[[int, int, int, int, int], Evaluation]


# Filled by each capability's registration (xborder.platform): a component is declared by the
# capability that runs it, its evaluation by the one that holds its labelled set.
USE_CASES: dict[str, UseCase] = {}
COMPONENTS: dict[str, Component] = {}
EVALUATORS: dict[str, Evaluator] = {}


def declare(component: Component, use: UseCase) -> None:
    """Declare a component and its use case (once per process; a second, different
    declaration of the same id is a programming error)."""
    if USE_CASES.setdefault(use.id, use) != use:
        raise ValueError(f"use case {use.id!r} is declared twice, differently")
    if COMPONENTS.setdefault(component.id, component) != component:
        raise ValueError(f"component {component.id!r} is declared twice, differently")


def declare_evaluator(component_id: str, evaluator: Evaluator) -> None:
    """Name the harness adapter that evaluates a component on its labelled set."""
    EVALUATORS[component_id] = evaluator


def evaluator(component_id: str) -> Evaluator | None:
    return EVALUATORS.get(component_id)


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
