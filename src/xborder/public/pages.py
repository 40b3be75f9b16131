"""Public pages: the notice search, one public extract, and the transparency report. No login.

The search page takes the public API's parameters and calls the same function as the API
(`xborder.public.extracts.search`); the transparency page shows the same report as
`/transparency.json`, with tables and server-rendered SVG bar charts (no script).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from xborder.api.deps import ctx
from xborder.kernel.countries import country_name
from xborder.kernel.errors import Invalid, NotFound
from xborder.notices.domain import GROUND_LABELS, RefusalGround
from xborder.public import extracts, transparency
from xborder.public.extracts import Section
from xborder.web import pages

router = APIRouter(include_in_schema=False)

TYPES: dict[str, tuple[str, Section]] = {
    "red": ("Red Notices", Section.RED),
    "yellow": ("Yellow Notices", Section.YELLOW),
    "un": ("UN Special Notices", Section.UN_PERSONS),
}
SHORT_GROUNDS: dict[RefusalGround, str] = {
    RefusalGround.ART_2: "Art. 2 (human rights)",
    RefusalGround.ART_3: "Art. 3 (political...)",
    RefusalGround.REFUGEE_POLICY: "Refugee policy",
    RefusalGround.THRESHOLD: "Penalty threshold",
    RefusalGround.EXCLUDED_OFFENCE: "Excluded offence",
    RefusalGround.INSUFFICIENT_DATA: "Insufficient data",
    RefusalGround.OTHER: "Other grounds",
}
TYPE_LABELS = {
    "red": "Red",
    "yellow": "Yellow",
    "blue": "Blue",
    "black": "Black",
    "green": "Green",
    "orange": "Orange",
    "purple": "Purple",
    "silver": "Silver",
    "un": "UN Special",
}


def _render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    pages._session(request)  # a logged-in visitor keeps their header
    return pages.render(request, template, status=status, **context)


def _country(code: str | None) -> str:
    if not code:
        return ""
    try:
        return f"{country_name(code)} ({code})"
    except Invalid:
        return code


# --- search and extract -------------------------------------------------------------------------

FORM_FIELDS = (
    "forename",
    "name",
    "nationality",
    "ageMin",
    "ageMax",
    "freeText",
    "sexId",
    "arrestWarrantCountryId",
    "resultPerPage",
)


@router.get("/notices")
def notices_page(request: Request, kind: Annotated[str, Query(alias="type")] = "red") -> Response:
    """Search public extracts: the API's parameters, plus `type` (red, yellow, un)."""
    if kind not in TYPES:
        kind = "red"
    label, section = TYPES[kind]
    params = {k: request.query_params.get(k, "") for k in (*FORM_FIELDS, "page")}
    error = ""
    result = None
    try:
        q = extracts.query_from_params(params)
        result = extracts.search(ctx(request).db, section, q)
    except Invalid as exc:
        error = exc.detail

    def link(page: int) -> str:
        assert result is not None
        kept = {k: v for k, v in params.items() if v and k != "page"}
        return "/notices?" + urlencode({"type": kind, **kept, "page": page})

    pager: dict[str, str] = {}
    if result is not None:
        page = result.query.page
        if page > 1:
            pager["previous"] = link(min(page - 1, result.last_page))
        if page < result.last_page:
            pager["next"] = link(page + 1)
    return _render(
        request,
        "public/notices.html",
        status=422 if error else 200,
        type=kind,
        types=[(k, v[0]) for k, v in TYPES.items()],
        type_label=label,
        params=params,
        error=error,
        result=result,
        pager=pager,
        cap=extracts.MAX_RESULTS,
        show_warrant=section == Section.RED,
        path_id=extracts.path_id,
        country=_country,
    )


@router.get("/notices/{notice_type}/{notice_id}")
def notice_page(request: Request, notice_type: str, notice_id: str) -> Response:
    """One public extract, with its pictures and a link to its JSON document."""
    if notice_type not in TYPES:
        raise NotFound("no such public notice")
    db = ctx(request).db
    sections = [TYPES[notice_type][1]]
    if notice_type == "un":
        sections.append(Section.UN_ENTITIES)
    for section in sections:
        try:
            e = extracts.get_extract(db, section, notice_id)
            break
        except NotFound:
            continue
    else:
        raise NotFound("no such public notice")
    base = ""  # relative links on the page
    return _render(
        request,
        "public/notice.html",
        e=e,
        type=notice_type,
        type_label=TYPES[notice_type][0],
        json_href=extracts.notice_url(base, e),
        pictures=[extracts.picture_url(base, e, p) for p in e.picture_ids],
        country=_country,
    )


# --- transparency ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart, laid out here so the template only draws it."""

    id: str
    title: str
    bars: list[Bar]
    height: int
    label_width: int = 190
    bar_space: int = 330
    row: int = 26

    @property
    def width(self) -> int:
        return self.label_width + self.bar_space + 50


def bar_chart(chart_id: str, title: str, items: list[tuple[str, int]]) -> Chart:
    """Bars scaled to the largest value; an all-zero chart draws empty bars (and says 0)."""
    top = max((v for _, v in items), default=0)
    row = 26
    probe = Chart(chart_id, title, [], 0)
    bars = [
        Bar(label, value, 6 + i * row, round(probe.bar_space * value / top) if top else 0)
        for i, (label, value) in enumerate(items)
    ]
    return Chart(chart_id, title, bars, height=12 + row * len(items))


def _types_with_activity(r: transparency.Report) -> list[str]:
    """Types worth a row: the person types always, the others once anything happened."""
    always = ("red", "yellow", "blue", "green", "un")
    figures = (r.requests, r.published, r.refused, r.cancelled, r.deleted, r.in_circulation)
    return [t for t in TYPE_LABELS if t in always or any(f.get(t) for f in figures)]


@router.get("/transparency")
def transparency_page(request: Request, year: str = "") -> Response:
    db = ctx(request).db
    years = transparency.available_years(db)
    y = transparency.check_year(year or None)
    r = transparency.compute(db, y)
    types = _types_with_activity(r)
    grounds = [(g.value, GROUND_LABELS[g]) for g in RefusalGround]
    both = r.refused_or_cancelled_by_ground
    charts = {
        "requests": bar_chart(
            "chart-requests",
            f"Notice requests in {y}, by type",
            [(TYPE_LABELS[t], r.requests[t]) for t in types],
        ),
        "outcomes": bar_chart(
            "chart-outcomes",
            f"Decisions in {y}",
            [
                ("Published", sum(r.published.values())),
                ("Refused", sum(r.refused.values())),
                ("Cancelled", sum(r.cancelled.values())),
                ("Deleted (commission)", sum(r.deleted.values())),
            ],
        ),
        "grounds": bar_chart(
            "chart-grounds",
            f"Refused or cancelled in {y}, by ground",
            [(SHORT_GROUNDS[g], both[g.value]) for g in RefusalGround],
        ),
        "diffusions": bar_chart(
            "chart-diffusions",
            f"Diffusions in {y}, by state",
            list(r.diffusions_by_state.items()),
        ),
        "cases": bar_chart(
            "chart-cases",
            f"Commission cases received in {y}, by kind",
            list(r.cases_by_kind.items()),
        ),
        "outcomes_ccf": bar_chart(
            "chart-case-outcomes",
            f"Commission cases decided in {y}, by outcome",
            list(r.cases_by_outcome.items()),
        ),
    }
    return _render(
        request,
        "public/transparency.html",
        r=r,
        year=y,
        years=years if y in years else sorted({*years, y}, reverse=True),
        types=types,
        type_labels=TYPE_LABELS,
        grounds=grounds,
        both=both,
        charts=charts,
        public_bases=transparency.public_bases,
        definitions=transparency.DEFINITIONS,
        json_href=f"/transparency.json?year={y}",
        csv_href=f"/transparency.csv?year={y}",
    )
