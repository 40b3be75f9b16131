"""`search_one` scores one query at a time per process (threads scoring side by side only
trade the GIL), and takes the lock per query, so that it is free between the queries of a
batch and after an error."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from xborder.screening import service
from xborder.screening.model import NameForm, Subject


class _Recording:
    """An index that records how many searches run at once."""

    def __init__(self, fail: bool = False) -> None:
        self.inside = 0
        self.most = 0
        self.calls = 0
        self.fail = fail
        self._guard = threading.Lock()

    def search(self, q: Any, **_: Any) -> list[Any]:
        with self._guard:
            self.inside += 1
            self.calls += 1
            self.most = max(self.most, self.inside)
        time.sleep(0.002)  # give another thread every chance to enter
        with self._guard:
            self.inside -= 1
        if self.fail:
            raise RuntimeError("scorer failed")
        return []


def _subject(i: int) -> Subject:
    return Subject(id=f"q{i}", names=(NameForm(full=f"Person Number {i}"),))


def test_concurrent_callers_are_scored_one_at_a_time() -> None:
    index = _Recording()

    def call(i: int) -> None:
        for j in range(5):
            service.search_one(index, _subject(i * 10 + j), limit=5, cutoff=0.5, allow=None)  # type: ignore[arg-type]

    threads = [threading.Thread(target=call, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert index.calls == 40
    assert index.most == 1


def test_the_lock_is_free_after_a_failed_search() -> None:
    with pytest.raises(RuntimeError):
        service.search_one(_Recording(fail=True), _subject(1), limit=5, cutoff=0.5, allow=None)  # type: ignore[arg-type]
    assert not service._SCORING.locked()
