"""Time and memory to generate the synthetic world.

Runs `xborder twin generate` in a child process (so peak RSS is the generator's own) for each
size, prints a table and writes bench/results/twin_generate.json.

    .venv/bin/python bench/twin_generate.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table


def run(size: int, seed: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "xborder.cli",
                "twin",
                "generate",
                "--seed",
                str(seed),
                "--persons",
                str(size),
                "--out",
                out,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        size_bytes = (Path(out) / "persons.jsonl").stat().st_size
        manifest = json.loads((Path(out) / "manifest.json").read_text())
    return {
        "persons": size,
        "seconds": round(elapsed, 2),
        "persons_per_second": round(size / elapsed),
        "peak_rss_mb": round(max(peak, before) / 1024),
        "file_mb": round(size_bytes / 2**20, 1),
        "sha256": manifest["sha256"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "twin_generate.json"
    )
    args = ap.parse_args()
    rows = [run(n, args.seed) for n in args.sizes]
    table = Table(title="Synthetic world generation (one process, streaming to JSON lines)")
    for col in ("persons", "seconds", "persons_per_second", "peak_rss_mb", "file_mb"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(
            *(
                f"{r[c]:,}" if isinstance(r[c], int) else str(r[c])
                for c in ("persons", "seconds", "persons_per_second", "peak_rss_mb", "file_mb")
            )
        )
    Console().print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "results": rows,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
