"""Screening use cases: one person or a batch against what the caller may screen, every
screening logged (who, purpose, legal basis, a keyed digest of the query), every result a
possible match a person confirms or rejects; and loading imported lists.

The index lives in memory, one per database, built on first use and brought up to date
before each screening from the events that touched notices or lists since: a withdrawn,
blocked or deleted notice stops being returned at the next screening."""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, insert, or_, select
from sqlalchemy.orm import Session

from xborder.audit.service import log_reads, record_event
from xborder.audit.tables import EventRow
from xborder.config import Settings
from xborder.governance import gate
from xborder.governance.service import ensure_runnable
from xborder.identity.policy import Action, authorize, sees_everything
from xborder.kernel import untrusted
from xborder.kernel.actor import Actor
from xborder.kernel.canonical import canonical_json
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.kernel.purposes import Purpose
from xborder.measures.service import MeasureScope, refuse_if_suspended
from xborder.notices.tables import FlagRow, NoticeRow
from xborder.persons import repository as person_repo
from xborder.persons.tables import PersonRow
from xborder.screening import matching
from xborder.screening.commands import MAX_BATCH, DecisionIn
from xborder.screening.component import SCREENING_NAME
from xborder.screening.config import DEFAULT as DEFAULT_CONFIG
from xborder.screening.config import MatchConfig
from xborder.screening.index import Hit, ScreeningIndex
from xborder.screening.model import Subject
from xborder.screening.sources import (
    DEFAULT,
    NOTICES,
    SCREENABLE_SCHEMATA,
    EntryMeta,
    caption_of,
    check_dataset_name,
    ftm_subject,
    notice_properties,
    notice_subject,
    parse_ftm,
)
from xborder.screening.tables import ListEntryRow, ScreeningResultRow, ScreeningRow
from xborder.store.db import Database

ALGORITHM_VERSION = f"{matching.ALGORITHM}/{matching.VERSION}"

# Only published notices are screened against (the notices capability sits above screening
# and uses its matcher; tests/screening check this is its State.PUBLISHED).
PUBLISHED = "published"


# --- the index, per database --------------------------------------------------------------------


# How long an event id missing below the highest one seen may still appear: a concurrent
# transaction took it from the sequence and has not committed yet (PostgreSQL hands ids out
# before commit). After this it was rolled back, and the gap is forgotten.
GAP_PATIENCE_S = 120.0


class _Holder:
    def __init__(self) -> None:
        self.index = ScreeningIndex()
        self.last_event = -1
        self.gaps: dict[int, float] = {}  # event id not seen yet -> when the gap was noticed
        self.lock = threading.Lock()
        self.lists: dict[str, set[str]] = {}  # dataset -> entry ids, to reload a list whole


_HOLDERS: dict[str, _Holder] = {}
_SCORING = threading.Lock()
_HOLDERS_LOCK = threading.Lock()
# The same holder again for the same Database object, without rendering its URL each time.
_BY_DB: weakref.WeakKeyDictionary[Database, _Holder] = weakref.WeakKeyDictionary()


def _holder(db: Database) -> _Holder:
    h = _BY_DB.get(db)
    if h is not None:
        return h
    key = str(db.engine.url)
    with _HOLDERS_LOCK:
        if key not in _HOLDERS:
            _HOLDERS[key] = _Holder()
        h = _BY_DB[db] = _HOLDERS[key]
        return h


def _notice_entry(s: Session, row: NoticeRow) -> tuple[Subject, EntryMeta] | None:
    """The notice as a screenable record, or None when it must not be screened (not
    published, blocked by the commission, deleted, or without a person)."""
    if row.state != PUBLISHED or row.blocked or not row.person_id:
        return None
    prow = s.get(PersonRow, row.person_id)
    if prow is None:
        return None
    person = person_repo.from_row(prow)
    entry_id = f"notice:{row.id}"
    flags = s.scalars(
        select(FlagRow.country).where(FlagRow.notice_id == row.id, FlagRow.removed_at.is_(None))
    )
    meta = EntryMeta(
        dataset=NOTICES,
        ref=row.id,
        caption=person.display_name,
        owner_country=row.requesting_country,
        restricted_to=frozenset(r.country for r in row.restrictions) if row.restricted else None,
        flagged_by=frozenset(flags),
        number=row.number,
        notice_type=row.notice_type,
        properties=notice_properties(person, row.notice_type),
    )
    return notice_subject(entry_id, person), meta


def _list_entry(r: ListEntryRow) -> tuple[Subject, EntryMeta] | None:
    if r.schema not in SCREENABLE_SCHEMATA:
        return None
    entry_id = f"list:{r.dataset}:{r.entity_id}"
    subject = ftm_subject(entry_id, r.schema, r.properties)
    if subject is None:
        return None
    meta = EntryMeta(
        dataset=r.dataset,
        ref=r.entity_id,
        caption=r.caption,
        schema=r.schema,
        properties=r.properties,
    )
    return subject, meta


def _sync_notice(s: Session, h: _Holder, notice_id: str) -> None:
    row = s.get(NoticeRow, notice_id)
    entry = _notice_entry(s, row) if row is not None else None
    if entry is None:
        h.index.remove(f"notice:{notice_id}")
    else:
        h.index.add(entry[0].id, matching.prepare(entry[0]), entry[1])


def _sync_list(s: Session, h: _Holder, dataset: str) -> None:
    for entry_id in h.lists.get(dataset, ()):
        h.index.remove(entry_id)
    ids: set[str] = set()
    entries = 0
    for r in s.scalars(select(ListEntryRow).where(ListEntryRow.dataset == dataset)):
        entries += 1
        entry = _list_entry(r)
        if entry is not None:
            h.index.add(entry[0].id, matching.prepare(entry[0]), entry[1])
            ids.add(entry[0].id)
    if entries:  # a list is known while it has entries (screenable or not), as in the table
        h.lists[dataset] = ids
    else:
        h.lists.pop(dataset, None)


def refresh(db: Database) -> ScreeningIndex:
    """Bring the index up to date: build it on first use, then apply the events that touched
    notices or lists since the last refresh."""
    h = _holder(db)
    with h.lock, db.transaction() as s:
        return _refresh(s, h)


def _refresh_in(s: Session, h: _Holder, dataset: str) -> ScreeningIndex:
    """`refresh` inside a transaction the caller has open (screening's gate checks); raises
    NotFound for a dataset the index, now up to date, does not hold: a list is there while
    it has entries (screenable or not), as `_datasets` reads the table. No statement."""
    with h.lock:
        index = _refresh(s, h)
        if dataset not in (DEFAULT, NOTICES) and dataset not in h.lists:
            raise NotFound(f"no dataset {dataset!r}")
        return index


def _refresh(s: Session, h: _Holder) -> ScreeningIndex:
    if h.last_event < 0:
        h.last_event = s.scalar(select(EventRow.id).order_by(EventRow.id.desc()).limit(1)) or 0
        q = select(NoticeRow).where(
            NoticeRow.state == PUBLISHED,
            NoticeRow.blocked.is_(False),
            NoticeRow.person_id.is_not(None),
        )
        for row in s.scalars(q):
            _sync_notice(s, h, row.id)
        for dataset in s.scalars(select(ListEntryRow.dataset).distinct()):
            _sync_list(s, h, dataset)
        return h.index
    # Every event since the last refresh (all kinds, so that a missing id is a real gap),
    # and the gaps seen before, in case their transactions have committed since.
    if h.gaps:
        changes = s.execute(
            select(EventRow.id, EventRow.subject_type, EventRow.subject_id)
            .where(or_(EventRow.id > h.last_event, EventRow.id.in_(list(h.gaps))))
            .order_by(EventRow.id)
        ).all()
    else:
        changes = s.execute(_CHANGES_SINCE, {"last": h.last_event}).all()
    if not changes:
        if h.gaps:
            clock = time.monotonic()
            h.gaps = {i: t for i, t in h.gaps.items() if clock - t < GAP_PATIENCE_S}
        return h.index
    seen = {event_id for event_id, _, _ in changes}
    top = max(seen | {h.last_event})
    clock = time.monotonic()
    for missing in range(h.last_event + 1, top):
        if missing not in seen:
            h.gaps.setdefault(missing, clock)
    for event_id, kind, subject in changes:
        h.gaps.pop(event_id, None)
        if kind == "notice":
            _sync_notice(s, h, subject)
        elif kind == "screening_list":
            _sync_list(s, h, subject)
    h.gaps = {i: t for i, t in h.gaps.items() if clock - t < GAP_PATIENCE_S}
    h.last_event = top
    return h.index


# The common case of a refresh (no gap pending): one statement, built once.
_CHANGES_SINCE = (
    select(EventRow.id, EventRow.subject_type, EventRow.subject_id)
    .where(EventRow.id > bindparam("last"))
    .order_by(EventRow.id)
)


def index_lag(db: Database) -> int:
    """How many events this process's index has not applied yet (0 before it is built: the
    first screening builds it whole). The index catches up before every screening; a large
    lag only means no screening ran here for a while."""
    h = _holder(db)
    if h.last_event < 0:
        return 0
    with db.transaction() as s:
        top = s.scalar(select(EventRow.id).order_by(EventRow.id.desc()).limit(1)) or 0
    return max(0, top - h.last_event)


def index_version(db: Database) -> str:
    """Which state of the reference database a screening searched (AI Act art. 12(3)(b))."""
    return _version(_holder(db))


def _version(h: _Holder) -> str:
    return f"events<={h.last_event}; {len(h.index)} records"


# --- screening -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    result_id: str
    entry_id: str
    meta: EntryMeta
    score: float
    match: bool
    features: tuple[Any, ...]  # model.Feature
    flagged_by_you: bool


@dataclass(frozen=True)
class Screening:
    id: str
    algorithm: str
    threshold: float
    cutoff: float
    purpose: str
    legal_basis: str
    responses: dict[str, list[Candidate]]


def allow_for(actor: Actor, dataset: str) -> Callable[[object], bool]:
    """Which records this actor may be shown: the same rule as reading a notice (its own,
    unrestricted ones, those restricted to include it; the secretariat all) — applied before
    scoring, so a record the caller may not see never influences what it gets."""
    secretariat = sees_everything(actor)
    country = actor.country

    def allow(meta: object) -> bool:
        if not isinstance(meta, EntryMeta):
            return False
        if dataset != DEFAULT and meta.dataset != dataset:
            return False
        if meta.dataset != NOTICES or secretariat:
            return True
        if country is None:
            return False
        return (
            meta.owner_country == country
            or meta.restricted_to is None
            or country in meta.restricted_to
        )

    return allow


def _hmac_key(settings: Settings) -> bytes:
    """The key of the query digests: created on first use, owner-only, never in the repo. A
    keyed digest lets an auditor check a query they are shown without making the log a
    dictionary of searched names. Read once per process (screenings are a hot path)."""
    d = settings.data_dir
    return _key_in(d, "" if d.is_absolute() else os.getcwd())


@functools.cache
def _key_in(data_dir: Path, cwd: str) -> bytes:
    return _key_at((Path(cwd) / data_dir / "keys" / "screening-hmac.key").resolve())


@functools.cache
def _key_at(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
        except FileExistsError:
            pass
    return bytes.fromhex(path.read_text().strip())


def query_digest(settings: Settings, queries: Mapping[str, Subject]) -> str:
    payload = {
        k: {
            "names": [n.full for n in q.names],
            "birth_dates": list(q.birth_dates),
            "nationalities": list(q.nationalities),
            "sex": q.sex,
        }
        for k, q in sorted(queries.items())
    }
    return hmac.new(_hmac_key(settings), canonical_json(payload), hashlib.sha256).hexdigest()


def _datasets(s: Session) -> set[str]:
    return {DEFAULT, NOTICES, *s.scalars(select(ListEntryRow.dataset).distinct())}


_INSERT_SCREENING = insert(cast(Table, ScreeningRow.__table__))
_INSERT_RESULT = insert(cast(Table, ScreeningResultRow.__table__))


def search_one(
    index: ScreeningIndex,
    q: Subject,
    *,
    limit: int,
    cutoff: float,
    allow: Callable[[object], bool] | None,
    config: MatchConfig = DEFAULT_CONFIG,
) -> list[Hit]:
    """One query against the index, one query at a time in this process. The matcher is pure
    Python under the GIL: threads scoring side by side gain nothing and trade the GIL back
    and forth, at a cost of more CPU per query (`bench/screening/contention.py` measures
    it). The lock is taken per query, so a long batch does not hold the others back."""
    with _SCORING:
        return index.search(
            matching.prepare(q), limit=limit, cutoff=cutoff, allow=allow, config=config
        )


def screen(
    db: Database,
    settings: Settings,
    actor: Actor,
    queries: Mapping[str, Subject],
    *,
    purpose: Purpose | str | None,
    legal_basis: str | None,
    dataset: str = DEFAULT,
    limit: int = 5,
    threshold: float | None = None,
    cutoff: float | None = None,
    config: MatchConfig = DEFAULT_CONFIG,
) -> Screening:
    """Screen each query; return the possible matches above `cutoff`, best first, each with
    its features. Records the screening, one access-log row per record shown, and each
    result for the person who will confirm or reject it.

    The gate first: the purpose and the legal basis are chosen from their lists, and the name
    matcher runs only while it is registered, evaluated at this version, covered by a signed
    risk assessment and switched on (`xborder.governance`). The log keeps what AI Act
    art. 12(3) asks: start and end, the reference database, the input behind each possible
    match (as a keyed digest) and, once decided, who verified it."""
    authorize(actor, Action.SCREEN)
    why, basis = gate.require_basis(
        purpose.value if isinstance(purpose, Purpose) else purpose, legal_basis
    )
    started = utcnow()
    if not queries:
        raise Invalid("give at least one query", field="queries")
    if len(queries) > MAX_BATCH:
        raise Invalid(f"at most {MAX_BATCH} queries per call", field="queries")
    if not 1 <= limit <= 100:
        raise Invalid("limit is 1-100", field="limit")
    threshold = config.threshold if threshold is None else threshold
    cutoff = config.cutoff if cutoff is None else cutoff
    if not (0.0 <= cutoff <= 1.0 and 0.0 <= threshold <= 1.0):
        raise Invalid("threshold and cutoff are between 0 and 1", field="threshold")
    if threshold < config.threshold:
        # The published error rates hold at the configured threshold: a caller may ask for
        # stricter "possible match" flags (yente's `threshold`), never for looser ones that no
        # evaluation describes. Candidates below it are still listed, with their scores.
        raise Invalid(
            f"threshold below the evaluated {config.threshold:.2f} is not allowed",
            field="threshold",
            minimum=config.threshold,
        )
    for key, q in queries.items():
        if not q.names or not any(n.full.strip() for n in q.names):
            raise Invalid(f"query {key!r} has no name", field="queries")
    # The gate and the index's catch-up in one read transaction; the matcher runs outside
    # any transaction (no connection held while it scores).
    h = _holder(db)
    with db.transaction() as s:
        refuse_if_suspended(s, actor.country, MeasureScope.SUSPEND_SCREENING)
        ensure_runnable(s, SCREENING_NAME, ALGORITHM_VERSION)
        index = _refresh_in(s, h, dataset)
    reference = f"{dataset} ({_version(h)})"
    allow = allow_for(actor, dataset)
    found = {
        key: search_one(index, q, limit=limit, cutoff=cutoff, allow=allow, config=config)
        for key, q in queries.items()
    }
    sid = new_id()
    digest = query_digest(settings, queries)
    responses: dict[str, list[Candidate]] = {}
    results: list[dict[str, Any]] = []
    for key, hits in found.items():
        # The input that led to these possible matches, kept as a keyed digest of the one
        # query (never the name itself); a single query's is the screening's own.
        if not hits:
            input_digest = ""
        elif len(queries) == 1:
            input_digest = digest
        else:
            input_digest = query_digest(settings, {key: queries[key]})
        out = []
        for hit in hits:
            meta = hit.meta
            assert isinstance(meta, EntryMeta)
            rid = new_id()
            score = hit.scored.score
            is_match = score >= threshold
            out.append(
                Candidate(
                    result_id=rid,
                    entry_id=hit.entry_id,
                    meta=meta,
                    score=score,
                    match=is_match,
                    features=hit.scored.features,
                    flagged_by_you=actor.country in meta.flagged_by,
                )
            )
            results.append(
                {
                    "id": rid,
                    "screening_id": sid,
                    "query_key": str(key)[:100],
                    "entry_id": hit.entry_id,
                    "dataset": meta.dataset,
                    "score": f"{score:.4f}",
                    "is_match": is_match,
                    "query_digest": input_digest,
                    "features": [
                        {"name": f.name, "score": f.score, "contribution": f.contribution}
                        for f in hit.scored.features
                    ],
                    "reason": "",
                }
            )
        responses[str(key)] = out
    shown_notices = sorted(
        {c.meta.ref for v in responses.values() for c in v if c.meta.dataset == NOTICES}
    )
    shown_lists = sorted(
        {c.entry_id for v in responses.values() for c in v if c.meta.dataset != NOTICES}
    )
    # The use log, before the answer leaves: the screening, each possible match shown, and
    # one access-log row for the screening and per record shown, in one transaction of at
    # most three statements whatever the number of queries and results (the screening's
    # row first: the results refer to it). If it fails, nothing is written and nothing is
    # answered.
    with db.transaction() as s:
        s.execute(
            _INSERT_SCREENING,
            {
                "id": sid,
                "at": started,
                "ended_at": utcnow(),
                "user_id": actor.user_id,
                "org_id": actor.org_id,
                "via": actor.via,
                "purpose": why.value,
                "legal_basis": basis,
                "dataset": dataset,
                "reference_db": reference[:200],
                "queries": len(queries),
                "query_digest": digest,
                "algorithm": ALGORITHM_VERSION,
                "threshold": f"{threshold:.3f}",
                "results": len(results),
            },
        )
        if results:
            s.execute(_INSERT_RESULT, results)
        log_reads(
            s,
            actor,
            why,
            [
                ("screen", "screening", sid, digest),
                *(("screen.result", "notice", ref, None) for ref in shown_notices),
                *(("screen.result", "list_entry", eid, None) for eid in shown_lists),
            ],
        )
    return Screening(
        id=sid,
        algorithm=ALGORITHM_VERSION,
        threshold=threshold,
        cutoff=cutoff,
        purpose=why.value,
        legal_basis=basis,
        responses=responses,
    )


def decide(db: Database, actor: Actor, result_id: str, cmd: DecisionIn) -> None:
    """A person confirms or rejects a possible match (the human decision the AI supports),
    with a reason either way: a confirmation says what showed it is the person (documents,
    photograph...), so that agreeing with the tool is a judgement, not a click. Anyone of the
    screening's organisation may decide; a decision is final."""
    authorize(actor, Action.SCREEN)
    confirmed, reason = cmd.confirmed, cmd.reason
    if not reason.strip():
        raise Invalid(
            "say what shows it is the person" if confirmed else "say why it is not the person",
            field="reason",
        )
    with db.transaction() as s:
        r = s.get(ScreeningResultRow, result_id)
        sc = s.get(ScreeningRow, r.screening_id) if r is not None else None
        if r is None or sc is None or sc.org_id != actor.org_id:
            raise NotFound("no such result")
        if r.decision is not None:
            raise Conflict("this result was already decided")
        r.decision = "confirmed" if confirmed else "rejected"
        r.decided_by = actor.user_id
        r.decided_at = utcnow()
        r.reason = reason.strip()[:2000]
        record_event(
            s,
            actor,
            f"screening.{r.decision}",
            "screening_result",
            r.id,
            {"reason": r.reason},
            summary={"score": r.score, "dataset": r.dataset, "match": r.is_match},
        )


# --- imported lists ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    dataset: str
    entities: int
    screenable: int


def import_ftm(
    db: Database, actor: Actor | None, dataset: str, lines: Iterable[str]
) -> ImportReport:
    """Load FollowTheMoney entities (JSON lines) as the dataset `dataset`, replacing its
    previous content in one transaction: a bad line refuses the whole file, naming it."""
    if actor is not None:
        authorize(actor, Action.LIST_IMPORT)
        if not sees_everything(actor):
            raise Forbidden("lists are loaded by the secretariat")
    check_dataset_name(dataset)
    now = utcnow()
    rows: dict[str, ListEntryRow] = {}
    screenable = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        entity = untrusted.loads(line, line=n)
        try:
            eid, schema, props = parse_ftm(entity)
        except Invalid as exc:
            raise Invalid(f"line {n}: {exc.detail}", line=n) from None
        rows[eid] = ListEntryRow(
            dataset=dataset,
            entity_id=eid,
            schema=schema,
            caption=caption_of(props, eid),
            properties=props,
            imported_at=now,
        )
        screenable += schema in SCREENABLE_SCHEMATA and ftm_subject(eid, schema, props) is not None
    with db.transaction() as s:
        s.execute(delete(ListEntryRow).where(ListEntryRow.dataset == dataset))
        s.add_all(rows.values())
        s.flush()
        record_event(
            s,
            actor,
            "screening.list_imported",
            "screening_list",
            dataset,
            {"entities": len(rows)},
            summary={"dataset": dataset, "entities": len(rows), "screenable": screenable},
        )
    return ImportReport(dataset, len(rows), screenable)


def datasets(db: Database, actor: Actor) -> list[dict[str, Any]]:
    authorize(actor, Action.SCREEN)
    with db.transaction() as s:
        lists = sorted(_datasets(s) - {DEFAULT, NOTICES})
    return [
        {"name": DEFAULT, "title": "Everything you may screen against"},
        {"name": NOTICES, "title": "Notices you may see"},
        *({"name": d, "title": f"Imported list {d}"} for d in lists),
    ]
