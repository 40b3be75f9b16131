"""Keeping and querying the public search index (`public/tables.py`).

`sync` writes a notice's index rows from its public extract (`extracts.extract_from`, the
same function that shapes the answer), so the index holds exactly the words, dates and codes
`extracts.matches` filters on. `count` and `page_ids` turn a query into SQL that selects the
same notices as `extracts.matches` would; tests/public/test_search_index.py checks the two
agree on generated queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, event, func, insert, or_, select
from sqlalchemy.orm import Session, aliased

from xborder.names import fold
from xborder.notices.tables import NoticeRow
from xborder.persons import repository as person_repo
from xborder.persons.tables import PersonRow
from xborder.public.tables import PublicBirthRow, PublicIndexRow, PublicTermRow
from xborder.store.db import Database

MAX_WORD = 100


def _words(text: str) -> list[str]:
    return [w[:MAX_WORD] for w in text.split()]


def sync(session: Session, notice_ids: Iterable[str], person_ids: Iterable[str] = ()) -> None:
    """Recompute the index rows of these notices and of the notices about these persons."""
    from xborder.public import extracts

    ids = set(notice_ids)
    persons = list(set(person_ids))
    if persons:
        ids |= set(session.scalars(select(NoticeRow.id).where(NoticeRow.person_id.in_(persons))))
    if not ids:
        return
    chosen = list(ids)
    for table in (PublicTermRow, PublicBirthRow, PublicIndexRow):
        session.execute(delete(table).where(table.notice_id.in_(chosen)))
    rows = session.execute(
        select(NoticeRow, PersonRow)
        .outerjoin(PersonRow, PersonRow.id == NoticeRow.person_id)
        .where(NoticeRow.id.in_(chosen), extracts.public_condition())
    ).all()
    index: list[dict[str, object]] = []
    terms: list[dict[str, object]] = []
    births: list[dict[str, object]] = []
    for notice, prow in rows:
        if notice.notice_type not in extracts.PUBLIC_TYPES:
            continue
        person = person_repo.from_row(prow) if prow is not None else None
        e = extracts.extract_from(notice, person)
        index.append(
            {
                "notice_id": notice.id,
                "section": e.section.value,
                "published_at": notice.published_at,
                "number": notice.number,
                "sex": e.sex_id,
                "warrant_country": notice.requesting_country if e.charges else None,
                "expires_at": notice.expires_at,
            }
        )
        for kind, candidates in (("f", e.forenames_folded), ("n", e.families_folded)):
            for cand, text in enumerate(candidates):
                terms += [
                    {"notice_id": notice.id, "kind": kind, "cand": cand, "word": w}
                    for w in set(_words(text))
                ]
        terms += [
            {"notice_id": notice.id, "kind": "t", "cand": 0, "word": w}
            for w in set(_words(e.text_folded))
        ]
        terms += [
            {"notice_id": notice.id, "kind": "c", "cand": 0, "word": c} for c in e.nationalities
        ]
        births += [
            {"notice_id": notice.id, "earliest": b.earliest(), "latest": b.latest()}
            for b in e.birth_dates
        ]
    for table, values in (
        (PublicIndexRow, index),
        (PublicTermRow, terms),
        (PublicBirthRow, births),
    ):
        if values:
            session.execute(insert(table), values)


def rebuild(db: Database, batch: int = 2000) -> int:
    """Rebuild the whole index (after a migration, or a bulk load that bypassed the ORM);
    returns how many public notices it holds."""
    with db.transaction() as s:
        for table in (PublicTermRow, PublicBirthRow, PublicIndexRow):
            s.execute(delete(table))
        ids = list(s.scalars(select(NoticeRow.id)))
    for start in range(0, len(ids), batch):
        with db.transaction() as s:
            sync(s, ids[start : start + batch])
    from xborder.store.maintenance import optimize

    # Fresh statistics for the planner after a bulk change.
    optimize(db, tables=("notices", "public_index", "public_terms", "public_births"))
    with db.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(PublicIndexRow)) or 0)


def _prefix(column: Any, word: str, dialect: str) -> ColumnElement[bool]:
    """`column` starts with `word`, in a form the word index serves."""
    if dialect == "postgresql":
        starts: ColumnElement[bool] = column.startswith(word, autoescape=True)
        return starts
    # SQLite: a range on the BINARY-collated index (UTF-8 order is code point order).
    return and_(column >= word, column < word + "\U0010ffff")


def _words_condition(kind: str, text: str, dialect: str) -> ColumnElement[bool]:
    """Every word of the query starts a word of one and the same name form."""
    from xborder.public import extracts

    words = list(dict.fromkeys(fold(text).split()))[: extracts.MAX_QUERY_WORDS]
    first = aliased(PublicTermRow)
    sub = select(first.notice_id).where(first.kind == kind, _prefix(first.word, words[0], dialect))
    for word in words[1:]:
        t = aliased(PublicTermRow)
        sub = sub.join(
            t, and_(t.notice_id == first.notice_id, t.kind == kind, t.cand == first.cand)
        ).where(_prefix(t.word, word, dialect))
    return PublicIndexRow.notice_id.in_(sub)


def _years_before(today: date, years: int) -> date:
    """The same day `years` earlier (28 February for 29 February in a common year)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _age_condition(low: int, high: int, today: date) -> ColumnElement[bool]:
    """A birth date allows some age in [low, high] today: its earliest day gives an age of
    at least `low` and its latest day an age of at most `high`."""
    oldest_born = _years_before(today, high + 1)  # born after this: at most `high`
    youngest_born = _years_before(today, low)  # born on or before this: at least `low`
    b = aliased(PublicBirthRow)
    sub = select(b.notice_id).where(b.earliest <= youngest_born, b.latest > oldest_born)
    return PublicIndexRow.notice_id.in_(sub)


def _filters(
    section_values: list[str], q: object, today: date, dialect: str, now: datetime
) -> list[ColumnElement[bool]]:
    """The query's conditions on the index alone (its rows exist only for notices that were
    public when last written; `page_ids` re-checks the notice itself)."""
    from xborder.public import extracts

    assert isinstance(q, extracts.PublicQuery)
    conds: list[ColumnElement[bool]] = [
        PublicIndexRow.section.in_(section_values),
        or_(PublicIndexRow.expires_at.is_(None), PublicIndexRow.expires_at > now),
    ]
    if q.sex_id:
        conds.append(PublicIndexRow.sex == q.sex_id)
    if q.arrest_warrant_country:
        conds.append(PublicIndexRow.warrant_country == q.arrest_warrant_country)
    if q.nationality:
        c = aliased(PublicTermRow)
        conds.append(
            PublicIndexRow.notice_id.in_(
                select(c.notice_id).where(c.kind == "c", c.word == q.nationality)
            )
        )
    for kind, text in (("f", q.forename), ("n", q.name), ("t", q.free_text)):
        if text and fold(text).split():
            conds.append(_words_condition(kind, text, dialect))
    if q.age_min is not None or q.age_max is not None:
        low = q.age_min if q.age_min is not None else 0
        high = q.age_max if q.age_max is not None else extracts.MAX_AGE
        conds.append(_age_condition(low, high, today))
    return conds


def count(
    session: Session, section_values: list[str], q: object, today: date, now: datetime
) -> int:
    """How many public notices answer the query: on the index alone, no join (the index
    follows every change to notices and persons in their own transactions)."""
    dialect = session.get_bind().dialect.name
    conds = _filters(section_values, q, today, dialect, now)
    return int(session.scalar(select(func.count()).select_from(PublicIndexRow).where(*conds)) or 0)


def page_ids(
    session: Session,
    section_values: list[str],
    q: object,
    today: date,
    now: datetime,
    offset: int,
    limit: int,
) -> list[str]:
    """One page of the matching ids, newest publication first, read off the index's order;
    then each notice re-checked for being public on `notices` itself, so that nothing is
    shown that stopped being public (a change that bypassed the index could only make the
    page shorter, never show what it must not)."""
    from xborder.public import extracts

    dialect = session.get_bind().dialect.name
    conds = _filters(section_values, q, today, dialect, now)
    ids = list(
        session.scalars(
            select(PublicIndexRow.notice_id)
            .where(*conds)
            .order_by(PublicIndexRow.published_at.desc(), PublicIndexRow.number.desc())
            .offset(offset)
            .limit(limit)
        )
    )
    if not ids:
        return []
    public = set(
        session.scalars(
            select(NoticeRow.id).where(
                NoticeRow.id.in_(ids),
                extracts.public_condition(),
                or_(NoticeRow.expires_at.is_(None), NoticeRow.expires_at > now),
            )
        )
    )
    return [i for i in ids if i in public]


@event.listens_for(Session, "after_flush")
def _keep_the_index(session: Session, _context: Any) -> None:
    """Recompute the index rows of every notice whose row, or whose person's row, this flush
    wrote. Runs inside the flush's transaction: the index commits or rolls back with it."""
    notices: set[str] = set()
    persons: set[str] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, NoticeRow):
            notices.add(obj.id)
        elif isinstance(obj, PersonRow):
            persons.add(obj.id)
    if notices or persons:
        sync(session, notices, persons)
