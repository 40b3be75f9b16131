"""Public extracts of published notices, in the shape of the public notices API
(docs/reference/public-notices-api.md), so that tools written for that API work against xborder
unchanged.

Two halves. The query half (`search`, `get_extract`, `get_image`) reads the store and decides
what is public. The shaping half (`list_document`, `detail_document`, `images_document`,
`path_id`...) is pure: it turns `Extract` values into the API's JSON and knows nothing of the
store. The web pages and the API call the same query functions.

What is public: a notice of a public type (`red`, `yellow`, `un`) that is `published`, whose
requesting bureau consented to a public extract, that is neither blocked by the commission
nor restricted to some countries, and that has not passed its expiry date (even before the
lifecycle job marks it expired). A notice that
stops meeting any of these vanishes from every public route at once: nothing is cached or
copied out.

An extract carries only what the public service shows: names, birth date, sex,
nationalities, languages, physical description, place of birth, and for a Red Notice the
charges and the country whose warrant it is. Never the facts, the warrant reference, the
issuing authority, identity documents, aliases or anything from the review.

The live service answers at most 160 results for one query (MAX_RESULTS): `total` says how
many notices match, but paging reaches only the first 160; narrow the query (nationality,
age) to reach the rest, as tools for the live service already do. `resultPerPage` above 160
is capped to 160.

Searches are indexed queries (`public/search_index.py`): the words of the names shown, the
birth dates as ranges and the codes filtered on are kept beside each public notice, and one
page is read; `matches` states the same rule in Python, and a test checks they agree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.countries import normalise_country
from xborder.kernel.dates import BirthDate, DateSpan, PartialDate
from xborder.kernel.errors import Invalid, NotFound
from xborder.kernel.names import NameKind, PersonName
from xborder.names import fold
from xborder.notices.domain import NoticeType, State
from xborder.notices.tables import NoticeImageRow, NoticeRow
from xborder.persons import repository as person_repo
from xborder.persons.domain import Person
from xborder.persons.tables import PersonRow
from xborder.store.db import Database

MAX_RESULTS = 160  # the live service's cap on one query
DEFAULT_PER_PAGE = 20  # the live service's default
MAX_AGE = 120
MAX_TEXT = 100
# Words of one query that count (each costs a join in the index's query): the rest are ignored.
MAX_QUERY_WORDS = 8
API_PREFIX = "/notices/v1"
PUBLIC_TYPES = frozenset({NoticeType.RED.value, NoticeType.YELLOW.value, NoticeType.UN.value})
SAFE_IMAGE_TYPES = frozenset({"image/svg+xml", "image/png", "image/jpeg", "image/webp"})


class Section(StrEnum):
    """The public API's collections: one per public notice type, UN split in two."""

    RED = "red"
    YELLOW = "yellow"
    UN_PERSONS = "un/persons"
    UN_ENTITIES = "un/entities"
    UN = "un"  # persons and entities together

    @property
    def notice_type(self) -> NoticeType:
        return NoticeType(self.value.split("/")[0])

    @property
    def path(self) -> str:
        return f"{API_PREFIX}/{self.value}"


# The query parameters each collection takes (docs/reference/public-notices-api.md); others are
# ignored, as the
# live service ignores parameters it does not know.
PERSON_FILTERS = ("forename", "name", "nationality", "ageMin", "ageMax", "freeText", "sexId")
FILTERS: dict[Section, tuple[str, ...]] = {
    Section.RED: (*PERSON_FILTERS, "arrestWarrantCountryId"),
    Section.YELLOW: PERSON_FILTERS,
    Section.UN_PERSONS: PERSON_FILTERS,
    Section.UN_ENTITIES: ("name", "freeText"),
    Section.UN: ("name", "freeText"),
}
SEX_IDS = ("F", "M", "U")

# PublicQuery attribute -> API parameter name.
_ATTR_PARAM = {
    "forename": "forename",
    "name": "name",
    "nationality": "nationality",
    "age_min": "ageMin",
    "age_max": "ageMax",
    "free_text": "freeText",
    "sex_id": "sexId",
    "arrest_warrant_country": "arrestWarrantCountryId",
}


# --- the query ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicQuery:
    """A validated query, under the public API's parameter names when echoed."""

    forename: str | None = None
    name: str | None = None
    nationality: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    free_text: str | None = None
    sex_id: str | None = None
    arrest_warrant_country: str | None = None
    page: int = 1
    result_per_page: int = DEFAULT_PER_PAGE

    def filters(self) -> dict[str, str | int]:
        """The filters given, under their API names, as the `query` object echoes them."""
        values = {p: getattr(self, a) for a, p in _ATTR_PARAM.items()}
        return {p: v for p, v in values.items() if v is not None}


def _text(value: str | None, param: str) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise Invalid(f"{param} is at most {MAX_TEXT} characters", field=param)
    if not fold(value):
        raise Invalid(f"{param} needs at least one letter or digit", field=param)
    return value


def _int(value: int | str | None, param: str, low: int, high: int | None = None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        n = int(value)
    except ValueError:
        raise Invalid(f"{param} is a whole number", field=param) from None
    if n < low or (high is not None and n > high):
        upper = f" and at most {high}" if high is not None else ""
        raise Invalid(f"{param} is at least {low}{upper}", field=param)
    return n


def _country(value: str | None, param: str) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return normalise_country(value)
    except Invalid:
        raise Invalid(
            f"{param} is an ISO 3166 country code (alpha-2, e.g. FR)", field=param
        ) from None


def make_query(
    *,
    forename: str | None = None,
    name: str | None = None,
    nationality: str | None = None,
    age_min: int | str | None = None,
    age_max: int | str | None = None,
    free_text: str | None = None,
    sex_id: str | None = None,
    arrest_warrant_country: str | None = None,
    page: int | str | None = None,
    result_per_page: int | str | None = None,
) -> PublicQuery:
    """Validate a query; any problem is an `Invalid` naming the parameter. Empty values count
    as absent (a search form sends every field). Country codes are ISO alpha-2 as in the live
    service; alpha-3 is accepted too and echoed as alpha-2."""
    sex = (sex_id or "").strip().upper() or None
    if sex is not None and sex not in SEX_IDS:
        raise Invalid("sexId is F, M or U", field="sexId")
    amin = _int(age_min, "ageMin", 0, MAX_AGE)
    amax = _int(age_max, "ageMax", 0, MAX_AGE)
    if amin is not None and amax is not None and amin > amax:
        raise Invalid("ageMin is greater than ageMax", field="ageMin")
    per_page = _int(result_per_page, "resultPerPage", 1)
    return PublicQuery(
        forename=_text(forename, "forename"),
        name=_text(name, "name"),
        nationality=_country(nationality, "nationality"),
        age_min=amin,
        age_max=amax,
        free_text=_text(free_text, "freeText"),
        sex_id=sex,
        arrest_warrant_country=_country(arrest_warrant_country, "arrestWarrantCountryId"),
        page=_int(page, "page", 1) or 1,
        result_per_page=min(per_page or DEFAULT_PER_PAGE, MAX_RESULTS),
    )


def query_from_params(params: Mapping[str, str]) -> PublicQuery:
    """A query from raw parameters under the API's names (the search page's form)."""
    return make_query(
        forename=params.get("forename"),
        name=params.get("name"),
        nationality=params.get("nationality"),
        age_min=params.get("ageMin"),
        age_max=params.get("ageMax"),
        free_text=params.get("freeText"),
        sex_id=params.get("sexId"),
        arrest_warrant_country=params.get("arrestWarrantCountryId"),
        page=params.get("page"),
        result_per_page=params.get("resultPerPage"),
    )


# --- the extract -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Charge:
    issuing_country_id: str
    charge: str


@dataclass(frozen=True)
class Extract:
    """What the public may see of one notice. `names_folded`, `forenames_folded`,
    `families_folded` and `birth_dates` serve the filters and are never shown."""

    notice_type: str
    number: str  # "2026/00042"
    entity: bool  # a UN notice about an entity rather than a person
    forename: str | None
    name: str | None
    date_of_birth: str | None
    sex_id: str | None = None
    nationalities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    height: float | None = None
    weight: float | None = None
    eyes_colors_id: tuple[str, ...] = ()
    hairs_id: tuple[str, ...] = ()
    distinguishing_marks: str | None = None
    place_of_birth: str | None = None
    country_of_birth_id: str | None = None
    charges: tuple[Charge, ...] = ()
    requesting_country: str = ""
    date_of_event: str | None = None  # yellow: missing since
    place: str | None = None  # yellow: last seen
    un_committee: str | None = None
    un_reference: str | None = None
    published_at: datetime | None = None
    picture_ids: tuple[int, ...] = ()
    birth_dates: tuple[BirthDate, ...] = field(default=(), repr=False)
    forenames_folded: tuple[str, ...] = field(default=(), repr=False)
    families_folded: tuple[str, ...] = field(default=(), repr=False)
    text_folded: str = field(default="", repr=False)

    @property
    def section(self) -> Section:
        if self.notice_type == NoticeType.UN.value:
            return Section.UN_ENTITIES if self.entity else Section.UN_PERSONS
        return Section(self.notice_type)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.forename, self.name) if p) or self.number


def _public_date(d: BirthDate) -> str | None:
    """`YYYY/MM/DD`, `YYYY/MM` or `YYYY`; a span is shown only as far as it is certain."""
    if isinstance(d, PartialDate):
        return d.public()
    if isinstance(d, DateSpan) and d.start.year == d.end.year:
        return f"{d.start.year:04d}"
    return None


def _display_name(person: Person) -> PersonName:
    """The primary name when it is in Latin script, else a Latin rendering of it."""
    primary = person.primary_name
    if primary.script == "Latn":
        return primary
    latin = next(
        (n for n in person.names if n.script == "Latn" and n.kind == NameKind.TRANSLITERATION),
        None,
    )
    return latin or primary


# Name forms that render the name shown (searchable); aliases and maiden names are not shown
# publicly, so a search must not reveal them either.
_SHOWN_KINDS = (NameKind.PRIMARY, NameKind.TRANSLITERATION)


def _free(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _event_date(text: str) -> str | None:
    if not text.strip():
        return None
    try:
        return PartialDate.parse(text).public()
    except Invalid:
        return text.strip()


def extract_from(row: NoticeRow, person: Person | None, picture_ids: Sequence[int] = ()) -> Extract:
    """The public extract of a notice (pure: the caller has decided that it is public)."""
    content = row.content or {}
    details: dict[str, Any] = content.get("details") or {}
    judicial: dict[str, Any] = content.get("judicial") or {}
    charges = tuple(
        Charge(row.requesting_country, str(o.get("description", "")))
        for o in judicial.get("offences", [])
        if str(o.get("description", "")).strip()
    )
    un = row.notice_type == NoticeType.UN.value
    yellow = row.notice_type == NoticeType.YELLOW.value
    base: dict[str, Any] = {
        "notice_type": row.notice_type,
        "number": row.number,
        "charges": charges if row.notice_type == NoticeType.RED.value else (),
        "requesting_country": row.requesting_country,
        "date_of_event": _event_date(str(details.get("missing_since", ""))) if yellow else None,
        "place": _free(details.get("last_seen_place")) if yellow else None,
        "un_committee": _free(details.get("un_committee")) if un else None,
        "un_reference": _free(details.get("un_reference")) if un else None,
        "published_at": as_utc(row.published_at) if row.published_at else None,
        "picture_ids": tuple(picture_ids),
    }
    charge_text = " ".join(fold(c.charge) for c in base["charges"])
    if person is None:
        return Extract(
            entity=True,
            forename=None,
            name=row.title,
            date_of_birth=None,
            families_folded=(fold(row.title),),
            text_folded=f"{fold(row.title)} {charge_text}".strip(),
            **base,
        )
    shown = _display_name(person)
    searchable = [n for n in person.names if n.kind in _SHOWN_KINDS]
    split = bool(shown.given or shown.family)
    forename = " ".join(p for p in (shown.given, shown.patronymic) if p) if split else ""
    d = person.description
    dates = [x for x in (_public_date(b) for b in person.birth_dates) if x]
    return Extract(
        entity=False,
        forename=forename or None,
        name=(shown.family if split else shown.full) or None,
        date_of_birth=dates[0] if dates else None,
        sex_id=person.sex.value,
        nationalities=person.nationalities,
        languages=person.languages,
        height=d.height_m,
        weight=d.weight_kg,
        eyes_colors_id=(d.eye_colour,) if d.eye_colour else (),
        hairs_id=(d.hair_colour,) if d.hair_colour else (),
        distinguishing_marks=_free(d.distinguishing_marks),
        place_of_birth=_free(person.place_of_birth),
        country_of_birth_id=person.country_of_birth,
        birth_dates=person.birth_dates,
        forenames_folded=tuple(
            fold(f"{n.given} {n.patronymic}") if (n.given or n.family) else fold(n.full)
            for n in searchable
        ),
        families_folded=tuple(
            fold(n.family) if (n.given or n.family) else fold(n.full) for n in searchable
        ),
        text_folded=" ".join([*(person_repo.search_key(n) for n in searchable), charge_text]),
        **base,
    )


# --- matching (pure) --------------------------------------------------------------------------


def _words_match(query: str, candidates: Iterable[str]) -> bool:
    """Every query word starts a word of one candidate (folded to ASCII), so `jean pi` finds
    Jean-Pierre and `chaikovsk` finds Чайковский through its Latin renderings."""
    words = list(dict.fromkeys(fold(query).split()))[:MAX_QUERY_WORDS]
    for candidate in candidates:
        padded = f" {candidate}"
        if all(f" {w}" in padded for w in words):
            return True
    return False


def age_range(d: BirthDate, today: date) -> tuple[int, int]:
    """Youngest and oldest possible age on `today`, given what the date leaves open."""

    def age(born: date) -> int:
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    return age(d.latest()), age(d.earliest())


def matches(e: Extract, q: PublicQuery, today: date) -> bool:
    """Does the extract answer the query? A person with no known birth date never matches an
    age filter; a partial date matches when any day it allows gives an age in range."""
    if q.forename and not _words_match(q.forename, e.forenames_folded):
        return False
    if q.name and not _words_match(q.name, e.families_folded):
        return False
    if q.free_text and not _words_match(q.free_text, [e.text_folded]):
        return False
    if q.nationality and q.nationality not in e.nationalities:
        return False
    if q.sex_id and e.sex_id != q.sex_id:
        return False
    if q.arrest_warrant_country and not any(
        c.issuing_country_id == q.arrest_warrant_country for c in e.charges
    ):
        return False
    if q.age_min is not None or q.age_max is not None:
        low = q.age_min if q.age_min is not None else 0
        high = q.age_max if q.age_max is not None else MAX_AGE
        ranges = [age_range(b, today) for b in e.birth_dates]
        if not any(oldest >= low and youngest <= high for youngest, oldest in ranges):
            return False
    return True


# --- reading the store ---------------------------------------------------------------------


def public_condition() -> ColumnElement[bool]:
    """The SQL half of "what is public" (expiry is checked in Python, see `_live`)."""
    return and_(
        NoticeRow.state == State.PUBLISHED.value,
        NoticeRow.public_extract.is_(True),
        NoticeRow.blocked.is_(False),
        # The requester's dissemination restriction lives on the notice; the person record
        # behind a notice is always owner-only and reached through the notice.
        NoticeRow.restricted.is_(False),
    )


def _live(row: NoticeRow, now: datetime) -> bool:
    return row.expires_at is None or as_utc(row.expires_at) > now


def _section_condition(section: Section) -> ColumnElement[bool]:
    cond = NoticeRow.notice_type == section.notice_type.value
    if section == Section.UN_PERSONS:
        return and_(cond, NoticeRow.person_id.is_not(None))
    if section == Section.UN_ENTITIES:
        return and_(cond, NoticeRow.person_id.is_(None))
    return cond


def _candidates(
    s: Session, section: Section, now: datetime, extra: ColumnElement[bool] | None = None
) -> list[tuple[NoticeRow, PersonRow | None]]:
    q = (
        select(NoticeRow, PersonRow)
        .outerjoin(PersonRow, PersonRow.id == NoticeRow.person_id)
        .where(public_condition(), _section_condition(section))
        .order_by(NoticeRow.published_at.desc(), NoticeRow.number.desc())
    )
    if extra is not None:
        q = q.where(extra)
    return [(n, p) for n, p in s.execute(q) if _live(n, now)]


def _pictures(s: Session, notice_ids: Sequence[str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {i: [] for i in notice_ids}
    if not notice_ids:
        return out
    q = (
        select(NoticeImageRow.notice_id, NoticeImageRow.id)
        .where(NoticeImageRow.notice_id.in_(list(notice_ids)))
        .order_by(NoticeImageRow.id)
    )
    for nid, pid in s.execute(q):
        out[nid].append(pid)
    return out


@dataclass(frozen=True)
class SearchResult:
    section: Section
    query: PublicQuery
    total: int  # every match, even beyond the cap
    last_page: int
    extracts: list[Extract]


def paging(total: int, per_page: int) -> int:
    """The last page a client can reach under the cap (at least 1, even with no results)."""
    reachable = min(total, MAX_RESULTS)
    return max(1, math.ceil(reachable / per_page))


def search(
    db: Database, section: Section, query: PublicQuery, today: date | None = None
) -> SearchResult:
    """One page of public extracts answering the query, newest publication first: the
    matching ids, their count and one page of them from the search index
    (`public/search_index.py`), then the extracts of that page only."""
    from xborder.public import search_index

    now = utcnow()
    today = today or now.date()
    # Parameters a collection does not take are ignored (and not echoed), as live.
    allowed = set(FILTERS[section])
    dropped: dict[str, Any] = {a: None for a, p in _ATTR_PARAM.items() if p not in allowed}
    q = replace(query, **dropped)
    sections = (
        [Section.UN_PERSONS.value, Section.UN_ENTITIES.value]
        if section == Section.UN
        else [section.value]
    )
    with db.transaction() as s:
        total = search_index.count(s, sections, q, today, now)
        last = paging(total, q.result_per_page)
        start = (q.page - 1) * q.result_per_page
        stop = min(start + q.result_per_page, MAX_RESULTS, total)
        page = (
            search_index.page_ids(s, sections, q, today, now, start, stop - start)
            if start < stop
            else []
        )
        rows = {
            n.id: (n, p)
            for n, p in s.execute(
                select(NoticeRow, PersonRow)
                .outerjoin(PersonRow, PersonRow.id == NoticeRow.person_id)
                .where(NoticeRow.id.in_(page))
            )
        }
        pictures = _pictures(s, page)
        extracts = [
            extract_from(
                rows[i][0],
                person_repo.from_row(rows[i][1]) if rows[i][1] is not None else None,
                pictures[i],
            )
            for i in page
        ]
    return SearchResult(section, q, total, last, extracts)


_PATH_ID = re.compile(r"^(\d{4})-(\d{1,6})$")


def path_id(number: str) -> str:
    """`2026/00042` (the entity_id) as it appears in a path: `2026-00042`."""
    return number.replace("/", "-")


def number_of(pid: str) -> str:
    """The entity_id a path id names; a malformed id names nothing (404, as an unknown one)."""
    m = _PATH_ID.match(pid)
    if not m:
        raise NotFound("no such public notice")
    return f"{m.group(1)}/{m.group(2)}"


def _one(s: Session, section: Section, pid: str) -> NoticeRow:
    number = number_of(pid)
    for row, _ in _candidates(s, section, utcnow(), NoticeRow.number == number):
        return row
    raise NotFound("no such public notice")


def get_extract(db: Database, section: Section, pid: str) -> Extract:
    """One public extract, or NotFound alike for a missing notice and one not public."""
    with db.transaction() as s:
        row = _one(s, section, pid)
        prow = s.get(PersonRow, row.person_id) if row.person_id else None
        person = person_repo.from_row(prow) if prow is not None else None
        return extract_from(row, person, _pictures(s, [row.id])[row.id])


@dataclass(frozen=True)
class Image:
    media_type: str
    data: bytes


def get_image(db: Database, section: Section, pid: str, picture_id: str) -> Image:
    """A picture of a public notice. Media types outside SAFE_IMAGE_TYPES are served as
    opaque bytes (the route sends them as a download)."""
    if not picture_id.isdigit() or len(picture_id) > 12:
        raise NotFound("no such picture")
    with db.transaction() as s:
        row = _one(s, section, pid)
        img = s.get(NoticeImageRow, int(picture_id))
        if img is None or img.notice_id != row.id:
            raise NotFound("no such picture")
        media = img.media_type if img.media_type in SAFE_IMAGE_TYPES else "application/octet-stream"
        return Image(media, bytes(img.data))


# --- shaping (pure) -----------------------------------------------------------------------------


def _href(url: str) -> dict[str, str]:
    return {"href": url}


def notice_url(base: str, e: Extract) -> str:
    return f"{base}{e.section.path}/{path_id(e.number)}"


def picture_url(base: str, e: Extract, picture_id: int) -> str:
    return f"{notice_url(base, e)}/images/{picture_id}"


def notice_links(base: str, e: Extract) -> dict[str, dict[str, str]]:
    """`self`, `images` and, when there is a picture, `thumbnail` (the first picture)."""
    links = {"self": _href(notice_url(base, e)), "images": _href(f"{notice_url(base, e)}/images")}
    if e.picture_ids:
        links["thumbnail"] = _href(picture_url(base, e, e.picture_ids[0]))
    return links


def _item(base: str, e: Extract) -> dict[str, Any]:
    if e.entity:
        return {"name": e.name, "entity_id": e.number, "_links": notice_links(base, e)}
    return {
        "forename": e.forename,
        "name": e.name,
        "date_of_birth": e.date_of_birth,
        "entity_id": e.number,
        "nationalities": list(e.nationalities),
        "_links": notice_links(base, e),
    }


def page_url(base: str, section: Section, q: PublicQuery, page: int) -> str:
    params: dict[str, str | int] = {**q.filters(), "resultPerPage": q.result_per_page}
    params["page"] = page
    return f"{base}{section.path}?{urlencode(params)}"


def list_document(result: SearchResult, base: str) -> dict[str, Any]:
    """`{"total", "query", "_embedded": {"notices": [...]}, "_links": {...}}`. `next` is
    present only while a further page holds results under the cap."""
    q = result.query
    links: dict[str, dict[str, str]] = {
        "self": _href(page_url(base, result.section, q, q.page)),
        "first": _href(page_url(base, result.section, q, 1)),
    }
    if q.page < result.last_page:
        links["next"] = _href(page_url(base, result.section, q, q.page + 1))
    links["last"] = _href(page_url(base, result.section, q, result.last_page))
    return {
        "total": result.total,
        "query": {"page": q.page, "resultPerPage": q.result_per_page, **q.filters()},
        "_embedded": {"notices": [_item(base, e) for e in result.extracts]},
        "_links": links,
    }


def detail_document(e: Extract, base: str) -> dict[str, Any]:
    """The notice's own document, with the type's fields (docs/reference/public-notices-api.md, Red
    detail)."""
    links = notice_links(base, e)
    if e.entity:
        return {
            "name": e.name,
            "entity_id": e.number,
            "un_committee": e.un_committee,
            "un_reference": e.un_reference,
            "_embedded": {"links": []},
            "_links": links,
        }
    doc: dict[str, Any] = {}
    if e.notice_type == NoticeType.RED.value:
        doc["arrest_warrants"] = [
            {
                "issuing_country_id": c.issuing_country_id,
                "charge": c.charge,
                "charge_translation": None,
            }
            for c in e.charges
        ]
    doc |= {
        "weight": e.weight,
        "height": e.height,
        "forename": e.forename,
        "name": e.name,
        "date_of_birth": e.date_of_birth,
        "entity_id": e.number,
        "languages_spoken_ids": list(e.languages),
        "nationalities": list(e.nationalities),
        "sex_id": e.sex_id,
        "country_of_birth_id": e.country_of_birth_id,
        "place_of_birth": e.place_of_birth,
        "distinguishing_marks": e.distinguishing_marks,
        "eyes_colors_id": list(e.eyes_colors_id) or None,
        "hairs_id": list(e.hairs_id) or None,
    }
    if e.notice_type == NoticeType.YELLOW.value:
        doc |= {"date_of_event": e.date_of_event, "place": e.place}
    if e.notice_type == NoticeType.UN.value:
        doc |= {"un_committee": e.un_committee, "un_reference": e.un_reference}
    doc |= {"_embedded": {"links": []}, "_links": links}
    return doc


def images_document(e: Extract, base: str) -> dict[str, Any]:
    links = {
        "self": _href(f"{notice_url(base, e)}/images"),
        "notice": _href(notice_url(base, e)),
    }
    if e.picture_ids:
        links["thumbnail"] = _href(picture_url(base, e, e.picture_ids[0]))
    return {
        "_embedded": {
            "images": [
                {"picture_id": str(p), "_links": {"self": _href(picture_url(base, e, p))}}
                for p in e.picture_ids
            ]
        },
        "_links": links,
    }
