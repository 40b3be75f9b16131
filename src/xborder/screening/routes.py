"""Screening: xborder's own endpoints, and yente's `/match/{dataset}`, `/entities/{id}`,
`/catalog` and `/algorithms` so that clients written for yente use xborder unchanged (a yente
client cannot state a purpose or a legal basis: its screenings and look-ups are logged under
the configured defaults, see README)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import Field

from xborder.api import problems
from xborder.api.deps import (
    LegalBasisHeader,
    LegalBasisQuery,
    PurposeHeader,
    PurposeQuery,
    ctx,
    require,
)
from xborder.api.responses import Out
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Invalid
from xborder.screening import lookup, matching, yente
from xborder.screening import service as screening
from xborder.screening.commands import BatchIn, DecisionIn, PersonQuery, ScreenIn
from xborder.screening.model import NameForm, Subject
from xborder.screening.service import Candidate

router = APIRouter(tags=["screening"], responses={**problems.AUTHENTICATED, **problems.UNAVAILABLE})
Dataset = Annotated[str, Path(max_length=60)]


class NoticeRefOut(Out):
    id: str
    number: str | None
    type: str | None


class FeatureOut(Out):
    name: str
    score: float | None = Field(description="agreement 0-1; none when one side does not say")
    weight: float
    contribution: float
    detail: str


class CandidateOut(Out):
    result_id: str = Field(description="confirm or reject it at /api/v1/screen/results/{id}")
    entry_id: str
    dataset: str
    caption: str
    notice: NoticeRefOut | None
    properties: dict[str, list[str]]
    score: float
    possible_match: bool
    flagged_by_your_country: bool
    features: list[FeatureOut]


class ScreeningOut(Out):
    screening_id: str
    algorithm: str
    threshold: float
    cutoff: float
    purpose: str
    legal_basis: str
    note: str


class ScreenOut(ScreeningOut):
    results: list[CandidateOut]


class BatchOut(ScreeningOut):
    responses: dict[str, list[CandidateOut]]


class DatasetOut(Out):
    name: str
    title: str


class DatasetsOut(Out):
    datasets: list[DatasetOut]


class ImportReportOut(Out):
    dataset: str
    entities: int
    screenable: int


# yente's shapes (https://www.opensanctions.org/docs/api/): these routes answer what the
# service built, unfiltered, so yente's clients read the very same bytes; the models
# document it.
class YenteEntityOut(Out):
    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str]
    target: bool


class YenteExplanationOut(Out):
    score: float
    detail: str


class YenteResultOut(YenteEntityOut):
    score: float
    match: bool
    features: dict[str, float]
    explanations: dict[str, YenteExplanationOut]
    token: str = Field(description="confirm or reject it at /api/v1/screen/results/{token}")


class YenteTotalOut(Out):
    value: int
    relation: str


class YenteQueryOut(Out):
    id: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]


class YenteResponseOut(Out):
    status: int
    results: list[YenteResultOut]
    total: YenteTotalOut
    query: YenteQueryOut


class YenteMatchOut(Out):
    responses: dict[str, YenteResponseOut]
    limit: int


class YenteDatasetOut(Out):
    name: str
    title: str
    load: bool
    index_current: bool
    children: list[str]


class YenteCatalogOut(Out):
    datasets: list[YenteDatasetOut]
    current: list[str]
    outdated: list[str]
    index_stale: bool


class YenteFeatureDocOut(Out):
    description: str
    coefficient: float
    url: str


class YenteAlgorithmOut(Out):
    name: str
    description: str
    docs: dict[str, YenteFeatureDocOut]


class YenteAlgorithmsOut(Out):
    algorithms: list[YenteAlgorithmOut]
    default: str
    best: str


def _yente(model: type[Out]) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model}}


def subject(key: str, q: PersonQuery) -> Subject:
    """The person searched for, as the index compares it; a birth date of no known form is
    refused by name (the screening page reads its form into the same models)."""
    for d in q.birth_dates:
        if not (len(d) in (4, 7, 10) and d[:4].isdigit()) and "/" not in d:
            raise Invalid(
                f"birth date {d!r}: use YYYY, YYYY-MM, YYYY-MM-DD or A/B", field="birth_dates"
            )
    return Subject(
        id=key,
        names=tuple(NameForm(full=n.strip()[:300]) for n in q.names if n.strip()),
        birth_dates=tuple(q.birth_dates),
        nationalities=tuple(dict.fromkeys(normalise_country(c) for c in q.nationalities)),
        sex=q.sex,
    )


def _candidate(c: Candidate) -> dict[str, Any]:
    m = c.meta
    return {
        "result_id": c.result_id,
        "entry_id": c.entry_id,
        "dataset": m.dataset,
        "caption": m.caption,
        "notice": {"id": m.ref, "number": m.number, "type": m.notice_type}
        if m.dataset == "notices"
        else None,
        "properties": m.properties,
        "score": round(c.score, 4),
        "possible_match": c.match,
        "flagged_by_your_country": c.flagged_by_you,
        "features": [asdict(f) for f in c.features],
    }


def _answer(s: screening.Screening) -> dict[str, Any]:
    return {
        "screening_id": s.id,
        "algorithm": s.algorithm,
        "threshold": s.threshold,
        "cutoff": s.cutoff,
        "purpose": s.purpose,
        "legal_basis": s.legal_basis,
        "note": "Every result is a possible match: a person confirms or rejects it.",
    }


@router.post(
    "/api/v1/screen",
    summary="Screen one person (logged with its purpose)",
    response_model=ScreenOut,
    responses=problems.WRITE,
)
def screen_one(
    request: Request,
    body: ScreenIn,
    actor: Annotated[Actor, Depends(require(Action.SCREEN))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
    legal_basis: LegalBasisQuery = None,
    x_legal_basis: LegalBasisHeader = None,
) -> dict[str, Any]:
    c = ctx(request)
    s = screening.screen(
        c.db,
        c.settings,
        actor,
        {"q": subject("q", body)},
        purpose=purpose or x_purpose,
        legal_basis=legal_basis or x_legal_basis,
        dataset=body.dataset,
        limit=body.limit,
    )
    return {**_answer(s), "results": [_candidate(x) for x in s.responses["q"]]}


@router.post(
    "/api/v1/screen/batch",
    summary="Screen many people at once (logged)",
    response_model=BatchOut,
    responses=problems.WRITE,
)
def screen_batch(
    request: Request,
    body: BatchIn,
    actor: Annotated[Actor, Depends(require(Action.SCREEN))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
    legal_basis: LegalBasisQuery = None,
    x_legal_basis: LegalBasisHeader = None,
) -> dict[str, Any]:
    c = ctx(request)
    queries = {k[:100]: subject(k, q) for k, q in body.queries.items()}
    s = screening.screen(
        c.db,
        c.settings,
        actor,
        queries,
        purpose=purpose or x_purpose,
        legal_basis=legal_basis or x_legal_basis,
        dataset=body.dataset,
        limit=body.limit,
    )
    return {
        **_answer(s),
        "responses": {k: [_candidate(x) for x in v] for k, v in s.responses.items()},
    }


@router.post(
    "/api/v1/screen/results/{result_id}/decision",
    status_code=204,
    summary="Confirm or reject",
    responses=problems.WRITE,
)
def decide(
    request: Request,
    result_id: Annotated[str, Path(max_length=36)],
    body: DecisionIn,
    actor: Annotated[Actor, Depends(require(Action.SCREEN))],
) -> Response:
    screening.decide(ctx(request).db, actor, result_id, body)
    return Response(status_code=204)


@router.get("/api/v1/screen/datasets", summary="The datasets you may screen against")
def datasets(
    request: Request, actor: Annotated[Actor, Depends(require(Action.SCREEN))]
) -> DatasetsOut:
    return DatasetsOut.model_validate({"datasets": screening.datasets(ctx(request).db, actor)})


@router.post(
    "/match/{dataset}",
    summary="yente-compatible matching (FollowTheMoney queries)",
    response_model=None,
    responses={**_yente(YenteMatchOut), **problems.WRITE},
)
def match(
    request: Request,
    dataset: Dataset,
    body: yente.MatchRequest,
    actor: Annotated[Actor, Depends(require(Action.SCREEN))],
    threshold: Annotated[float | None, Query(ge=0, le=1)] = None,
    cutoff: Annotated[float | None, Query(ge=0, le=1)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 5,
    algorithm: Annotated[str | None, Query(max_length=40)] = None,
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
    legal_basis: LegalBasisQuery = None,
    x_legal_basis: LegalBasisHeader = None,
) -> JSONResponse:
    c = ctx(request)
    if algorithm not in (None, "best", "default", matching.ALGORITHM):
        raise Invalid(f"unknown algorithm {algorithm!r}; see /algorithms", field="algorithm")
    _refuse_unsupported_filters(request)
    # Rendered as it is (plain JSON types): FastAPI's encoder walking the answer cost about
    # 2 ms of the hottest route's CPU (bench/screening/profile_match.py).
    answer = yente.match(
        c.db,
        c.settings,
        actor,
        body,
        dataset,
        purpose=purpose or x_purpose or c.settings.match_default_purpose,
        legal_basis=legal_basis or x_legal_basis or c.settings.match_default_legal_basis,
        limit=limit,
        threshold=threshold,
        cutoff=cutoff,
    )
    return JSONResponse(answer)


# yente's scope filters (`client.match(datasets=[a, b], exclude_entities=...)` sends them):
# xborder screens one dataset per call and excludes nothing, so it refuses them rather than
# answer as if they had been applied.
UNSUPPORTED_FILTERS = (
    "include_dataset",
    "exclude_dataset",
    "exclude_entity_ids",
    "exclude_schema",
    "topics",
    "changed_since",
)


def _refuse_unsupported_filters(request: Request) -> None:
    sent = [p for p in UNSUPPORTED_FILTERS if p in request.query_params]
    if sent:
        raise Invalid(
            f"xborder does not filter by {', '.join(sent)}: screen one dataset per call"
            " (/match/default screens all you may see)",
            field=sent[0],
        )


@router.get(
    "/entities/{entity_id:path}",
    summary="yente-compatible: an entity a match returned, by its id (logged with its purpose)",
    response_model=None,
    responses=_yente(YenteEntityOut),
)
def entity(
    request: Request,
    entity_id: Annotated[str, Path(max_length=200)],
    actor: Annotated[Actor, Depends(require(Action.SCREEN))],
    nested: bool = True,  # yente's adjacent entities: xborder's records have none
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
    legal_basis: LegalBasisQuery = None,
    x_legal_basis: LegalBasisHeader = None,
) -> dict[str, Any]:
    c = ctx(request)
    found = lookup.entity(
        c.db,
        actor,
        entity_id,
        purpose=purpose or x_purpose or c.settings.match_default_purpose,
        legal_basis=legal_basis or x_legal_basis or c.settings.match_default_legal_basis,
    )
    return yente.entity(found, actor.country)


@router.get(
    "/catalog",
    summary="yente-compatible: the datasets you may screen against",
    response_model=None,
    responses=_yente(YenteCatalogOut),
)
def catalog(
    request: Request, actor: Annotated[Actor, Depends(require(Action.SCREEN))]
) -> dict[str, Any]:
    return yente.catalog(screening.datasets(ctx(request).db, actor))


@router.get(
    "/algorithms",
    summary="yente-compatible: the matching algorithms",
    response_model=None,
    responses={**_yente(YenteAlgorithmsOut), 429: problems.AUTHENTICATED[429]},
)
def algorithms() -> dict[str, Any]:
    return yente.algorithms()


@router.post(
    "/api/v1/lists/{dataset}",
    summary="Load a list (FollowTheMoney JSON lines)",
    response_model=ImportReportOut,
    responses=problems.WRITE,
)
async def import_list(
    request: Request,
    dataset: Dataset,
    actor: Annotated[Actor, Depends(require(Action.LIST_IMPORT))],
) -> dict[str, Any]:
    body = (await request.body()).decode("utf-8", errors="replace")
    report = screening.import_ftm(ctx(request).db, actor, dataset, body.splitlines())
    return asdict(report)
