"""In-memory candidate retrieval for screening: an inverted index from blocking keys to record
slots, ranked by key rarity, then scored by `matching`.

A query looks up its blocking keys (tokens, sound keys, exact dates of birth), rarest first
and within a posting budget; each shared key adds its weight times its rarity (IDF) to the
candidate (a shared "Wang" weighs little, a shared "Mitsotakis" much; a token's rarity is
that of its sound key, so other spellings rank with the query's), a birth year within one
year adds a little and a conflicting one takes most away. The best `candidates` records the
caller may see, down to half the best one's weight, are then scored in full.

Postings live in one compact CSR array (uint32 slots per key) plus a small delta of recent
additions; removal tombstones the slot, and compaction (when the delta or the dead slots
grow) rebuilds the arrays, renumbering slots. Readers take a snapshot of the state and never
lock; one writer at a time holds the lock. A reader sees each record either entirely or not
at all (a slot is published before its postings).
"""

from __future__ import annotations

import math
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from xborder.screening.blocking import blocking_keys, weighted_query_keys
from xborder.screening.config import DEFAULT, MatchConfig
from xborder.screening.matching import QueryScorer
from xborder.screening.model import Scored
from xborder.screening.normalise import LEARNED
from xborder.screening.prepared import Prepared

_COMPACT_MIN_DELTA = 200_000  # postings added before the first compaction
_COMPACT_DEAD_RATIO = 0.25  # compact when a quarter of the slots are dead


@dataclass(frozen=True)
class Hit:
    entry_id: str
    meta: object
    scored: Scored


@dataclass
class _State:
    """Everything a reader needs, swapped as a whole by compaction. Between compactions the
    writer appends to the containers in place (slot first, postings after).

    Keys are 64-bit hashes of the blocking key strings (the index lives in one process, so
    Python's string hash is stable for its lifetime): `keys` sorted, `indptr` delimiting each
    key's slots in `postings`; `delta` holds what was added since."""

    slots: list[tuple[str, Prepared, object] | None] = field(default_factory=list)
    by_id: dict[str, int] = field(default_factory=dict)
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    indptr: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    postings: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))
    delta: dict[int, array[int]] = field(default_factory=dict)
    delta_count: int = 0
    year_lo: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int16))
    year_hi: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int16))
    dead: int = 0


def _year_range(p: Prepared) -> tuple[int, int]:
    if not p.dates:
        return 0, 0
    lo = min(k[0] for k in p.dates)
    hi = max(k[1] for k in p.dates)
    return date.fromordinal(lo).year, date.fromordinal(hi).year


class _Scratch(threading.local):
    acc: np.ndarray
    mark: np.ndarray

    def __init__(self) -> None:
        self.acc = np.zeros(0, dtype=np.float32)
        self.mark = np.zeros(0, dtype=np.bool_)

    def ensure(self, n: int) -> None:
        if self.acc.shape[0] < n:
            size = max(n, int(self.acc.shape[0] * 1.5) + 1024)
            self.acc = np.zeros(size, dtype=np.float32)
            self.mark = np.zeros(size, dtype=np.bool_)


class ScreeningIndex:
    """Screenable records by id, searchable by a prepared query.

    `meta` is the caller's (visibility, dataset, the notice...): it is handed to `allow`
    before a record is scored, and returned with each hit."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._state = _State()
        self._alive = 0
        self._scratch = _Scratch()

    # --- writing ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._alive

    def add(self, entry_id: str, p: Prepared, meta: object = None) -> None:
        """Index `p` under `entry_id`, replacing what was there under that id."""
        hashes = [hash(k) for k in blocking_keys(p)]
        lo, hi = _year_range(p)
        with self._lock:
            st = self._state
            if entry_id in st.by_id:
                self._remove_locked(entry_id)
                st = self._state
            slot = len(st.slots)
            if st.year_lo.shape[0] <= slot:
                size = max(1024, slot * 2)
                st.year_lo = _grow(st.year_lo, size)
                st.year_hi = _grow(st.year_hi, size)
            st.year_lo[slot] = lo
            st.year_hi[slot] = hi
            st.slots.append((entry_id, p, meta))
            st.by_id[entry_id] = slot
            delta = st.delta
            for h in hashes:
                post = delta.get(h)
                if post is None:
                    delta[h] = array("I", (slot,))
                else:
                    try:
                        post.append(slot)
                    except BufferError:  # a reader is copying it: append to a copy
                        post = array("I", post)
                        post.append(slot)
                        delta[h] = post
            st.delta_count += len(hashes)
            self._alive += 1
            if st.delta_count > max(_COMPACT_MIN_DELTA, st.postings.shape[0]):
                self._compact_locked()

    def remove(self, entry_id: str) -> None:
        """Forget `entry_id` (nothing happens if it is not indexed). Its postings stay until
        the next compaction; searches skip the dead slot."""
        with self._lock:
            if entry_id in self._state.by_id:
                self._remove_locked(entry_id)
                st = self._state
                if st.dead > max(1024, _COMPACT_DEAD_RATIO * len(st.slots)):
                    self._compact_locked()

    def _remove_locked(self, entry_id: str) -> None:
        st = self._state
        slot = st.by_id.pop(entry_id)
        st.slots[slot] = None
        st.dead += 1
        self._alive -= 1

    def compact(self) -> None:
        """Fold recent additions into the compact arrays and drop removed records now
        (otherwise done when they grow large)."""
        with self._lock:
            self._compact_locked()

    def _compact_locked(self) -> None:
        st = self._state
        key_parts = [np.repeat(st.keys, np.diff(st.indptr))]
        slot_parts = [st.postings]
        if st.delta:
            n = len(st.delta)
            d_keys = np.fromiter(st.delta.keys(), dtype=np.int64, count=n)
            d_lens = np.fromiter((len(v) for v in st.delta.values()), dtype=np.int64, count=n)
            key_parts.append(np.repeat(d_keys, d_lens))
            slot_parts.append(
                np.frombuffer(b"".join(v.tobytes() for v in st.delta.values()), dtype=np.uint32)
            )
        keys = np.concatenate(key_parts)
        slots_arr = np.concatenate(slot_parts)
        del key_parts, slot_parts
        alive = np.fromiter((s is not None for s in st.slots), dtype=np.bool_, count=len(st.slots))
        new_slot = (np.cumsum(alive, dtype=np.int64) - 1).astype(np.uint32)
        keep = alive[slots_arr]
        keys, slots_arr = keys[keep], new_slot[slots_arr[keep]]
        order = np.argsort(keys, kind="stable")
        keys, slots_arr = keys[order], slots_arr[order]
        del order
        starts = np.flatnonzero(np.diff(keys)) + 1 if keys.shape[0] else np.zeros(0, np.int64)
        unique = keys[np.concatenate(([0], starts))] if keys.shape[0] else keys
        indptr = np.concatenate(([0], starts, [keys.shape[0]])).astype(np.int64)
        if not keys.shape[0]:
            indptr = np.zeros(1, dtype=np.int64)
        live: list[tuple[str, Prepared, object] | None] = [s for s in st.slots if s is not None]
        n_live = len(live)
        idx = np.flatnonzero(alive)
        year_lo = np.zeros(max(1024, n_live * 2), dtype=np.int16)
        year_hi = np.zeros_like(year_lo)
        year_lo[:n_live] = st.year_lo[idx]
        year_hi[:n_live] = st.year_hi[idx]
        self._state = _State(
            slots=live,
            by_id={e[0]: i for i, e in enumerate(live) if e is not None},
            keys=np.ascontiguousarray(unique),
            indptr=indptr,
            postings=np.ascontiguousarray(slots_arr),
            year_lo=year_lo,
            year_hi=year_hi,
        )

    # --- reading ---------------------------------------------------------------------------

    def get(self, entry_id: str) -> tuple[Prepared, object] | None:
        st = self._state
        slot = st.by_id.get(entry_id)
        if slot is None or slot >= len(st.slots):
            return None
        entry = st.slots[slot]
        return None if entry is None else (entry[1], entry[2])

    def candidates(
        self,
        q: Prepared,
        *,
        limit: int = 200,
        allow: Callable[[object], bool] | None = None,
        config: MatchConfig = DEFAULT,
        floor_ratio: float = 0.0,
    ) -> list[tuple[str, Prepared, object, float]]:
        """The `limit` best records by shared-key weight that `allow` lets through, best
        first: (entry id, prepared, meta, retrieval weight); none with less than
        floor_ratio x the best one's weight."""
        st = self._state
        n_slots = len(st.slots)
        if n_slots == 0 or limit <= 0:
            return []
        n_alive = max(self._alive, 1)
        wanted = weighted_query_keys(q, config)
        keys = sorted(wanted)
        hashes = np.array([hash(k) for k in keys], dtype=np.int64)
        pos = np.searchsorted(st.keys, hashes)
        n_base = st.keys.shape[0]
        found: dict[str, tuple[int, np.ndarray | None, array[int] | None]] = {}
        for key, h, i in zip(keys, hashes.tolist(), pos.tolist(), strict=True):
            base = None
            if i < n_base and int(st.keys[i]) == h:
                a, b = int(st.indptr[i]), int(st.indptr[i + 1])
                base = st.postings[a:b]
            extra = st.delta.get(h)
            df = (0 if base is None else base.shape[0]) + (0 if extra is None else len(extra))
            if df:
                found[key] = (df, base, extra)
        looked: list[tuple[int, int, float, np.ndarray | None, array[int] | None]] = []
        for key, (df, base, extra) in found.items():
            mult, rarity_of = wanted[key]
            rarity_df = found[rarity_of][0] if rarity_of in found else df
            weight = math.log(1.0 + n_alive / rarity_df) * mult
            looked.append((df, len(looked), weight, base, extra))
        if not looked:
            return []
        looked.sort(key=lambda x: x[0])
        scratch = self._scratch
        scratch.ensure(n_slots + 1)
        acc, mark = scratch.acc, scratch.mark
        size = acc.shape[0]
        touched_parts: list[np.ndarray] = []
        budget = config.max_postings
        common = max(config.max_key_share * n_alive, config.cheap_key_postings)
        opening = max(config.new_candidate_share * n_alive, config.cheap_key_postings)
        weight_sum = 0.0
        try:
            for i, (df, _, w, base, extra) in enumerate(looked):
                if i and (budget <= 0 or df > common):
                    break  # the rest are commoner still: little weight, most of the time
                post = _gather(base, extra, size)
                budget -= post.shape[0]
                weight_sum += w
                if i and df > opening and touched_parts:
                    # A common key adds weight to the candidates rarer keys found, and finds
                    # none of its own: one gather instead of five scattered passes.
                    hit = post[mark[post]]
                    acc[hit] += np.float32(w)
                    continue
                acc[post] += np.float32(w)
                fresh = post[~mark[post]]
                mark[fresh] = True
                touched_parts.append(fresh)
            if not touched_parts:
                return []
            touched = np.concatenate(touched_parts)
            vals = acc[touched]
        finally:  # the scratch arrays are this thread's, reused: leave them zero
            for part in touched_parts:
                acc[part] = 0.0
                mark[part] = False
        lo, hi = _year_range(q)
        if lo and config.year_bonus > 0:
            ylo_arr, yhi_arr = st.year_lo, st.year_hi
            n_year = min(ylo_arr.shape[0], yhi_arr.shape[0])
            if n_year:
                idx = np.minimum(touched, n_year - 1)
                ylo, yhi = ylo_arr[idx], yhi_arr[idx]
                known = (touched < n_year) & (ylo > 0)
                near = known & (ylo <= hi + 1) & (yhi >= lo - 1)
                bonus = config.year_bonus * weight_sum / len(touched_parts)
                vals = vals + np.float32(bonus) * near
                vals[known & ~near] *= np.float32(config.year_conflict_factor)
        return self._top(st, touched, vals, limit, allow, floor_ratio)

    @staticmethod
    def _top(
        st: _State,
        touched: np.ndarray,
        vals: np.ndarray,
        limit: int,
        allow: Callable[[object], bool] | None,
        floor_ratio: float,
    ) -> list[tuple[str, Prepared, object, float]]:
        """Walk the candidates best first, skipping dead slots and what `allow` refuses,
        until `limit` are taken or the weight falls under floor_ratio x the best taken."""
        out: list[tuple[str, Prepared, object, float]] = []
        slots = st.slots
        neg = -vals
        n = neg.shape[0]
        chunk = max(limit * 2, 64)
        rest: np.ndarray | None = None
        if n > chunk:
            part = np.argpartition(neg, chunk - 1)
            head, rest = part[:chunk], part[chunk:]
        else:
            head = np.arange(n)
        floor = -np.inf
        while True:
            head = head[np.argsort(neg[head], kind="stable")]
            for slot, weight in zip(touched[head].tolist(), vals[head].tolist(), strict=True):
                if weight < floor:
                    return out
                entry = slots[slot] if slot < len(slots) else None
                if entry is None or (allow is not None and not allow(entry[2])):
                    continue
                if not out:
                    floor = floor_ratio * weight
                out.append((entry[0], entry[1], entry[2], weight))
                if len(out) >= limit:
                    return out
            if rest is None:
                return out
            head, rest = rest, None

    def search(
        self,
        q: Prepared,
        *,
        limit: int = 10,
        cutoff: float | None = None,
        allow: Callable[[object], bool] | None = None,
        candidates: int = 200,
        config: MatchConfig = DEFAULT,
    ) -> list[Hit]:
        """The best `limit` records scoring at least `cutoff` (config.cutoff by default),
        best first. Records `allow(meta)` refuses are dropped before anything is scored or
        counted; at most `candidates` records are scored."""
        floor = config.cutoff if cutoff is None else cutoff
        found = self.candidates(
            q, limit=candidates, allow=allow, config=config, floor_ratio=retrieval_floor(q, config)
        )
        if not found:
            return []
        scorer = QueryScorer(q, config)
        scorer.warm([f[1] for f in found])
        ranked: list[tuple[float, float, float, str, Prepared, object]] = []
        for entry_id, p, meta, weight in found:
            s, raw = scorer.fast(p)
            if s >= floor:
                ranked.append((s, raw, weight, entry_id, p, meta))
        ranked.sort(key=_rank_key)
        return [
            Hit(entry_id, meta, scorer.explain(p))
            for _, _, _, entry_id, p, meta in ranked[: max(limit, 0)]
        ]


def retrieval_floor(q: Prepared, config: MatchConfig) -> float:
    """How far below the best candidate's key weight candidates are still scored: lower for
    a query read by sound (`learned_retrieval_floor`)."""
    if any(v[0] == LEARNED for v in q.variants):
        return min(config.retrieval_floor, config.learned_retrieval_floor)
    return config.retrieval_floor


def _grow(arr: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros(size, dtype=arr.dtype)
    out[: arr.shape[0]] = arr
    return out


def _gather(base: np.ndarray | None, extra: array[int] | None, size: int) -> np.ndarray:
    """A key's slots: the compact part and the recent additions (copied: the writer may be
    appending to them; slots added after the reader sized its scratch arrays are left out)."""
    if extra is None or not len(extra):
        return base if base is not None else np.zeros(0, dtype=np.uint32)
    recent = np.array(extra, dtype=np.uint32)
    recent = recent[recent < size]
    return recent if base is None else np.concatenate((base, recent))


def _rank_key(item: tuple[float, float, float, str, Any, Any]) -> tuple[float, float, float, str]:
    return (-item[0], -item[1], -item[2], item[3])
