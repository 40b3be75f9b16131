"""Public answers computed once and served many times, with an ETag.

A public answer (a search page, an extract) depends only on the store's state. Every change
to it writes an event, so the highest event id is a cheap version of that state: an answer
computed at version V is served again while the version is still V, and recomputed as soon
as anything changed. One gap remains: PostgreSQL hands out event ids before commit, so a
transaction that commits after a later one leaves the highest id unchanged. Each answer is
therefore also kept at most `max_age` (one second): a notice that stops being public is gone
from every answer at the next change, and in that rare race within a second (and the time one
recomputation takes: while one thread refreshes an answer whose age alone ran out, the others
are served the kept one rather than queue behind it). A notice that
reaches its expiry date leaves at that moment: an answer is not served past the next expiry
of any published notice. A change written without an event (none is, by the project's rule)
would show within the second too.

The ETag is the answer's digest: a client that sends it back in If-None-Match gets 304
without the body. Answers are marked `Cache-Control: no-cache`: anyone may keep a copy but
must ask again before using it, so no copy outlives the notice's publication.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from xborder.audit.tables import EventRow
from xborder.kernel.clock import as_utc, utcnow
from xborder.notices.tables import NoticeRow
from xborder.store.db import Database


@dataclass(frozen=True)
class Answer:
    body: bytes
    etag: str
    version: int
    made_at: float
    # The next moment a published notice reaches its expiry date: it leaves the public answers
    # then, although nothing is written until the lifecycle job runs.
    valid_until: datetime | None


def state_version(db: Database) -> int:
    """The highest event id: it moves whenever anything was recorded."""
    with db.transaction() as s:
        return int(s.scalar(select(func.max(EventRow.id))) or 0)


def next_expiry(db: Database, now: datetime) -> datetime | None:
    """The next expiry date of any notice (read off the expiry index; a notice not published
    only makes the answer end sooner than it had to)."""
    with db.transaction() as s:
        found = s.scalar(select(func.min(NoticeRow.expires_at)).where(NoticeRow.expires_at > now))
    return as_utc(found) if found is not None else None


class AnswerCache:
    """Per process, bounded (least recently used answers go first)."""

    def __init__(self, size: int = 2048, max_age: float = 1.0) -> None:
        self.size = size
        self.max_age = max_age
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def _fresh(self, key: Hashable, version: int, now: float, wall: datetime) -> Answer | None:
        with self._lock:
            kept = self._answers.get(key)
            if (
                kept is not None
                and kept.version == version
                and now - kept.made_at < self.max_age
                and (kept.valid_until is None or wall < kept.valid_until)
            ):
                self._answers.move_to_end(key)
                return kept
        return None

    def _refreshing(self, key: Hashable, version: int, wall: datetime) -> Answer | None:
        """The answer kept for `key` while another thread refreshes it, where only its age
        calls for the refresh: the store is still at the version it was computed at and no
        notice has expired since. The others are served it rather than queue behind the
        refresh (the age limit guards a rare commit-order race; a changed version or an
        expiry is never served stale)."""
        with self._lock:
            kept = self._answers.get(key)
        if (
            kept is not None
            and kept.version == version
            and (kept.valid_until is None or wall < kept.valid_until)
        ):
            return kept
        return None

    def get(self, db: Database, key: Hashable, compute: Callable[[], bytes]) -> Answer:
        """The answer for `key` at the store's current state, computed only when needed, and
        by one thread at a time: the others wait for its answer rather than all computing
        the same one at once when it runs out (or, where only its age ran out, are served
        the kept one meanwhile: `_refreshing`)."""
        version = state_version(db)
        now, wall = time.monotonic(), utcnow()
        kept = self._fresh(key, version, now, wall)
        if kept is not None:
            return kept
        with self._lock:
            computing = self._computing.setdefault(key, threading.Lock())
        if not computing.acquire(blocking=False):
            stale = self._refreshing(key, version, wall)
            if stale is not None:
                return stale
            computing.acquire()
        try:
            kept = self._fresh(key, version, time.monotonic(), utcnow())
            if kept is not None:
                return kept
            made_at = time.monotonic()  # the state read from here on is at least `version`
            until = next_expiry(db, utcnow())
            body = compute()
            digest = hashlib.sha256(body).hexdigest()[:32]
            answer = Answer(body, f'"{digest}"', version, made_at, until)
            with self._lock:
                self._answers[key] = answer
                self._answers.move_to_end(key)
                while len(self._answers) > self.size:
                    evicted, _ = self._answers.popitem(last=False)
                    self._computing.pop(evicted, None)
        finally:
            computing.release()
        return answer


def etag_matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 §13.1.2, weak comparison: any listed tag equal to ours, or `*`."""
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags
