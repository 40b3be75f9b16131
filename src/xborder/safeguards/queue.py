"""The review queue's order: a documented score whose weights are configuration.

score = Σ over findings of weight[ground][severity]
        + art3_strength × (the art. 3 assessment's combined weight, when it calls for review)

Defaults (why): a substantive finding (art. 2, art. 3, refugee, excluded offence) that needs
review outweighs any number of data findings a request is likely to have (minimum data,
penalty, plausibility, guarantees to ask for: a handful), because a person may be at risk
while the request waits, whereas missing data (or a guarantee: a retrial, a death-penalty
assurance) only asks the bureau for more information. A blocking substantive
finding comes first of all. Within a ground, stronger art. 3 signals rank higher.

The weights can be replaced by a JSON file (`XBORDER_QUEUE_WEIGHTS`, same keys; read by
`safeguards.service.queue_weights`); the weights in force are recorded with each decision
(`notices.rules.rule_versions`). Pure: no configuration is read here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


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
        """The defaults, with the file's weights replacing them one by one (a file that names
        one severity of a ground keeps the others)."""
        raw = json.loads(path.read_text("utf-8"))
        by_ground = {g: dict(sev) for g, sev in DEFAULT_WEIGHTS.items()}
        for g, sev in raw.get("by_ground", {}).items():
            by_ground.setdefault(g, {}).update(sev)
        strength = raw.get("art3_strength", 10.0)
        values = [v for sev in by_ground.values() for v in sev.values()] + [strength]
        if not all(
            isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in values
        ):
            raise ValueError("queue weights must be non-negative numbers")
        return cls(by_ground, float(strength))


def score(findings: Iterable[_Scored], weights: QueueWeights | None = None) -> int:
    w = weights or QueueWeights()
    total = 0.0
    for f in findings:
        total += w.by_ground.get(str(f.ground), {}).get(str(f.severity), 0.0)
        if f.rule_id == "art3_predominance" and str(f.severity) == "needs_review":
            total += w.art3_strength * float(f.evidence.get("score", 0.0))
    return round(total)
