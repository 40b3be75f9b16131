"""Names heard rather than read: a katakana, Hebrew or Chinese transcription of a foreign name
against its Latin spelling, compared by their consonant skeletons (`skeleton.py`), and a
Chinese transcription of a foreigner's family name alone against a Latin full name. Each
comparison has its own calibrated knot, and is tried only for the pairs it is made for."""

from __future__ import annotations

from collections.abc import Sequence

from xborder.screening import skeleton
from xborder.screening.calibration import EAR_KNOT, FAMILY_KNOT, calibrated
from xborder.screening.config import INITIAL_WEIGHT, MatchConfig
from xborder.screening.normalise import HANZI
from xborder.screening.prepared import FAMILY_ALONE, Entry, Pattern, Prepared, alone, heard

__all__ = [
    "FAMILY_ALONE",
    "alone",
    "by_ear_score",
    "by_family_score",
    "family_pair",
    "heard",
    "heard_as_written",
]


def heard_as_written(p: Prepared, i: int) -> bool:
    """Whether reading `i` is a transcribed name as written (its characters are read syllable
    by syllable by the Chinese ear): a Han reading of one of the names written by sound, not
    any other Han name of the same person."""
    return p.variants[i][0] == HANZI and p.reading(i) in p.transcribed


def _ear_pair(q: Prepared, qi: int, c: Prepared, ci: int) -> tuple[str, str, str] | None:
    """(script, native reading, Latin reading) where the pair is a heard name's learned
    reading against a Latin name, either way round; None for any other pair."""
    qp, cp = q.variants[qi], c.variants[ci]
    if cp[6] == "Latn" and (heard(qp) or heard_as_written(q, qi)):
        return qp[6], q.reading(qi), c.reading(ci)
    if qp[6] == "Latn" and (heard(cp) or heard_as_written(c, ci)):
        return cp[6], c.reading(ci), q.reading(qi)
    return None


def ear_agreement(q: Prepared, c: Prepared) -> float:
    """The best raw skeleton agreement over the reading pairs `by_ear_score` compares (0 where
    none is such a pair): what the `<script>:ear` knot is fitted on."""
    best = 0.0
    for qi in range(len(q.variants)):
        for ci in range(len(c.variants)):
            pair = _ear_pair(q, qi, c, ci)
            if pair is not None:
                best = max(best, skeleton.agreement(*pair)[0])
    return best


def by_ear_score(
    q: Prepared, qi: int, c: Prepared, ci: int, knots: dict[str, float], config: MatchConfig
) -> tuple[float, str]:
    """A heard name's reading (katakana, Hebrew) against a Latin name, compared by their
    consonant skeletons, on the common scale; (0, "") for any other pair, or where the
    script has no calibrated knot for it."""
    pair = _ear_pair(q, qi, c, ci)
    if pair is None or (knot_key := pair[0] + EAR_KNOT) not in knots:
        return 0.0, ""
    raw, a, b = skeleton.agreement(*pair)
    if raw <= 0.0:
        return 0.0, ""
    return calibrated(raw, knot_key, knots, config), (
        f"sounds alike to a {pair[0]} ear: {a} vs {b} ({raw:.2f})"
    )


def _family_entry(pattern: Pattern) -> Entry | None:
    """A Latin name's family name, as Western order writes it: its last word (not a particle,
    an initial or a part of two words written together); None for a one-word name."""
    if pattern[6] != "Latn" or pattern[3] < 2:
        return None
    last: Entry | None = None
    for e in pattern[5]:
        mask = e[1]
        single = mask & (mask - 1) == 0 and e[3] == 1 and e[2] > INITIAL_WEIGHT
        if single and (last is None or mask > last[1]):
            last = e
    return last


def family_pair(q: Prepared, qi: int, c: Prepared, ci: int) -> tuple[str, int, int] | None:
    """(script, query unit, candidate unit) where one reading is a one-word transcription
    (`alone`) and the other a Latin name of two words or more, paired with its family name;
    None for any other pair."""
    qp, cp = q.variants[qi], c.variants[ci]
    if alone(q, qp) and (fam := _family_entry(cp)) is not None:
        return qp[6], qp[5][0][0], fam[0]
    if alone(c, cp) and (fam := _family_entry(qp)) is not None:
        return cp[6], fam[0], cp[5][0][0]
    return None


def by_family_score(
    q: Prepared,
    qi: int,
    c: Prepared,
    ci: int,
    rows: Sequence[Sequence[float]],
    n: int,
    knots: dict[str, float],
    config: MatchConfig,
) -> tuple[float, str]:
    """A one-word transcription against the family name of a Latin name (the learned
    agreement of the two words), on the common scale through the script's family knot;
    (0, "") for any other pair, or where the script has no knot for it. The given names the
    transcription leaves out are not counted against it: leaving them out is how the script
    writes the person."""
    pair = family_pair(q, qi, c, ci)
    if pair is None or (knot_key := pair[0] + FAMILY_KNOT) not in knots:
        return 0.0, ""
    script, qu, cu = pair
    raw = rows[cu][qu + 2 * n]
    if raw <= 0.0:
        return 0.0, ""
    return calibrated(raw, knot_key, knots, config), (
        f"family name alone, as {script} writes foreigners: {q.units[qu]}~{c.units[cu]} ({raw:.2f})"
    )
