"""The queue score: documented weights that an operator's file can replace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xborder.notices.rulebase import Finding, Ground, Severity
from xborder.safeguards.queue import QueueWeights, score


def f(ground: Ground, severity: Severity, rule: str = "x", **evidence: float) -> Finding:
    return Finding(rule, "1", severity, "m", dict(evidence), False, ground)


def test_one_substantive_review_outranks_three_blocking_data_findings() -> None:
    w = QueueWeights()
    data = [f(Ground.DATA, Severity.BLOCKING)] * 3
    assert score([f(Ground.ART3, Severity.REVIEW)], w) > score(data, w)


def test_a_file_replaces_the_weights_of_a_ground(tmp_path: Path) -> None:
    p = tmp_path / "weights.json"
    p.write_text(json.dumps({"by_ground": {"data": {"blocking": 1000}}, "art3_strength": 0}))
    w = QueueWeights.from_file(p)
    assert score([f(Ground.DATA, Severity.BLOCKING)], w) == 1000
    assert score([f(Ground.ART3, Severity.REVIEW, "art3_predominance", score=5.0)], w) == 150


@pytest.mark.parametrize(
    "raw",
    [
        {"by_ground": {"art3": {"needs_review": -5}}},
        {"art3_strength": -50},
        {"art3_strength": True},
    ],
)
def test_negative_weights_are_refused(tmp_path: Path, raw: dict[str, object]) -> None:
    p = tmp_path / "weights.json"
    p.write_text(json.dumps(raw))
    with pytest.raises(ValueError, match="non-negative"):
        QueueWeights.from_file(p)


def test_a_file_naming_one_severity_keeps_the_others(tmp_path: Path) -> None:
    p = tmp_path / "weights.json"
    p.write_text(json.dumps({"by_ground": {"art3": {"needs_review": 200}}}))
    w = QueueWeights.from_file(p)
    assert score([f(Ground.ART3, Severity.BLOCKING)], w) == 400
