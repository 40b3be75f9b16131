"""Time Merkle proofs on a large ledger: the server must answer them without rehashing the tree.

Builds a `MerkleTree` of random leaf hashes, then times inclusion proofs (at the current size
and at random past sizes), consistency proofs between random sizes and historical roots, with
generation and verification measured apart since servers pay for one and clients for the
other. Prints a table and writes bench/results/ledger_proofs.json.

    .venv/bin/python bench/ledger_proofs.py --leaves 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from xborder.ledger.merkle import (
    HASH_SIZE,
    MerkleTree,
    inclusion_proof,
    verify_consistency,
    verify_inclusion,
)

Case = tuple[Callable[[], list[bytes]], Callable[[list[bytes]], bool]]


def _stats(ns: list[int]) -> dict[str, float]:
    us = sorted(t / 1000 for t in ns)
    return {
        "mean_us": round(statistics.fmean(us), 1),
        "p50_us": round(us[len(us) // 2], 1),
        "p99_us": round(us[min(len(us) - 1, int(len(us) * 0.99))], 1),
        "max_us": round(us[-1], 1),
    }


def _time(cases: list[Case]) -> dict[str, object]:
    """Run each (generate, verify) pair, timing each half; every proof must verify."""
    gen_ns: list[int] = []
    ver_ns: list[int] = []
    sizes: list[int] = []
    clock = time.perf_counter_ns
    for generate, verify in cases:
        t0 = clock()
        proof = generate()
        t1 = clock()
        ok = verify(proof)
        t2 = clock()
        if not ok:
            raise AssertionError("a generated proof failed to verify")
        gen_ns.append(t1 - t0)
        ver_ns.append(t2 - t1)
        sizes.append(len(proof) * HASH_SIZE)
    return {
        "count": len(cases),
        "generate": _stats(gen_ns),
        "verify": _stats(ver_ns),
        "proof_bytes_mean": round(statistics.fmean(sizes)),
        "proof_bytes_max": max(sizes),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--leaves", type=int, default=1_000_000)
    ap.add_argument("--inclusion", type=int, default=10_000)
    ap.add_argument("--consistency", type=int, default=1_000)
    ap.add_argument("--naive", type=int, default=3, help="O(n) one-off proofs, for contrast")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "results" / "ledger_proofs.json"
    )
    args = ap.parse_args()
    n = args.leaves
    rng = random.Random(args.seed)

    blob = rng.randbytes(HASH_SIZE * n)
    leaves = [blob[i : i + HASH_SIZE] for i in range(0, len(blob), HASH_SIZE)]
    del blob
    t0 = time.perf_counter()
    tree = MerkleTree(leaves)
    build_s = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    root_n = tree.root()
    roots: dict[int, bytes] = {n: root_n}

    def root_at(size: int) -> bytes:  # verifier input, computed outside the timed region
        if size not in roots:
            roots[size] = tree.root(size)
        return roots[size]

    def inclusion_case(index: int, size: int) -> Case:
        leaf, rt = leaves[index], root_at(size)
        return (
            lambda: tree.inclusion_proof(index, size),
            lambda p: verify_inclusion(leaf, index, size, p, rt),
        )

    def consistency_case(old: int, new: int) -> Case:
        r1, r2 = root_at(old), root_at(new)
        return (
            lambda: tree.consistency_proof(old, new),
            lambda p: verify_consistency(old, new, r1, r2, p),
        )

    current = [inclusion_case(rng.randrange(n), n) for _ in range(args.inclusion)]
    past = []
    for _ in range(args.inclusion):
        size = rng.randint(1, n)
        past.append(inclusion_case(rng.randrange(size), size))
    consistency = []
    for _ in range(args.consistency):
        a, b = sorted(rng.sample(range(1, n + 1), 2))
        consistency.append(consistency_case(a, b))
    root_sizes = [rng.randint(0, n) for _ in range(args.consistency)]

    results = {
        f"inclusion @ {n:,}": _time(current),
        "inclusion @ random past size": _time(past),
        "consistency, random sizes": _time(consistency),
    }
    root_ns = []
    for size in root_sizes:
        t = time.perf_counter_ns()
        tree.root(size)
        root_ns.append(time.perf_counter_ns() - t)
    root_stats = _stats(root_ns)

    naive_ns = []
    for _ in range(args.naive):
        index = rng.randrange(n)
        t = time.perf_counter_ns()
        inclusion_proof(leaves, index, n)
        naive_ns.append(time.perf_counter_ns() - t)

    table = Table(
        title=f"Merkle proofs, {n:,} leaves: build {build_s:.2f} s, "
        f"peak RSS {rss_mb:.0f} MB (tree + the leaf list)"
    )
    for col in ("operation", "phase", "count", "mean µs", "p50 µs", "p99 µs", "max µs"):
        table.add_column(col, justify="left" if col in ("operation", "phase") else "right")
    table.add_column("proof bytes (avg / max)", justify="right")

    def row(label: str, phase: str, count: int, s: dict[str, float], proof: str) -> None:
        table.add_row(
            label,
            phase,
            f"{count:,}",
            *(f"{s[k]:,.1f}" for k in ("mean_us", "p50_us", "p99_us", "max_us")),
            proof,
        )

    for name, r in results.items():
        count = r["count"]
        assert isinstance(count, int)
        for phase in ("generate", "verify"):
            stats = r[phase]
            assert isinstance(stats, dict)
            proof = f"{r['proof_bytes_mean']:,} / {r['proof_bytes_max']:,}"
            row(name, phase, count, stats, proof)
    row("root(size), random size", "compute", len(root_sizes), root_stats, "")
    naive_stats = _stats(naive_ns) if naive_ns else None
    if naive_stats:
        row("naive inclusion_proof(list)", "generate", len(naive_ns), naive_stats, "")
    Console(width=140).print(table)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "leaves": n,
                "build_seconds": round(build_s, 2),
                "peak_rss_mb": round(rss_mb),
                "results": results,
                "root_at_size": {"count": len(root_sizes), **root_stats},
                "naive_inclusion_proof": naive_stats and {"count": len(naive_ns), **naive_stats},
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
