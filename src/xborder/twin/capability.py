"""The synthetic world joins the system: it holds the labelled sets, so it evaluates the
components that are measured on them."""

from __future__ import annotations

from xborder.governance import registry as governance
from xborder.plugins import Registry
from xborder.screening.component import SCREENING_NAME
from xborder.twin import cli, screening_evaluation


def register(r: Registry) -> None:
    governance.declare_evaluator(SCREENING_NAME, screening_evaluation.run)
    r.cli.append(("twin", cli.app))
