"""The screening score: name, date of birth, nationality and sex, explained feature by feature.

`prepare` (`prepared.py`, re-exported here) turns a `Subject` into what comparison needs,
once per record: every Latin reading of every name (normalise.name_variants) as a compact
*pattern* of token units, and the parsed dates. `score` aligns the name readings of two
prepared subjects token by token (in any order, a token may also match two adjacent ones
written together: Joon-young / Junyeong), and adds what the other features say. The index
scores many candidates against one query at once (`QueryScorer`), sharing the token
similarity table; `score` is the same computation for one pair.

Name similarity of one reading pair is

    sum(s_k * w_k) / (sum(w_k) + conflict * min(Ua, Ub) + extra * |Ua - Ub|)

over the aligned token pairs k (similarity s_k, weight w_k the mean of both sides' token
weights), where Ua and Ub are the weights left unaligned on each side: a token unaligned on
both sides is a contradiction (a different family name), one only one side has is a missing
part (a middle name). The best reading pair wins. The formula is symmetric, so is the score.

Beside it: `blocking.py` (what the index looks up), `ears.py` (names heard rather than read)
and `calibration.py` (every script's scores on one scale). `_fastalign.c` is `_align_py` and
the reading loop of `_best_reading` in C, equal to the last bit (`NATIVE`; the Python here is
the reference and the fallback).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import ModuleType

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from xborder.screening.calibration import (
    WORD_KNOT,
    calibrated_scripts,
    knots_for,
    on_common_scale,
)
from xborder.screening.config import DEFAULT, MatchConfig
from xborder.screening.ears import by_ear_score, by_family_score, family_pair
from xborder.screening.model import Feature, Scored
from xborder.screening.normalise import HANZI, LEARNED, phonetic_keys
from xborder.screening.prepared import DateKey, Pattern, Prepared, prepare

__all__ = ["ALGORITHM", "NATIVE", "VERSION", "Prepared", "QueryScorer", "prepare", "score"]

ALGORITHM = "xborder-v1"
# 1.2: learned readings, per-script calibration, kanji read both ways; 1.3: katakana and
# Hebrew names compared by their sound skeleton (skeleton.py), knots by the matcher's script;
# 1.4: foreign names written in Chinese characters (with a name dot) heard by a Chinese ear;
# 1.5: readings learned from mined name tokens too, a Chinese transcription of a foreigner's
# family name alone, Japanese long vowels written short, katakana found by runs of its skeleton
VERSION = "1.5.0"


def _native() -> ModuleType | None:
    """The C build of `_align` and the reading loop (`_fastalign.c`, same scores to the last
    bit), unless it was not built or XBORDER_PURE_PYTHON is set."""
    if os.environ.get("XBORDER_PURE_PYTHON"):
        return None
    try:
        from xborder.screening import _fastalign
    except ImportError:
        return None
    return _fastalign


NATIVE: ModuleType | None = _native()
"""The compiled hot path in use, or None (the Python below). Tests set it to None to hold the
two side by side."""


# --- token similarity --------------------------------------------------------------------------

_SOUND_IDS: dict[str, int] = {}


def _sound_id(sound: str) -> int:
    if len(sound) < 2:
        return -1
    return _SOUND_IDS.setdefault(sound, len(_SOUND_IDS))


@lru_cache(maxsize=1 << 18)
def _unit_info(text: str) -> tuple[int, int, int, int, int]:
    """(sound key id, second sound key id, sound key length, first letter, length) of a unit;
    ids are -1 where there is no usable key."""
    keys = phonetic_keys(text)
    first = _sound_id(keys[0])
    second = _sound_id(keys[1]) if len(keys) > 1 else -1
    return first, second, len(keys[0]), ord(text[0]) if text else 0, len(text)


def _info_arrays(units: Sequence[str]) -> np.ndarray:
    return np.array([_unit_info(u) for u in units], dtype=np.int64).reshape(len(units), 5)


def similarity_tables(
    rows: Sequence[str], cols: Sequence[str], config: MatchConfig = DEFAULT
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Agreement (0-1) of every pair of units: loose, strict, and for learned readings.

    The raw similarity is the mean of Jaro-Winkler and normalised edit similarity (optimal
    string alignment: Levenshtein with transpositions); for short tokens (four letters or
    fewer on both sides) the edit similarity alone, since one letter there is a different
    name (Li/Liu, Wei/Wen), which Jaro-Winkler forgives.

    Sharing a sound key raises it, to at least f + (1 - f) x itself, with f =
    phonetic_floor_long for keys of four letters or more (KRBCF: Gorbachev/Gorbatschow;
    such keys are rarely shared by chance), phonetic_floor for three, phonetic_floor_short
    for two (Puja/Pooja, Mina/Meena: vowels are what transliterations of Indian and Arabic
    names disagree on). The strict table leaves two-letter keys out and rescales from
    strict_token_floor: it compares Chinese, Japanese and Korean syllables, where one letter
    is what tells names apart (Peng/Ping, Jeongnam/Jeonghun). The learned table rescales from
    learned_token_floor: a reading decoded by readings.py is near the name, rarely on it.

    An initial agrees (initial_agreement) with the names it begins and with nothing else.
    The result is rescaled so that what unrelated names reach (token_floor) is 0."""
    if not rows or not cols:
        empty = np.zeros((len(rows), len(cols)), dtype=np.float32)
        return empty, empty, empty
    jw = process.cdist(rows, cols, scorer=JaroWinkler.normalized_similarity, dtype=np.float32)
    lev = process.cdist(rows, cols, scorer=OSA.normalized_similarity, dtype=np.float32)
    ri, ci = _info_arrays(rows), _info_arrays(cols)
    r_len, c_len = ri[:, 4], ci[:, 4]
    short = (r_len[:, None] <= 4) & (c_len[None, :] <= 4)
    raw = np.where(short, lev, (jw + lev) * np.float32(0.5))
    initial = (r_len[:, None] == 1) | (c_len[None, :] == 1)
    agree = (ri[:, 3, None] == ci[None, :, 3]).astype(np.float32)
    agree *= np.float32(config.initial_agreement)
    r1, r2, c1, c2 = ri[:, 0, None], ri[:, 1, None], ci[None, :, 0], ci[None, :, 1]
    same_sound = ((r1 == c1) & (r1 >= 0)) | ((r2 == c1) & (r2 >= 0)) | ((r1 == c2) & (c2 >= 0))
    key_len = np.minimum(ri[:, 2, None], ci[None, :, 2])
    pf = np.where(
        key_len >= 4,
        np.float32(config.phonetic_floor_long),
        np.where(
            key_len >= 3, np.float32(config.phonetic_floor), np.float32(config.phonetic_floor_short)
        ),
    ).astype(np.float32)
    boosted = np.maximum(raw, pf + (np.float32(1) - pf) * raw)
    out = []
    for sound, f in (
        (same_sound, config.token_floor),
        (same_sound & (key_len >= 3), config.strict_token_floor),
        (same_sound, config.learned_token_floor),
    ):
        table = np.where(sound, boosted, raw)
        table = np.where(initial & (table < np.float32(1.0)), agree, table)
        floor = np.float32(f)
        out.append(np.clip((table - floor) / (np.float32(1) - floor), 0.0, 1.0))
    loose, strict, learned = (t.astype(np.float32, copy=False) for t in out)
    return loose, strict, learned


def similarity_table(
    rows: Sequence[str], cols: Sequence[str], config: MatchConfig = DEFAULT, strict: bool = False
) -> np.ndarray:
    """One of `similarity_tables` (loose or strict)."""
    return similarity_tables(rows, cols, config)[1 if strict else 0]


# --- names -------------------------------------------------------------------------------------


def _align(
    qp: Pattern, cp: Pattern, rows: Sequence[Sequence[float]], config: MatchConfig, offset: int
) -> tuple[float, list[tuple[int, int, float]]]:
    """`_align_py`, in C where it was built."""
    if NATIVE is not None and isinstance(rows, list):
        result: tuple[float, list[tuple[int, int, float]]] = NATIVE.align(
            qp, cp, rows, offset, _context(config).params, True
        )
        return result
    return _align_py(qp, cp, rows, config, offset)


@dataclass(frozen=True, slots=True)
class _Context:
    """What every candidate of one query is scored with, looked up once per configuration:
    the calibration knots, the scripts they calibrate, each script's single-word knot key
    (`on_common_scale`) and the numbers the C alignment reads, in its order."""

    knots: dict[str, float]
    scripts: frozenset[str]
    token_keys: dict[str, str]
    params: tuple[float, float, float, float, float]


@lru_cache(maxsize=32)
def _context(config: MatchConfig) -> _Context:
    knots = knots_for(config)
    return _Context(
        knots=knots,
        scripts=calibrated_scripts(config.threshold) if knots else frozenset(),
        token_keys={k.removesuffix(WORD_KNOT): k for k in knots if k.endswith(WORD_KNOT)},
        params=(
            config.conflict_penalty,
            config.closed_extra_penalty,
            config.extra_part_penalty,
            config.single_token_factor,
            config.threshold,
        ),
    )


def _align_py(
    qp: Pattern, cp: Pattern, rows: Sequence[Sequence[float]], config: MatchConfig, offset: int
) -> tuple[float, list[tuple[int, int, float]]]:
    """Greedy one-to-one alignment of two readings, best agreements first; returns the
    reading pair's name score and the aligned (query unit, candidate unit, agreement).
    A particle aligns only with a particle. Each row holds the loose agreements of a
    candidate unit with the query units, then the strict ones (from `offset`). Ties are
    broken on the union of both token masks, the same whichever side is the query, so that
    the score is symmetric."""
    _, qtot, qbound, qwords, qclosed, qentries, _ = qp
    _, ctot, cbound, cwords, cclosed, centries, _ = cp
    cands = []
    for ce in centries:
        row = rows[ce[0]]
        c_particle = ce[3] == 0
        for qe in qentries:
            s = row[qe[0] + offset]
            if s > 0.0 and (qe[3] == 0) is c_particle:
                cands.append((s, qe[2] + ce[2], qe[1] | ce[1], qe, ce))
    if not cands:
        return 0.0, []
    if len(cands) > 1:
        cands.sort(reverse=True)
    used_q = used_c = 0
    msw = mw = aq = ac = bq = bc = 0.0
    nq = nc = 0
    pairs: list[tuple[int, int, float]] = []
    for s, w2, _, qe, ce in cands:
        qm = qe[1]
        cm = ce[1]
        if qm & used_q or cm & used_c:
            continue
        used_q |= qm
        used_c |= cm
        msw += s * w2
        mw += w2
        aq += qe[2]
        ac += ce[2]
        nq += qe[3]
        nc += ce[3]
        bq += qe[4]
        bc += ce[4]
        pairs.append((qe[0], ce[0], s))
    ua = qtot - aq
    ub = ctot - ac
    if ua > ub:
        excess = ua - ub
        bound_excess = min(excess, qbound - bq)
        closed = cclosed
    else:
        excess = ub - ua
        bound_excess = min(excess, cbound - bc)
        closed = qclosed
    if excess < 1e-9:
        excess = bound_excess = 0.0
    den = (
        mw * 0.5
        + config.conflict_penalty * ((ua if ua < ub else ub) + bound_excess)
        + (config.closed_extra_penalty if closed else config.extra_part_penalty)
        * (excess - bound_excess)
    )
    score = (msw * 0.5) / den if den > 0 else 0.0
    if (nq if nq < nc else nc) < 2 and (qwords if qwords > cwords else cwords) >= 2:
        score *= config.single_token_factor
    return (score if score < 1.0 else 1.0), pairs


def _offset(qp: Pattern, cp: Pattern, n: int) -> int:
    """Where in a similarity row the table for this pair of readings starts: learned
    readings on either side use the learned table, closed (CJK) readings the strict one."""
    if qp[0] == LEARNED or cp[0] == LEARNED:
        return 2 * n
    return n if qp[4] or cp[4] else 0


def _heard_pair(q: Prepared, c: Prepared, ctx: _Context) -> bool:
    """Whether the ear or the family comparison may apply to this pair (`ears.py`): then the
    reading loop runs in Python, calling back into it."""
    return bool(ctx.knots) and (q.ear or c.ear or q.family or c.family)


def _best_reading(
    q: Prepared,
    c: Prepared,
    rows: Sequence[Sequence[float]],
    config: MatchConfig,
    ctx: _Context | None = None,
) -> tuple[float, int, int, str]:
    """The best name score over all reading pairs, with the pair and, where the sound
    skeleton gave it, how (`by_ear_score`): a pair where either reading is Chinese, Japanese or
    Korean (closed) is compared strictly, a learned reading loosely (`_offset`).
    Two names both written in Han characters are compared as written only (`hanzi`
    readings): their Latin readings would make homophones and reordered names the same
    (张伟/章伟, 王明/明王). Each pair's score is calibrated for its non-Latin side
    (`on_common_scale`). `QueryScorer` runs this loop in C (`best_reading_at`) where no ear
    or family comparison applies; here each pair's alignment is in C where it was built."""
    best, bq, bc, how = 0.0, -1, -1, ""
    n = len(q.units)
    han_only = q.han and c.han
    ctx = ctx or _context(config)
    knots, scripts = ctx.knots, ctx.scripts
    # Most pairs are Latin against Latin: the skeleton is tried only where one side is heard.
    by_ear = bool(knots) and (q.ear or c.ear)
    by_family = bool(knots) and (q.family or c.family)
    native = NATIVE if isinstance(rows, list) else None
    for ci, cp in enumerate(c.variants):
        if han_only and cp[0] != HANZI:
            continue
        for qi, qp in enumerate(q.variants):
            if han_only and qp[0] != HANZI:
                continue
            offset = _offset(qp, cp, n)
            if native is not None:
                s = native.align(qp, cp, rows, offset, ctx.params, False)
            else:
                s, _ = _align_py(qp, cp, rows, config, offset)
            if s > 0.0 and (qp[6] in scripts or cp[6] in scripts):
                token = qp[3] <= 1 and cp[3] <= 1
                s = on_common_scale(s, qp[6], cp[6], knots, config, token)
            ear, ear_how = by_ear_score(q, qi, c, ci, knots, config) if by_ear else (0.0, "")
            if ear > s:
                s = ear
            else:
                ear_how = ""
            if by_family:
                fam, fam_how = by_family_score(q, qi, c, ci, rows, n, knots, config)
                if fam > s:
                    s, ear_how = fam, fam_how
            if s > best:
                best, bq, bc, how = s, qi, ci, ear_how
                if s >= 1.0:
                    return best, bq, bc, how
    return best, bq, bc, how


# --- dates -------------------------------------------------------------------------------------


def _date_pair(a: DateKey, b: DateKey, config: MatchConfig) -> tuple[float, str]:
    alo, ahi, ay, am, ad = a
    blo, bhi, by, bm, bd = b
    if ay and by and am and bm and ad and bd:
        if ay == by and am == bm and ad == bd:
            return 1.0, "same date"
        if ay == by and am == bd and ad == bm:
            return config.dob_transposed, "day and month transposed"
        if am == bm and ad == bd and abs(ay - by) == 1:
            return config.dob_year_off_by_one, "same day and month, year off by one"
        if ay == by and (am == bm or ad == bd):
            part = "day" if am == bm else "month"
            return config.dob_one_part_differs, f"same year, {part} differs"
        return 0.0, "different dates"
    if ay and by and am and bm and (ay, am) != (by, bm):
        # Both sides state a month (one only year and month): a different month contradicts,
        # however close the two ranges are (1980-05-03 against 1980-02).
        if am == bm and abs(ay - by) == 1:
            return config.dob_year_off_by_one, "same month, year off by one"
        return 0.0, "different months"
    if alo <= bhi and blo <= ahi:
        if not ay or not by:
            return config.dob_in_range, "within the recorded range"
        if am and bm:
            return config.dob_same_month, "same year and month (partial date)"
        return config.dob_same_year, "same year (partial date)"
    gap = max(alo - bhi, blo - ahi)
    if gap < 366:  # they could be born less than a year apart
        return config.dob_within_a_year, "partial dates within a year"
    return 0.0, f"about {round(gap / 365.25)} years apart"


def _date_text(k: DateKey) -> str:
    lo, hi, y, m, d = k
    if not y:
        return f"{date.fromordinal(lo).year}/{date.fromordinal(hi).year}"
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")


def _dob_fast(qd: tuple[DateKey, ...], cd: tuple[DateKey, ...], config: MatchConfig) -> float:
    """The contribution of `_dob`, without the words."""
    best = 0.0
    for a in qd:
        for b in cd:
            s = _date_pair(a, b, config)[0]
            if s > best:
                best = s
    return config.dob_bonus * best if best > 0 else -config.dob_penalty


def _dob(
    qd: tuple[DateKey, ...], cd: tuple[DateKey, ...], config: MatchConfig
) -> tuple[float | None, float, str]:
    """(agreement or None, contribution, detail)."""
    if not qd or not cd:
        return None, 0.0, "not known on both sides"
    best, rule, pair = -1.0, "", (qd[0], cd[0])
    for a in qd:
        for b in cd:
            s, r = _date_pair(a, b, config)
            if s > best:
                best, rule, pair = s, r, (a, b)
    detail = f"{_date_text(pair[0])} vs {_date_text(pair[1])}: {rule}"
    if best > 0:
        return best, config.dob_bonus * best, detail
    return 0.0, -config.dob_penalty, detail


def _nat(q: tuple[str, ...], c: tuple[str, ...], config: MatchConfig) -> tuple[float | None, float]:
    if not q or not c:
        return None, 0.0
    if set(q) & set(c):
        return 1.0, config.nationality_bonus
    return 0.0, -config.nationality_penalty


def _sex_feature(q: str, c: str, config: MatchConfig) -> tuple[float | None, float]:
    if q == "U" or c == "U":
        return None, 0.0
    return (1.0, 0.0) if q == c else (0.0, -config.sex_penalty)


# --- scoring -----------------------------------------------------------------------------------


class QueryScorer:
    """Scores many candidates against one query, computing each distinct token pair's
    similarity once (candidates found through the same key share tokens)."""

    __slots__ = ("_ctx", "_names", "_pos", "_table", "config", "query", "units")

    def __init__(self, query: Prepared, config: MatchConfig = DEFAULT) -> None:
        self.query = query
        self.config = config
        self._ctx = _context(config)
        self.units = list(query.units)
        # One float32 row per candidate unit seen: its loose, strict and learned agreements
        # with the query's units; `_pos` says which row is whose.
        self._table = np.zeros((0, 3 * len(self.units)), dtype=np.float32)
        self._pos: dict[str, int] = {}
        # Namesakes share their readings (interned) and units: their name score is one.
        # (the readings are kept in the value so that their id is not reused meanwhile)
        self._names: dict[
            tuple[tuple[str, ...], int],
            tuple[tuple[float, int, int, str], tuple[Pattern, ...]],
        ] = {}

    def warm(self, candidates: Sequence[Prepared]) -> None:
        """Compute the similarity rows of every unit of `candidates` not seen yet, at once."""
        pos = self._pos
        new: dict[str, None] = {}
        for c in candidates:
            for u in c.units:
                if u not in pos:
                    new[u] = None
        if not new:
            return
        fresh = list(new)
        table = np.ascontiguousarray(
            np.concatenate(similarity_tables(fresh, self.units, self.config), axis=1),
            dtype=np.float32,
        )
        base = self._table.shape[0]
        self._table = table if base == 0 else np.concatenate((self._table, table))
        pos.update(zip(fresh, range(base, base + len(fresh)), strict=True))

    def _index(self, c: Prepared) -> list[int]:
        """The table rows of the candidate's units, computing those not seen yet."""
        pos = self._pos
        try:
            return [pos[u] for u in c.units]
        except KeyError:
            self.warm([c])
            return [pos[u] for u in c.units]

    def _rows(self, c: Prepared) -> list[list[float]]:
        """The candidate's rows as lists, for the Python scorer."""
        at = self._index(c)  # first: it may grow the table
        rows: list[list[float]] = self._table[at].tolist()
        return rows

    def _name(self, c: Prepared) -> tuple[float, int, int, str]:
        """`_best_reading` of this candidate, once per distinct set of readings: `fast` ranks
        with it and `explain` words the same pair. In C on the table itself where no ear or
        family comparison applies."""
        key = (c.units, id(c.variants))
        cached = self._names.get(key)
        if cached is not None:
            return cached[0]
        q, ctx = self.query, self._ctx
        if NATIVE is not None and not _heard_pair(q, c, ctx):
            at = self._index(c)  # first: it may grow the table
            b = NATIVE.best_reading_at(
                q.variants,
                c.variants,
                self._table,
                at,
                len(q.units),
                q.han and c.han,
                ctx.knots,
                ctx.token_keys,
                ctx.params,
            )
            best = (b[0], b[1], b[2], "")
        else:
            best = _best_reading(q, c, self._rows(c), self.config, ctx)
        self._names[key] = (best, c.variants)
        return best

    def fast(self, c: Prepared) -> tuple[float, float]:
        """(score, unclamped score) without the explanation: what ranking needs."""
        config = self.config
        q = self.query
        total = self._name(c)[0] if q.variants and c.variants else 0.0
        if q.dates and c.dates:
            total += _dob_fast(q.dates, c.dates, config)
        if q.nationalities and c.nationalities:
            total += _nat(q.nationalities, c.nationalities, config)[1]
        if q.sex != "U" and c.sex != "U":
            total += _sex_feature(q.sex, c.sex, config)[1]
        return min(max(total, 0.0), 1.0), total

    def explain(self, c: Prepared) -> Scored:
        """The score with one Feature per feature, each saying why."""
        config = self.config
        q = self.query
        name, qi, ci, how = self._name(c) if q.variants and c.variants else (0.0, -1, -1, "")
        if qi < 0 or ci < 0:
            name_detail = "no name token agrees" if q.variants and c.variants else "no name"
        else:
            if not how:
                qv, cv = q.variants[qi], c.variants[ci]
                rows = self._rows(c)
                _, pairs = _align(qv, cv, rows, config, _offset(qv, cv, len(q.units)))
                how = ", ".join(
                    f"{q.units[qu]}={c.units[cu]}"
                    if s >= 1.0
                    else f"{q.units[qu]}~{c.units[cu]} ({s:.2f})"
                    for qu, cu, s in pairs
                )
            q_text = f"'{q.reading(qi)}' [{q.variants[qi][0]}]"
            c_text = f"'{c.reading(ci)}' [{c.variants[ci][0]}]"
            name_detail = f"{q_text} vs {c_text}: {how or 'nothing aligned'}"
        features = [Feature("name", round(name, 4), 1.0, round(name, 4), name_detail)]
        total = name
        dob_s, dob_c, dob_detail = _dob(q.dates, c.dates, config)
        features.append(Feature("birth_date", dob_s, config.dob_bonus, round(dob_c, 4), dob_detail))
        total += dob_c
        nat_s, nat_c = _nat(q.nationalities, c.nationalities, config)
        if nat_s is None:
            nat_detail = "not known on both sides"
        else:
            shared = sorted(set(q.nationalities) & set(c.nationalities))
            nat_detail = (
                f"shared: {', '.join(shared)}"
                if shared
                else f"{', '.join(q.nationalities)} vs {', '.join(c.nationalities)}"
            )
        features.append(
            Feature("nationality", nat_s, config.nationality_bonus, round(nat_c, 4), nat_detail)
        )
        total += nat_c
        sex_s, sex_c = _sex_feature(q.sex, c.sex, config)
        sex_detail = "not known on both sides" if sex_s is None else f"{q.sex} vs {c.sex}"
        features.append(Feature("sex", sex_s, config.sex_penalty, round(sex_c, 4), sex_detail))
        total += sex_c
        return Scored(round(min(max(total, 0.0), 1.0), 4), tuple(features))


def score(query: Prepared, candidate: Prepared, config: MatchConfig = DEFAULT) -> Scored:
    """How likely `candidate` is the person `query` describes (0-1), explained: one Feature
    each for name, birth_date, nationality and sex. Symmetric: score(a, b) == score(b, a)."""
    return QueryScorer(query, config).explain(candidate)


def family_agreement(q: Prepared, c: Prepared) -> float:
    """The best raw agreement over the pairs `by_family_score` compares (0 where none is such a
    pair): what the `<script>:family` knot is fitted on."""
    scorer = QueryScorer(q)
    rows = scorer._rows(c)
    n = len(q.units)
    best = 0.0
    for qi in range(len(q.variants)):
        for ci in range(len(c.variants)):
            pair = family_pair(q, qi, c, ci)
            if pair is not None:
                best = max(best, rows[pair[2]][pair[1] + 2 * n])
    return best
