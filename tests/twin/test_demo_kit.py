"""The demo's drafted requests are the same in every process: a warrant reference made from
Python's str hash would change with PYTHONHASHSEED (issue 21's reproducible twin)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = (
    "from xborder.twin.demo_kit import red;"
    "print(red('Wanted: robbery', 'Robbery', 'CC 1', 12, 'Paris', '2023-01-01', 'Facts.',"
    " ['DE'])['judicial']['warrant_reference'])"
)


def test_a_warrant_reference_does_not_depend_on_the_process() -> None:
    refs = {
        subprocess.run(
            [sys.executable, "-c", SCRIPT],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(refs) == 1, refs
    assert refs.pop().startswith("AW/2023/")
