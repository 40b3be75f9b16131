"""Load the real-name cross-script set (pure stdlib).

from bench.screening.realnames.load import load
rows = load("dev")                      # tune on dev only
rows = load("test", script="Hebr")      # report on test
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

DATA = Path(__file__).with_name("realnames.jsonl.gz")


def load(
    split: str | None = None,
    *,
    script: str | None = None,
    unit: str | None = None,
    label: bool | None = None,
    path: Path | str = DATA,
) -> list[dict[str, object]]:
    """Rows of the set, optionally filtered by split ('dev'|'test'), script (ISO 15924),
    unit ('full'|'token') and label (True = same person, False = different person)."""
    if split not in (None, "dev", "test"):
        raise ValueError(f"split must be None, 'dev' or 'test', not {split!r}")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if split is not None and row["split"] != split:
                continue
            if script is not None and row["script"] != script:
                continue
            if unit is not None and row["unit"] != unit:
                continue
            if label is not None and row["label"] is not label:
                continue
            out.append(row)
    return out


if __name__ == "__main__":
    from collections import Counter

    counts = Counter((r["script"], r["unit"], r["split"], r["label"]) for r in load())
    for key in sorted(counts):
        print(*key, counts[key])
