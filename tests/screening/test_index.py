"""The candidate index: updates take effect at once, filtered and removed records never come
back, the candidate budget holds, and an exact copy always ranks first."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xborder.screening import matching
from xborder.screening.config import DEFAULT
from xborder.screening.index import Hit, ScreeningIndex
from xborder.screening.matching import Prepared, prepare
from xborder.screening.model import NameForm, Subject


def prep(sid: str, *names: str, dob: tuple[str, ...] = (), nat: tuple[str, ...] = ()) -> Prepared:
    return prepare(Subject(sid, tuple(NameForm(n) for n in names), dob, nat, "U"))


def query(*names: str, dob: tuple[str, ...] = ()) -> Prepared:
    return prep("query", *names, dob=dob)


def ids(hits: list[Hit]) -> list[str]:
    return [h.entry_id for h in hits]


PEOPLE = [
    ("putin", ("Владимир Путин",), ("1952-10-07",)),
    ("gaddafi", ("معمر القذافي",), ("1942",)),
    ("mao", ("毛泽东",), ("1893-12-26",)),
    ("gorbachev", ("Михаил Горбачёв",), ("1931-03-02",)),
    ("petrov", ("Ivan Petrov",), ("1980-05-17",)),
    ("smirnov", ("Ivan Smirnov",), ("1980-05-17",)),
    ("sergei", ("Sergei Petrov",), ("1975",)),
    ("mitsotakis", ("Κυριάκος Μητσοτάκης",), ("1968-03-04",)),
]


@pytest.fixture
def index() -> ScreeningIndex:
    idx = ScreeningIndex()
    for sid, names, dob in PEOPLE:
        idx.add(sid, prep(sid, *names, dob=dob), {"owner": sid})
    return idx


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Vladimir Putin", "putin"),
        ("Poutine, Vladimir", "putin"),
        ("Wladimir Putin", "putin"),
        ("Muammar Gaddafi", "gaddafi"),
        ("Moammar El Gadhafi", "gaddafi"),
        ("Mao Tse-tung", "mao"),
        ("Michail Gorbatschow", "gorbachev"),
        ("Kyriakos Mitsotakis", "mitsotakis"),
    ],
)
def test_classic_spellings_find_the_person_first(
    index: ScreeningIndex, name: str, expected: str
) -> None:
    hits = index.search(query(name))
    assert hits and hits[0].entry_id == expected
    assert hits[0].scored.score >= DEFAULT.threshold


def test_hits_are_sorted_limited_and_above_the_cutoff(index: ScreeningIndex) -> None:
    hits = index.search(query("Ivan Petrov", dob=("1980-05-17",)), limit=2, cutoff=0.0)
    assert ids(hits)[0] == "petrov"
    assert len(hits) <= 2
    scores = [h.scored.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    for h in index.search(query("Ivan Petrov")):
        assert h.scored.score >= DEFAULT.cutoff


def test_meta_comes_back_with_the_hit(index: ScreeningIndex) -> None:
    hit = index.search(query("Vladimir Putin"))[0]
    assert hit.meta == {"owner": "putin"}


def test_add_get_and_len(index: ScreeningIndex) -> None:
    assert len(index) == len(PEOPLE)
    got = index.get("petrov")
    assert got is not None and got[1] == {"owner": "petrov"}
    assert "petrov" in got[0].units and got[0].reading(0) == "ivan petrov"
    assert index.get("nobody") is None


def test_removed_record_is_never_returned(index: ScreeningIndex) -> None:
    index.remove("putin")
    assert len(index) == len(PEOPLE) - 1
    assert index.get("putin") is None
    assert "putin" not in ids(index.search(query("Vladimir Putin"), cutoff=0.0))
    index.remove("putin")  # a second removal is harmless
    assert len(index) == len(PEOPLE) - 1


def test_replacing_an_id_forgets_the_old_record(index: ScreeningIndex) -> None:
    index.add("putin", prep("putin", "Dmitry Medvedev"), "new")
    assert len(index) == len(PEOPLE)
    assert "putin" not in ids(index.search(query("Vladimir Putin"), cutoff=0.0))
    hits = index.search(query("Dmitry Medvedev"))
    assert ids(hits) == ["putin"] and hits[0].meta == "new"


def test_a_restricted_record_is_never_returned_to_an_excluded_caller(index: ScreeningIndex) -> None:
    index.add("putin-copy", prep("putin-copy", "Vladimir Putin"), {"owner": "restricted"})

    def allow(meta: object) -> bool:
        return isinstance(meta, dict) and meta.get("owner") != "restricted"

    for cutoff in (None, 0.0):
        got = ids(index.search(query("Vladimir Putin"), allow=allow, cutoff=cutoff, limit=50))
        assert "putin-copy" not in got
        assert "putin" in got


def test_filtering_happens_before_the_candidate_budget(index: ScreeningIndex) -> None:
    index.add("putin-copy", prep("putin-copy", "Vladimir Putin"), "hidden")
    q = query("Vladimir Putin")
    hits = index.search(q, candidates=1, allow=lambda meta: meta != "hidden")
    assert ids(hits) == ["putin"]


def test_allow_is_not_called_on_more_records_than_needed(index: ScreeningIndex) -> None:
    seen: list[object] = []

    def allow(meta: object) -> bool:
        seen.append(meta)
        return True

    hits = index.search(query("Ivan Petrov"), allow=allow, candidates=2)
    assert 1 <= len(seen) <= 2
    assert ids(hits)[0] == "petrov"


def test_candidate_budget_caps_the_records_scored(
    index: ScreeningIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(30):
        index.add(f"ivan-{i}", prep(f"ivan-{i}", f"Ivan Petrov{'a' * (i % 3)}"), None)
    calls = 0
    fast = matching.QueryScorer.fast

    def counting(self: matching.QueryScorer, c: Prepared) -> tuple[float, float]:
        nonlocal calls
        calls += 1
        return fast(self, c)

    monkeypatch.setattr(matching.QueryScorer, "fast", counting)
    index.search(query("Ivan Petrov"), candidates=5, cutoff=0.0, limit=100)
    assert 0 < calls <= 5
    assert len(index.candidates(query("Ivan Petrov"), limit=7)) == 7


def test_compaction_keeps_every_live_record_and_drops_the_removed() -> None:
    idx = ScreeningIndex()
    for i in range(60):
        idx.add(f"r{i}", prep(f"r{i}", f"Person{i} Testname"), i)
    for i in range(0, 60, 3):
        idx.remove(f"r{i}")
    idx.compact()
    assert len(idx) == 40
    for i in range(60):
        got = ids(idx.search(query(f"Person{i} Testname"), cutoff=0.0, limit=100))
        if i % 3 == 0:
            assert f"r{i}" not in got
        else:
            assert got[0] == f"r{i}"
    idx.add("r0", prep("r0", "Person0 Testname"), 0)  # after compaction, adds still work
    assert ids(idx.search(query("Person0 Testname"), limit=1)) == ["r0"]


def test_compacting_an_empty_or_emptied_index() -> None:
    idx = ScreeningIndex()
    idx.compact()
    idx.add("a", prep("a", "Ivan Petrov"), None)
    idx.remove("a")
    idx.compact()
    assert len(idx) == 0 and idx.search(query("Ivan Petrov")) == []
    idx.add("a", prep("a", "Ivan Petrov"), None)
    assert ids(idx.search(query("Ivan Petrov"))) == ["a"]


def test_empty_index_and_nameless_query_find_nothing(index: ScreeningIndex) -> None:
    assert ScreeningIndex().search(query("Vladimir Putin")) == []
    assert index.search(prep("q")) == []


def test_concurrent_readers_with_one_writer() -> None:
    idx = ScreeningIndex()
    for i in range(200):
        idx.add(f"base{i}", prep(f"base{i}", f"Reader{i} Alvarez"), None)
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                for h in idx.search(query("Writer Alvarez"), cutoff=0.0, limit=50):
                    assert h.entry_id.startswith(("w", "base"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    for i in range(400):
        idx.add(f"w{i}", prep(f"w{i}", "Writer Alvarez"), None)
        if i % 2:
            idx.remove(f"w{i - 1}")
    idx.compact()
    stop.set()
    for t in readers:
        t.join()
    assert not errors
    assert len(idx) == 200 + 200
    assert idx.get("w0") is None and idx.get("w1") is not None


# --- properties --------------------------------------------------------------------------------

WORDS = [
    "Ivan", "Ivanov", "Petrov", "Petrova", "Maria", "Mario", "Mohammed", "Ali", "Hassan",
    "Wang", "Wei", "Li", "Kim", "Min", "Jun", "Smith", "Smyth", "Lopez", "Garcia", "van",
    "Berg", "Müller", "Dupont", "Ahmed", "Chen", "Nguyen", "Khan", "Singh", "Kumar",
]  # fmt: skip
names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
dates = st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)).map(
    lambda d: d.isoformat()
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(names, dates), min_size=1, max_size=40),
    st.integers(min_value=0, max_value=39),
)
def test_an_exact_copy_always_ranks_first(records: list[tuple[str, str]], pick: int) -> None:
    idx = ScreeningIndex()
    for i, (name, dob) in enumerate(records):
        idx.add(f"r{i}", prep(f"r{i}", name, dob=(dob,), nat=("FR",)), None)
    target = pick % len(records)
    name, dob = records[target]
    hits = idx.search(prep("q", name, dob=(dob,), nat=("FR",)), limit=len(records))
    assert hits
    top = hits[0]
    assert top.scored.score == 1.0
    # Records identical to the target in name and date tie with it; the target is among them.
    tied = {h.entry_id for h in hits if h.scored.score == top.scored.score}
    same = {f"r{i}" for i, r in enumerate(records) if r == records[target]}
    assert f"r{target}" in tied
    if len(same) == 1 and tied == same:
        assert top.entry_id == f"r{target}"


@settings(max_examples=40, deadline=None)
@given(st.lists(names, min_size=1, max_size=30), st.data())
def test_removed_and_filtered_records_never_appear(records: list[str], data: st.DataObject) -> None:
    idx = ScreeningIndex()
    for i, name in enumerate(records):
        idx.add(f"r{i}", prep(f"r{i}", name), i % 2 == 0)
    removed = data.draw(st.sets(st.integers(0, len(records) - 1)))
    for i in removed:
        idx.remove(f"r{i}")
    q = prep("q", data.draw(st.sampled_from(records)))
    for h in idx.search(q, cutoff=0.0, limit=100, allow=lambda visible: bool(visible)):
        i = int(h.entry_id[1:])
        assert i not in removed and i % 2 == 0
