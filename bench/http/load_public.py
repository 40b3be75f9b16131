"""Load N published Red Notices with public extracts, each with its person, for the HTTP
benchmark's `/notices/v1/red` at scale (issue 14, item 3).

The rows are what the notice services leave behind for a published Red Notice: the person
recorded behind the notice as an owner-only record (`persons.service.record_behind`: the
requesting bureau owns it, restricted to nobody else), the notice `published` with its
control number, consent to a public extract, no dissemination restriction, not blocked,
expiring five years after publication (`notices.domain.VALIDITY_YEARS`), content validated
by `notices.domain.content_from_json`. Names, sexes, birth dates, nationalities and
descriptions come from the twin (`twin.world.generate_persons`), in every script the twin
writes; the rows are built by `persons.repository.to_row` (the names, their folded search
keys and the match keys, as a bureau's request makes them).

Through the ORM, in batches of `BATCH` with `session.add_all` inside `db.transaction()`, not
Core bulk inserts: ORM flush hooks (a public search index kept from NoticeRow/PersonRow
changes) must see these rows. When `xborder.public.search_index.rebuild(db)` exists it is
called afterwards. No events or ledger entries are written: the benchmark reads the public
extracts, which read neither.

Control numbers run per year as the service numbers them (`2026/00042`), each year continuing
after the highest number already stored for it (read as a number, not as text), the year
being the year of publication, spread over the last four years.

    .venv/bin/python bench/http/load_public.py --data-dir /tmp/d/data --count 5000
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

BATCH = 2000
SPREAD_DAYS = 4 * 365  # publication dates: within the last four years (validity is five)
DEFAULT_SEED = 4242

# (offence, law, maximum penalty in months, place): the charges a public extract shows.
OFFENCES: tuple[tuple[str, str, int, str], ...] = (
    ("Armed robbery", "Code pénal art. 311-9", 240, "Lyon"),
    ("Trafficking in narcotic drugs", "BtMG § 30", 180, "Hamburg"),
    ("Homicide", "Código Penal art. 121", 360, "São Paulo"),
    ("Premeditated murder", "Criminal Code art. 115", 1200, "Odesa"),
    ("Trafficking in persons", "TIPPEA s. 13", 240, "Benin City"),
    ("Wire fraud and securities fraud", "18 U.S.C. § 1343", 240, "New York"),
    ("Kidnapping", "Código Penal Federal art. 9", 600, "Guadalajara"),
    ("Money laundering", "StGB § 261", 120, "Frankfurt am Main"),
    ("Participation in an organised criminal group", "Kodeks karny art. 258", 120, "Kraków"),
    ("Sexual abuse of children", "Sexual Offences Act 2003 s. 9", 168, "Manchester"),
    ("Aggravated burglary", "Código Penal art. 241", 72, "Madrid"),
    ("Arms trafficking", "Codice penale art. 416 bis", 240, "Naples"),
)


def red_content(offence: tuple[str, str, int, str], extradition: list[str]) -> dict[str, Any]:
    """A Red Notice's content, validated by the domain and in its stored JSON form."""
    from xborder.notices.domain import content_from_json, content_to_json

    description, law, months, place = offence
    return content_to_json(
        content_from_json(
            {
                "notice_type": "red",
                "subject_status": "wanted",
                "title": description,
                "summary": description,
                "judicial": {
                    "basis": "prosecution",
                    "offences": [
                        {"description": description, "law": law, "max_penalty_months": months}
                    ],
                    "warrant_reference": "AW/BENCH",
                    "issuing_authority": "Investigating judge",
                    "facts_summary": f"{description} (synthetic, for the HTTP benchmark).",
                    "facts_time": "2021-05",
                    "facts_place": place,
                    "extradition_countries": extradition,
                },
                "public_extract": True,
            }
        )
    )


def _year_counters(db: Any) -> dict[int, int]:
    """The highest control number stored per year, read as a number."""
    from sqlalchemy import select

    from xborder.notices.tables import NoticeRow

    top: dict[int, int] = {}
    with db.transaction() as s:
        for number in s.scalars(select(NoticeRow.number)):
            year, _, seq = number.partition("/")
            if year.isdigit() and seq.isdigit():
                top[int(year)] = max(top.get(int(year), 0), int(seq))
    return top


def _bureaus(db: Any) -> dict[str, tuple[str, str, str]]:
    """Country -> (bureau organisation id, an officer's user id, a supervisor's user id)."""
    from sqlalchemy import select

    from xborder.store.tables import OrgRow, UserRow

    out: dict[str, tuple[str, str, str]] = {}
    with db.transaction() as s:
        orgs = {o.id: o.country for o in s.scalars(select(OrgRow)) if o.kind == "bureau"}
        users: dict[str, dict[str, str]] = {}
        for u in s.scalars(select(UserRow)):
            if u.org_id in orgs:
                users.setdefault(u.org_id, {}).setdefault(u.role, u.id)
    for org_id, country in orgs.items():
        if country is None:
            continue
        roles = users.get(org_id, {})
        officer = roles.get("ncb_officer") or next(iter(roles.values()), "bench")
        out[country] = (org_id, officer, roles.get("ncb_supervisor", officer))
    return out


def _rows(db: Any, count: int, seed: int, now: datetime) -> Iterator[tuple[Any, Any]]:
    """(PersonRow, NoticeRow) pairs, one per notice."""
    from xborder.kernel.ids import new_id
    from xborder.notices.tables import NoticeRow
    from xborder.persons import repository as person_repo
    from xborder.twin.world import DEMO_BUREAUS, generate_persons

    bureaus = _bureaus(db)
    owners = tuple(c for c in DEMO_BUREAUS if c in bureaus) or tuple(sorted(bureaus))
    if not owners:
        raise RuntimeError("no bureau in the database: run `xborder demo --no-serve` first")
    top = _year_counters(db)
    rng = random.Random(seed)
    templates = [
        red_content(o, rng.sample([c for c in DEMO_BUREAUS if c in bureaus], k=3)) for o in OFFENCES
    ]
    for i, twin in enumerate(generate_persons(seed, count, owners=owners)):
        country = twin.owner_country
        org_id, officer, supervisor = bureaus[country]
        published = now - timedelta(seconds=rng.randrange(60, SPREAD_DAYS * 86400))
        requested = published - timedelta(days=rng.randint(2, 30), hours=rng.randint(0, 23))
        # As `persons.service.record_behind` records the subject of a request: owned by the
        # requesting bureau, seen by no other (restricted to nobody).
        person = replace(
            twin,
            id=new_id(),
            owner_country=country,
            restricted_to=frozenset(),
            source="bureau",
            external_ref=None,
            created_at=requested,
        )
        prow = person_repo.to_row(person, org_id)
        year = published.year
        top[year] = top.get(year, 0) + 1
        content = json.loads(json.dumps(templates[i % len(templates)]))
        nrow = NoticeRow(
            id=new_id(),
            number=f"{year}/{top[year]:05d}",
            notice_type="red",
            state="published",
            requesting_country=country,
            org_id=org_id,
            person_id=person.id,
            owns_person=True,
            title=content["title"],
            content=content,
            restricted=False,
            public_extract=True,
            blocked=False,
            risk=0,
            checks_run=1,
            charge_families=[],
            editors=[officer],
            version=1,
            review_inputs={},
            created_by=officer,
            approved_by=supervisor,
            created_at=requested,
            updated_at=published,
            submitted_at=requested + timedelta(hours=2),
            decided_at=published,
            published_at=published,
            expires_at=published + timedelta(days=5 * 365),
            restrictions=[],
        )
        yield prow, nrow


def rebuild_search_index(db: Any) -> str | None:
    """`xborder.public.search_index.rebuild(db)` when that module exists (it keeps a public
    search index from ORM flushes; a rebuild makes sure it is complete). Returns what was
    called, or None."""
    try:
        module = importlib.import_module("xborder.public.search_index")
    except ImportError:
        return None
    rebuild: Callable[[Any], object] | None = getattr(module, "rebuild", None)
    if rebuild is None:
        return None
    rebuild(db)
    return "xborder.public.search_index.rebuild"


def load(
    url: str,
    count: int,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Insert `count` public Red Notices into the database at `url`; returns timings."""
    from xborder.store.db import Database

    db = Database(url)
    try:
        now = datetime.now(UTC)
        t0 = time.perf_counter()
        persons: list[Any] = []
        notices: list[Any] = []
        done = 0

        def flush() -> None:
            nonlocal done
            with db.transaction() as s:
                s.add_all(persons)
                s.flush()  # the persons first: each notice names its person
                s.add_all(notices)
            done += len(notices)
            persons.clear()
            notices.clear()
            if progress is not None:
                progress(done)

        for prow, nrow in _rows(db, count, seed, now):
            persons.append(prow)
            notices.append(nrow)
            if len(notices) >= BATCH:
                flush()
        if notices:
            flush()
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        rebuilt = rebuild_search_index(db)
        return {
            "notices": done,
            "seed": seed,
            "load_s": round(load_s, 1),
            "search_index_rebuild": rebuilt,
            "search_index_rebuild_s": round(time.perf_counter() - t0, 1) if rebuilt else None,
        }
    finally:
        db.dispose()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--data-dir", type=Path, help="an xborder data directory (SQLite)")
    where.add_argument("--db-url", help="postgresql://... (a database the demo was loaded into)")
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    url = args.db_url or f"sqlite:///{(args.data_dir / 'xborder.db').resolve()}"
    out = load(url, args.count, args.seed, lambda n: print(f"  {n:,} notices", flush=True))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
