"""The C build of the scorer's hot path (`_fastalign.c`) gives the Python scorer's scores to
the last bit: every reading pair's alignment, every candidate's best reading, every search.
A difference here would make a hit depend on whether a compiler was at hand."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xborder.twin.screening_set as ds
from xborder.screening import matching
from xborder.screening.config import DEFAULT, MatchConfig
from xborder.screening.index import ScreeningIndex, retrieval_floor
from xborder.screening.matching import Prepared, QueryScorer, prepare
from xborder.screening.model import Subject
from xborder.twin.world import generate_persons

NATIVE = matching.NATIVE
needs_native = pytest.mark.skipif(NATIVE is None, reason="the C scorer was not built here")


def test_the_c_scorer_is_built_where_required() -> None:
    """CI builds it (XBORDER_REQUIRE_NATIVE=1): a build that silently fell back to Python
    would keep every score and lose the speed."""
    if os.environ.get("XBORDER_REQUIRE_NATIVE") and not os.environ.get("XBORDER_PURE_PYTHON"):
        assert NATIVE is not None, "src/xborder/screening/_fastalign.c was not built"
    elif NATIVE is None:
        pytest.skip("the C scorer was not built here and nothing requires it")


@pytest.fixture
def python_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(matching, "NATIVE", None)
    yield


def _subject(person: object, names: tuple[object, ...] | None = None) -> Subject:
    p = person
    return Subject(
        id=p.id,  # type: ignore[attr-defined]
        names=tuple(ds.to_form(n) for n in (names or p.names)),  # type: ignore[attr-defined]
        birth_dates=tuple(d.iso() for d in p.birth_dates),  # type: ignore[attr-defined]
        nationalities=p.nationalities,  # type: ignore[attr-defined]
        sex=p.sex.value,  # type: ignore[attr-defined]
    )


@pytest.fixture(scope="module")
def world() -> tuple[ScreeningIndex, list[Prepared]]:
    """A small index of twin persons in every script, and queries: each of some persons'
    names alone (another script, another spelling than most records hold)."""
    persons = list(generate_persons(5, 600))
    idx = ScreeningIndex()
    for p in persons:
        idx.add(p.id, prepare(_subject(p)), None)
    queries = [prepare(_subject(p, (n,))) for p in persons[::3] for n in p.names[:4]]
    return idx, queries


def _both(fn: object, *args: object) -> tuple[object, object]:
    saved = matching.NATIVE
    try:
        matching.NATIVE = None
        slow = fn(*args)  # type: ignore[operator]
        matching.NATIVE = saved
        fast = fn(*args)  # type: ignore[operator]
    finally:
        matching.NATIVE = saved
    return slow, fast


@needs_native
def test_every_candidates_best_reading_and_alignment_are_the_same(
    world: tuple[ScreeningIndex, list[Prepared]],
) -> None:
    idx, queries = world
    pairs = ear_or_family = 0
    for q in queries:
        found = idx.candidates(q, limit=50, floor_ratio=retrieval_floor(q, DEFAULT))
        scorer = QueryScorer(q)
        scorer.warm([f[1] for f in found])
        for _, c, _, _ in found:
            rows = scorer._rows(c)
            slow, fast = _both(matching._best_reading, q, c, rows, DEFAULT)
            assert slow == fast, (q.variants, c.variants)
            pairs += 1
            ear_or_family += q.ear or c.ear or q.family or c.family
            for qp in q.variants:
                for cp in c.variants:
                    offset = matching._offset(qp, cp, len(q.units))
                    slow, fast = _both(matching._align, qp, cp, rows, DEFAULT, offset)
                    assert slow == fast
    assert pairs > 400
    assert ear_or_family > 10  # the Python loop with C alignments is held too


def _names_of(q: Prepared, candidates: list[Prepared]) -> list[object]:
    scorer = QueryScorer(q)
    scorer.warm(candidates)
    return [scorer._name(c) for c in candidates]


@needs_native
def test_the_scorer_reading_its_own_table_gives_the_same_names(
    world: tuple[ScreeningIndex, list[Prepared]],
) -> None:
    """`best_reading_at` reads the scorer's float32 table in place of Python lists."""
    idx, queries = world
    for q in queries:
        found = [f[1] for f in idx.candidates(q, limit=50, floor_ratio=0.0)]
        slow, fast = _both(_names_of, q, found)
        assert slow == fast


@needs_native
def test_searches_and_explanations_are_the_same(
    world: tuple[ScreeningIndex, list[Prepared]],
) -> None:
    idx, queries = world
    hits = 0
    for q in queries:
        slow, fast = _both(partial(idx.search, q, limit=10))
        assert slow == fast
        hits += len(slow)  # type: ignore[arg-type]
    assert hits > len(queries) // 2


@needs_native
def test_a_configuration_without_calibration_is_read_too(
    world: tuple[ScreeningIndex, list[Prepared]],
) -> None:
    idx, queries = world
    config = MatchConfig(calibrate=False, conflict_penalty=0.9, single_token_factor=0.6)
    for q in queries[:60]:
        slow, fast = _both(partial(idx.search, q, limit=10, config=config))
        assert slow == fast


# Patterns and rows made up: ties everywhere (few distinct agreements and weights), particles,
# joined entries, closed readings: the C sort must break ties exactly as Python's tuples do.
_AGREEMENTS = st.sampled_from([0.0, 0.0, 0.25, 0.5, 0.5, 0.75, 0.9, 1.0])


@st.composite
def _pattern(draw: st.DrawFn, units: int) -> tuple[object, ...]:
    n = draw(st.integers(1, 5))
    entries = []
    for i in range(n):
        kind = draw(st.sampled_from(["word", "word", "initial", "particle", "bound"]))
        weight = {"initial": 0.5, "particle": 0.25}.get(kind, 1.0)
        entries.append(
            (
                draw(st.integers(0, units - 1)),
                1 << i,
                weight,
                0 if kind == "particle" else 1,
                weight if kind == "bound" else 0.0,
            )
        )
    if n >= 2 and draw(st.booleans()):
        a, b = entries[0], entries[1]
        entries.append((draw(st.integers(0, units - 1)), 3, a[2] + b[2], a[3] + b[3], a[4] + b[4]))
    singles = entries[:n]
    return (
        draw(st.sampled_from(["latin", "learned", "hanzi"])),
        float(sum(e[2] for e in singles)),
        float(sum(e[4] for e in singles)),
        sum(e[3] for e in singles),
        draw(st.booleans()),
        tuple(entries),
        draw(st.sampled_from(["Latn", "Hani", "Jpan", "Arab"])),
    )


@needs_native
@settings(max_examples=400, deadline=None)
@given(st.data())
def test_made_up_readings_align_the_same(data: st.DataObject) -> None:
    units = data.draw(st.integers(1, 6))
    qp = data.draw(_pattern(units))
    cp = data.draw(_pattern(units))
    rows = [data.draw(st.lists(_AGREEMENTS, min_size=3 * units, max_size=3 * units))
            for _ in range(units)]  # fmt: skip
    offset = data.draw(st.sampled_from([0, units, 2 * units]))
    slow, fast = _both(matching._align, qp, cp, rows, DEFAULT, offset)
    assert slow == fast


@needs_native
def test_bad_input_raises_instead_of_reading_past_the_rows() -> None:
    assert NATIVE is not None
    qp = ("latin", 1.0, 0.0, 1, False, ((5, 1, 1.0, 1, 0.0),), "Latn")
    with pytest.raises(IndexError):
        NATIVE.align(qp, qp, [[1.0]], 0, (1.5, 1.0, 0.25, 0.75, 0.7), False)
    with pytest.raises(TypeError):
        NATIVE.align(("short",), qp, [[1.0]], 0, (1.5, 1.0, 0.25, 0.75, 0.7), False)
    with pytest.raises(IndexError):
        NATIVE.best_reading_at(
            (qp,), (qp,), np.zeros((1, 3), dtype=np.float32), [4], 1, False, {}, {},
            (1.5, 1.0, 0.25, 0.75, 0.7),
        )  # fmt: skip
    with pytest.raises(TypeError):
        NATIVE.best_reading_at(
            (qp,), (qp,), np.zeros((1, 3), dtype=np.float64), [0], 1, False, {}, {},
            (1.5, 1.0, 0.25, 0.75, 0.7),
        )  # fmt: skip
