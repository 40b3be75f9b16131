"""Scores of every script on one scale: a reading pair's raw name score is mapped through its
script's knot (`data/calibration.json`, fitted by bench/screening/realset.py on the development
half of the real-name set) so that a possible match means the same false-match rate in every
script."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from xborder.screening.config import MatchConfig

WORD_KNOT = ":token"  # the knot of a script's single-word names, where it has its own
EAR_KNOT = ":ear"  # the knot of a script's sound-skeleton agreement (`skeleton.py`)
FAMILY_KNOT = ":family"  # a one-word transcription against a Latin name's family name


def on_common_scale(
    raw: float,
    qs: str,
    cs: str,
    knots: dict[str, float],
    config: MatchConfig,
    token: bool = False,
) -> float:
    """A reading pair's score calibrated for its non-Latin side; where both sides are
    non-Latin, the stricter of their two scales (the same either way round). A pair of
    single words uses the script's token knot where there is one: one word against one word
    is weaker evidence than a full name, and the development data of some scripts (Arabic,
    Cyrillic) holds single words only, which cannot calibrate full names."""
    if token:
        qs = qs + WORD_KNOT if qs + WORD_KNOT in knots else qs
        cs = cs + WORD_KNOT if cs + WORD_KNOT in knots else cs
    if qs == "Latn":
        return calibrated(raw, cs, knots, config)
    if cs == "Latn":
        return calibrated(raw, qs, knots, config)
    return min(calibrated(raw, qs, knots, config), calibrated(raw, cs, knots, config))


def calibrated(raw: float, script: str, knots: dict[str, float], config: MatchConfig) -> float:
    """The name score on the common scale: piecewise linear through (0, 0), (knot, threshold)
    and (1, 1), where a script's knot is the raw score at which its development negatives
    reach the false-match rate Latin names reach at the threshold (`data/calibration.json`).
    Monotone, so it never reorders the candidates of one script; Latin is the reference."""
    knot = knots.get(script)
    if knot is None or raw >= 1.0:
        return raw
    t = config.threshold
    if raw <= knot:
        return raw * t / knot
    return t + (raw - knot) * (1.0 - t) / (1.0 - knot)


@cache
def calibration() -> dict[str, Any]:
    """The shipped per-script calibration (fitted by bench/screening/realset.py on the
    development half of the real-name set), or an empty one."""
    try:
        text = resources.files("xborder.screening").joinpath("data/calibration.json").read_text()
    except (FileNotFoundError, OSError):
        return {}
    data: dict[str, Any] = json.loads(text)
    return data


def knots_for(config: MatchConfig) -> dict[str, float]:
    if not config.calibrate:
        return {}
    return _knot_table(config.threshold)


@lru_cache(maxsize=8)
def _knot_table(threshold: float) -> dict[str, float]:
    data = calibration()
    if not data or abs(float(data.get("threshold", -1)) - threshold) > 1e-9:
        return {}
    return {s: float(v["knot"]) for s, v in data.get("scripts", {}).items() if 0 < v["knot"] < 1}


@lru_cache(maxsize=8)
def calibrated_scripts(threshold: float) -> frozenset[str]:
    """The scripts with a knot, for names or for single words."""
    return frozenset(
        k.removesuffix(WORD_KNOT).removesuffix(EAR_KNOT).removesuffix(FAMILY_KNOT)
        for k in _knot_table(threshold)
    )
