"""The public notices API (REFERENCE.md §5) and the transparency downloads. No login.

Paths, query parameters, field names, links (absolute, built on `public_base_url` or else
the request's base URL) and partial dates follow the public notices API, so tools written
for it work unchanged.
One query answers at most 160 results (`total` still counts every match); `resultPerPage`
above 160 is capped. Bad parameters are 422 problems; an unknown or non-public notice is a
404 problem. What is public is decided in `xborder.public.extracts`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ConfigDict, Field

from xborder.api import problems
from xborder.api.deps import ctx
from xborder.api.responses import Out
from xborder.public import extracts, transparency
from xborder.public.answers import AnswerCache, etag_matches
from xborder.public.extracts import Section

router = APIRouter(tags=["public notices"], responses=problems.PUBLIC)


# The documents, described for the OpenAPI document only: the routes answer the bytes the
# public notices API would (cached, with an ETag), never re-serialised through these models.
class Href(Out):
    href: str


class NoticeLinks(Out):
    self: Href
    images: Href
    thumbnail: Href | None = None


class NoticeItem(Out):
    """A person's notice in a list (an entity's has `name`, `entity_id` and `_links` only)."""

    model_config = ConfigDict(populate_by_name=True)
    forename: str | None = None
    name: str | None
    date_of_birth: str | None = Field(None, examples=["1970/05/23", "1970"])
    entity_id: str = Field(examples=["2026/00042"])
    nationalities: list[str] = Field(default_factory=list)
    links: NoticeLinks = Field(alias="_links")


class ListLinks(Out):
    self: Href
    first: Href
    next: Href | None = None
    last: Href


class Notices(Out):
    notices: list[NoticeItem]


class ListDocument(Out):
    model_config = ConfigDict(populate_by_name=True)
    total: int = Field(description="every match, though one query reaches at most 160")
    query: dict[str, Any] = Field(description="`page`, `resultPerPage` and the filters used")
    embedded: Notices = Field(alias="_embedded")
    links: ListLinks = Field(alias="_links")


class ArrestWarrant(Out):
    issuing_country_id: str | None
    charge: str
    charge_translation: str | None


class Embedded(Out):
    links: list[Any]


class DetailDocument(Out):
    """One notice: a person's fields (Red: `arrest_warrants`; Yellow: `date_of_event` and
    `place`; UN: `un_committee` and `un_reference`), or an entity's name and UN references."""

    model_config = ConfigDict(populate_by_name=True)
    arrest_warrants: list[ArrestWarrant] | None = None
    weight: float | None = None
    height: float | None = None
    forename: str | None = None
    name: str | None
    date_of_birth: str | None = None
    entity_id: str
    languages_spoken_ids: list[str] | None = None
    nationalities: list[str] | None = None
    sex_id: str | None = None
    country_of_birth_id: str | None = None
    place_of_birth: str | None = None
    distinguishing_marks: str | None = None
    eyes_colors_id: list[str] | None = None
    hairs_id: list[str] | None = None
    date_of_event: str | None = None
    place: str | None = None
    un_committee: str | None = None
    un_reference: str | None = None
    embedded: Embedded = Field(alias="_embedded")
    links: NoticeLinks = Field(alias="_links")


class PictureLinks(Out):
    self: Href


class Picture(Out):
    model_config = ConfigDict(populate_by_name=True)
    picture_id: str
    links: PictureLinks = Field(alias="_links")


class Pictures(Out):
    images: list[Picture]


class ImagesLinks(Out):
    self: Href
    notice: Href
    thumbnail: Href | None = None


class ImagesDocument(Out):
    model_config = ConfigDict(populate_by_name=True)
    embedded: Pictures = Field(alias="_embedded")
    links: ImagesLinks = Field(alias="_links")


class Figures(Out):
    """A total and its breakdowns (`by_type`, `by_ground`, `by_state`...), key to count."""

    model_config = ConfigDict(extra="allow")  # the breakdowns differ by measure
    total: int


class Period(Out):
    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(alias="from")
    to: str


class TransparencyReport(Out):
    year: int
    period: Period
    as_of: str
    generated_at: str
    notices: dict[str, Figures]
    diffusions: Figures
    commission: dict[str, Figures]
    extradition_and_mla: dict[str, Any]
    ground_labels: dict[str, str]
    definitions: dict[str, Any]


NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the ETag sent in If-None-Match is current"}
}
LIST: dict[int | str, dict[str, Any]] = {200: {"model": ListDocument}, **NOT_MODIFIED}
DETAIL: dict[int | str, dict[str, Any]] = {200: {"model": DetailDocument}, **NOT_MODIFIED}
IMAGES: dict[int | str, dict[str, Any]] = {200: {"model": ImagesDocument}, **NOT_MODIFIED}
PICTURE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The picture (an unknown type is served as an attachment)",
        "content": {
            t: {"schema": {"type": "string", "format": "binary"}}
            for t in sorted(extracts.SAFE_IMAGE_TYPES | {"application/octet-stream"})
        },
    }
}

# Public answers change the moment a notice stops being public: nothing may keep a copy
# (pictures, statistics); the search and extract documents may be kept by whoever asks again
# before each use (their ETag makes that a 304).
PUBLIC_HEADERS = {"Cache-Control": "no-store", "Access-Control-Allow-Origin": "*"}
ANSWER_HEADERS = {"Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*"}
# An image is displayed, never run: SVG scripts and external loads are shut off.
IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

Forename = Annotated[str | None, Query(description="forename (word prefixes, any script)")]
Name = Annotated[str | None, Query(description="family name (word prefixes, any script)")]
Nationality = Annotated[
    str | None, Query(description="ISO 3166 alpha-2 (alpha-3 accepted), e.g. FR")
]
AgeMin = Annotated[int | None, Query(alias="ageMin", ge=0, le=extracts.MAX_AGE)]
AgeMax = Annotated[int | None, Query(alias="ageMax", ge=0, le=extracts.MAX_AGE)]
FreeText = Annotated[str | None, Query(alias="freeText", description="names and charges")]
SexId = Annotated[str | None, Query(alias="sexId", description="F, M or U")]
WarrantCountry = Annotated[
    str | None,
    Query(alias="arrestWarrantCountryId", description="the country whose warrant it is"),
]
Page = Annotated[int, Query(ge=1, description="from 1")]
PerPage = Annotated[
    int,
    Query(
        alias="resultPerPage",
        ge=1,
        description=f"capped at {extracts.MAX_RESULTS}; one query reaches at most "
        f"{extracts.MAX_RESULTS} results, as on the live service",
    ),
]
NoticeID = Annotated[str, Path(description="the entity_id with a dash: 2026-00042")]


def _base(request: Request) -> str:
    """The configured public address, else the request's (its Host passed the trusted-hosts
    check, so a forged one never reaches a link)."""
    configured = ctx(request).settings.public_base_url
    return (configured or str(request.base_url)).rstrip("/")


def _json(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, headers=PUBLIC_HEADERS)


def _answer(request: Request, key: Hashable, make: Callable[[], dict[str, Any]]) -> Response:
    """A search or extract document: computed once per state of the store and served from
    memory until anything changes (`public/answers.py`), with an ETag; 304 to a client
    that already holds it."""
    c = ctx(request)
    base = _base(request)
    answer = c.extension(AnswerCache).get(
        c.db, (key, base), lambda: bytes(JSONResponse(make()).body)
    )
    headers = {**ANSWER_HEADERS, "ETag": answer.etag}
    sent = request.headers.get("if-none-match")
    if sent and etag_matches(sent, answer.etag):
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type="application/json", headers=headers)


def _list(request: Request, section: Section, q: extracts.PublicQuery) -> Response:
    def make() -> dict[str, Any]:
        result = extracts.search(ctx(request).db, section, q)
        return extracts.list_document(result, _base(request))

    return _answer(request, ("list", section, q), make)


def _detail(request: Request, section: Section, notice_id: str) -> Response:
    def make() -> dict[str, Any]:
        e = extracts.get_extract(ctx(request).db, section, notice_id)
        return extracts.detail_document(e, _base(request))

    return _answer(request, ("detail", section, notice_id), make)


def _images(request: Request, section: Section, notice_id: str) -> Response:
    def make() -> dict[str, Any]:
        e = extracts.get_extract(ctx(request).db, section, notice_id)
        return extracts.images_document(e, _base(request))

    return _answer(request, ("images", section, notice_id), make)


def _picture(request: Request, section: Section, notice_id: str, picture_id: str) -> Response:
    img = extracts.get_image(ctx(request).db, section, notice_id, picture_id)
    headers = {
        **PUBLIC_HEADERS,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": IMAGE_CSP,
    }
    if img.media_type == "application/octet-stream":
        headers["Content-Disposition"] = f'attachment; filename="picture-{picture_id}"'
    return Response(img.data, media_type=img.media_type, headers=headers)


# --- Red ------------------------------------------------------------------------------------


@router.get(
    "/notices/v1/red",
    summary="Search public Red Notice extracts",
    response_model=None,
    responses=LIST,
)
def red_list(
    request: Request,
    forename: Forename = None,
    name: Name = None,
    nationality: Nationality = None,
    age_min: AgeMin = None,
    age_max: AgeMax = None,
    free_text: FreeText = None,
    sex_id: SexId = None,
    arrest_warrant_country: WarrantCountry = None,
    page: Page = 1,
    result_per_page: PerPage = extracts.DEFAULT_PER_PAGE,
) -> Response:
    q = extracts.make_query(
        forename=forename,
        name=name,
        nationality=nationality,
        age_min=age_min,
        age_max=age_max,
        free_text=free_text,
        sex_id=sex_id,
        arrest_warrant_country=arrest_warrant_country,
        page=page,
        result_per_page=result_per_page,
    )
    return _list(request, Section.RED, q)


@router.get(
    "/notices/v1/red/{noticeID}",
    summary="One public Red Notice extract",
    response_model=None,
    responses=DETAIL,
)
def red_detail(request: Request, noticeID: NoticeID) -> Response:
    return _detail(request, Section.RED, noticeID)


@router.get(
    "/notices/v1/red/{noticeID}/images",
    summary="A Red Notice's pictures",
    response_model=None,
    responses=IMAGES,
)
def red_images(request: Request, noticeID: NoticeID) -> Response:
    return _images(request, Section.RED, noticeID)


@router.get(
    "/notices/v1/red/{noticeID}/images/{pictureID}",
    summary="One picture",
    response_model=None,
    response_class=Response,
    responses=PICTURE,
)
def red_picture(request: Request, noticeID: NoticeID, pictureID: str) -> Response:
    return _picture(request, Section.RED, noticeID, pictureID)


# --- Yellow ---------------------------------------------------------------------------------


def _person_query(
    forename: str | None,
    name: str | None,
    nationality: str | None,
    age_min: int | None,
    age_max: int | None,
    free_text: str | None,
    sex_id: str | None,
    page: int,
    result_per_page: int,
) -> extracts.PublicQuery:
    return extracts.make_query(
        forename=forename,
        name=name,
        nationality=nationality,
        age_min=age_min,
        age_max=age_max,
        free_text=free_text,
        sex_id=sex_id,
        page=page,
        result_per_page=result_per_page,
    )


@router.get(
    "/notices/v1/yellow",
    summary="Search public Yellow Notice extracts",
    response_model=None,
    responses=LIST,
)
def yellow_list(
    request: Request,
    forename: Forename = None,
    name: Name = None,
    nationality: Nationality = None,
    age_min: AgeMin = None,
    age_max: AgeMax = None,
    free_text: FreeText = None,
    sex_id: SexId = None,
    page: Page = 1,
    result_per_page: PerPage = extracts.DEFAULT_PER_PAGE,
) -> Response:
    q = _person_query(
        forename, name, nationality, age_min, age_max, free_text, sex_id, page, result_per_page
    )
    return _list(request, Section.YELLOW, q)


@router.get(
    "/notices/v1/yellow/{noticeID}",
    summary="One public Yellow Notice extract",
    response_model=None,
    responses=DETAIL,
)
def yellow_detail(request: Request, noticeID: NoticeID) -> Response:
    return _detail(request, Section.YELLOW, noticeID)


@router.get(
    "/notices/v1/yellow/{noticeID}/images",
    summary="A Yellow Notice's pictures",
    response_model=None,
    responses=IMAGES,
)
def yellow_images(request: Request, noticeID: NoticeID) -> Response:
    return _images(request, Section.YELLOW, noticeID)


@router.get(
    "/notices/v1/yellow/{noticeID}/images/{pictureID}",
    summary="One picture",
    response_model=None,
    response_class=Response,
    responses=PICTURE,
)
def yellow_picture(request: Request, noticeID: NoticeID, pictureID: str) -> Response:
    return _picture(request, Section.YELLOW, noticeID, pictureID)


# --- UN Security Council Special Notices ----------------------------------------------------


@router.get(
    "/notices/v1/un",
    summary="Search public UN Special Notices (persons and entities)",
    response_model=None,
    responses=LIST,
)
def un_list(
    request: Request,
    name: Name = None,
    free_text: FreeText = None,
    page: Page = 1,
    result_per_page: PerPage = extracts.DEFAULT_PER_PAGE,
) -> Response:
    q = extracts.make_query(
        name=name, free_text=free_text, page=page, result_per_page=result_per_page
    )
    return _list(request, Section.UN, q)


@router.get(
    "/notices/v1/un/persons",
    summary="Search public UN Special Notices on persons",
    response_model=None,
    responses=LIST,
)
def un_persons_list(
    request: Request,
    forename: Forename = None,
    name: Name = None,
    nationality: Nationality = None,
    age_min: AgeMin = None,
    age_max: AgeMax = None,
    free_text: FreeText = None,
    sex_id: SexId = None,
    page: Page = 1,
    result_per_page: PerPage = extracts.DEFAULT_PER_PAGE,
) -> Response:
    q = _person_query(
        forename, name, nationality, age_min, age_max, free_text, sex_id, page, result_per_page
    )
    return _list(request, Section.UN_PERSONS, q)


@router.get(
    "/notices/v1/un/persons/{noticeID}",
    summary="One public UN Special Notice (person)",
    response_model=None,
    responses=DETAIL,
)
def un_person_detail(request: Request, noticeID: NoticeID) -> Response:
    return _detail(request, Section.UN_PERSONS, noticeID)


@router.get(
    "/notices/v1/un/persons/{noticeID}/images",
    summary="A UN notice's pictures",
    response_model=None,
    responses=IMAGES,
)
def un_person_images(request: Request, noticeID: NoticeID) -> Response:
    return _images(request, Section.UN_PERSONS, noticeID)


@router.get(
    "/notices/v1/un/persons/{noticeID}/images/{pictureID}",
    summary="One picture",
    response_model=None,
    response_class=Response,
    responses=PICTURE,
)
def un_person_picture(request: Request, noticeID: NoticeID, pictureID: str) -> Response:
    return _picture(request, Section.UN_PERSONS, noticeID, pictureID)


@router.get(
    "/notices/v1/un/entities",
    summary="Search public UN Special Notices on entities",
    response_model=None,
    responses=LIST,
)
def un_entities_list(
    request: Request,
    name: Name = None,
    free_text: FreeText = None,
    page: Page = 1,
    result_per_page: PerPage = extracts.DEFAULT_PER_PAGE,
) -> Response:
    q = extracts.make_query(
        name=name, free_text=free_text, page=page, result_per_page=result_per_page
    )
    return _list(request, Section.UN_ENTITIES, q)


@router.get(
    "/notices/v1/un/entities/{noticeID}",
    summary="One public UN Special Notice (entity)",
    response_model=None,
    responses=DETAIL,
)
def un_entity_detail(request: Request, noticeID: NoticeID) -> Response:
    return _detail(request, Section.UN_ENTITIES, noticeID)


@router.get(
    "/notices/v1/un/entities/{noticeID}/images",
    summary="A UN notice's pictures",
    response_model=None,
    responses=IMAGES,
)
def un_entity_images(request: Request, noticeID: NoticeID) -> Response:
    return _images(request, Section.UN_ENTITIES, noticeID)


@router.get(
    "/notices/v1/un/entities/{noticeID}/images/{pictureID}",
    summary="One picture",
    response_model=None,
    response_class=Response,
    responses=PICTURE,
)
def un_entity_picture(request: Request, noticeID: NoticeID, pictureID: str) -> Response:
    return _picture(request, Section.UN_ENTITIES, noticeID, pictureID)


# --- transparency ---------------------------------------------------------------------------

Year = Annotated[int | None, Query(description="calendar year (UTC); this year by default")]


@router.get(
    "/transparency.json",
    tags=["transparency"],
    summary="The transparency report",
    response_model=None,
    responses={200: {"model": TransparencyReport}},
)
def transparency_json(request: Request, year: Year = None) -> JSONResponse:
    r = transparency.compute(ctx(request).db, transparency.check_year(year))
    return _json(transparency.to_json(r))


@router.get(
    "/transparency.csv",
    tags=["transparency"],
    summary="The report as CSV rows",
    response_model=None,
    response_class=Response,
    responses={
        200: {
            "description": "year, section, measure, breakdown, key, value",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
def transparency_csv(request: Request, year: Year = None) -> Response:
    r = transparency.compute(ctx(request).db, transparency.check_year(year))
    return Response(
        transparency.to_csv(r),
        media_type="text/csv; charset=utf-8",
        headers={
            **PUBLIC_HEADERS,
            "Content-Disposition": f'attachment; filename="xborder-transparency-{r.year}.csv"',
        },
    )
