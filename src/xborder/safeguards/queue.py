"""The review queue's order: a documented score whose weights are configuration.

score = Σ over findings of weight[ground][severity]
        + art3_strength × (the art. 3 assessment's combined weight, when it calls for review)

Defaults (why): a substantive finding (art. 2, art. 3, refugee, excluded offence) that needs
review outweighs any number of data findings a request is likely to have (at most three:
minimum data, penalty, plausibility), because a person may be at risk while the request waits,
whereas missing data only asks the bureau for more information. A blocking substantive
finding comes first of all. Within a ground, stronger art. 3 signals rank higher.

The weights can be replaced by a JSON file (`XBORDER_QUEUE_WEIGHTS`, same keys); the weights
in force are recorded with each run of the checks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from xborder.config import Settings


class _Scored(Protocol):
    @property
    def rule_id(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def ground(self) -> str: ...
    @property
    def evidence(self) -> dict[str, Any]: ...


DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "refugee": {"blocking": 400, "needs_review": 200, "info": 2},
    "art2": {"blocking": 400, "needs_review": 150, "info": 2},
    "art3": {"blocking": 400, "needs_review": 150, "info": 2},
    "excluded_offence": {"blocking": 300, "needs_review": 120, "info": 2},
    "data": {"blocking": 30, "needs_review": 10, "info": 0},
    "history": {"blocking": 30, "needs_review": 15, "info": 1},
    "plausibility": {"blocking": 30, "needs_review": 10, "info": 1},
}


@dataclass(frozen=True)
class QueueWeights:
    by_ground: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    art3_strength: float = 10.0  # per unit of the art. 3 combined weight, when it calls for review

    @classmethod
    def from_file(cls, path: Path) -> QueueWeights:
        raw = json.loads(path.read_text("utf-8"))
        by_ground = {**DEFAULT_WEIGHTS, **raw.get("by_ground", {})}
        for g, sev in by_ground.items():
            if not all(isinstance(v, int | float) and v >= 0 for v in sev.values()):
                raise ValueError(f"queue weights for {g} must be non-negative numbers")
        return cls(by_ground, float(raw.get("art3_strength", 10.0)))

    def as_json(self) -> dict[str, Any]:
        return {
            "by_ground": {g: dict(v) for g, v in self.by_ground.items()},
            "art3_strength": self.art3_strength,
        }


@cache
def configured() -> QueueWeights:
    """The weights in force: the operator's file (settings) or the defaults."""
    path = Settings().queue_weights_file
    return QueueWeights.from_file(Path(path)) if path else QueueWeights()


def score(findings: Iterable[_Scored], weights: QueueWeights | None = None) -> int:
    w = weights or configured()
    total = 0.0
    for f in findings:
        total += w.by_ground.get(str(f.ground), {}).get(str(f.severity), 0.0)
        if f.rule_id == "art3_predominance" and str(f.severity) == "needs_review":
            total += w.art3_strength * float(f.evidence.get("score", 0.0))
    return round(total)
