"""Writing a generated world to disk: JSON lines of persons plus a manifest with the seed,
counts and a digest, so a benchmark can tell which world it scored against."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from xborder.persons.codec import to_json
from xborder.persons.domain import Person
from xborder.twin.world import GENERATOR_VERSION


def write_world(
    persons: Iterable[Person],
    out_dir: Path,
    *,
    seed: int,
    count: int,
    progress: Callable[[int], None] | None = None,
) -> dict[str, object]:
    """Stream persons to `persons.jsonl` (written to a temporary name, renamed when complete,
    so an interrupted run never leaves a file that looks whole)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "persons.jsonl"
    partial = out_dir / "persons.jsonl.partial"
    sha = hashlib.sha256()
    n = 0
    with partial.open("w", encoding="utf-8") as fh:
        for p in persons:
            line = json.dumps(to_json(p), ensure_ascii=False, separators=(",", ":")) + "\n"
            sha.update(line.encode())
            fh.write(line)
            n += 1
            if progress and n % 1000 == 0:
                progress(1000)
    if progress:
        progress(n % 1000)
    partial.replace(target)
    manifest: dict[str, object] = {
        "generator": GENERATOR_VERSION,
        "seed": seed,
        "persons": n,
        "requested": count,
        "file": target.name,
        "sha256": sha.hexdigest(),
        "ground_truth": "each line is one real person; every name in `names` (all scripts, "
        "transliteration systems and aliases) belongs to that person; "
        "`external_ref` is the stable truth id",
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return manifest
