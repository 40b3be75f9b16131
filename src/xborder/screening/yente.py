"""The yente matching API's request and response shapes (docs/reference/yente-matching-api.md), so
clients
written for yente (yente-client among them) screen against xborder unchanged. Pure: FtM
queries in, yente answers out.

Ids: a yente result's `id` is the id its entity was imported with (`id` of the FtM line), and
a notice's is the notice's own id (the one `/api/v1/notices/{id}` takes); `/entities/{id}`
finds either. The index keys (`list:<dataset>:<id>`, `notice:<id>`) stay internal. Every
number is a number: a feature one side does not state scores 0.0, as in yente, and its
`detail` says so."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from xborder.config import Settings
from xborder.kernel.actor import Actor
from xborder.kernel.errors import Invalid
from xborder.screening import matching, service
from xborder.screening.config import DEFAULT as DEFAULT_CONFIG
from xborder.screening.config import RATIONALE
from xborder.screening.model import NameForm, Subject
from xborder.screening.service import Candidate, Screening
from xborder.screening.sources import DEFAULT, EntryMeta, country_or_none
from xborder.store.db import Database

MAX_QUERIES = 500


class EntityQuery(BaseModel):
    model_config = ConfigDict(extra="allow")
    schema_: str = Field("Person", alias="schema", max_length=40)
    properties: dict[str, list[str]] = Field(default_factory=dict, max_length=60)


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    queries: dict[str, EntityQuery] = Field(min_length=1, max_length=MAX_QUERIES)
    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, Any] = Field(default_factory=dict)


def to_subject(key: str, q: EntityQuery) -> tuple[Subject, dict[str, Any]]:
    """The query as a Subject, and the cleaned query yente echoes back."""
    if q.schema_ not in ("Person", "LegalEntity", "Thing"):
        raise Invalid(f"query {key!r}: schema {q.schema_!r} cannot be matched here", field="schema")
    p = {k: [v.strip() for v in vs if v.strip()][:20] for k, vs in q.properties.items()}
    names = [NameForm(full=v[:300]) for k in ("name", "alias") for v in p.get(k, [])]
    first, last = p.get("firstName", []), p.get("lastName", [])
    if first and last:
        names.append(NameForm(full=f"{first[0]} {last[0]}", given=first[0], family=last[0]))
    if not names:
        raise Invalid(f"query {key!r} has no name", field="properties.name")
    nats = [
        c
        for k in ("nationality", "citizenship", "country")
        for v in p.get(k, [])
        if (c := country_or_none(v))
    ]
    gender = (p.get("gender") or [""])[0].lower()
    dates = [d[:10] for d in p.get("birthDate", []) if d[:4].isdigit()]
    subject = Subject(
        id=key,
        names=tuple(names),
        birth_dates=tuple(dates),
        nationalities=tuple(dict.fromkeys(nats)),
        sex={"male": "M", "female": "F"}.get(gender, "U"),
    )
    cleaned = {
        "id": key,
        "schema": "Person" if q.schema_ == "Thing" else q.schema_,
        "properties": {k: v for k, v in p.items() if v},
    }
    return subject, cleaned


def public_id(meta: EntryMeta) -> str:
    """The id a yente client sees: the imported entity's id, or the notice's id."""
    return meta.ref


def _entity(
    meta: EntryMeta, flagged_by_you: bool, props: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    props = {k: list(v) for k, v in (meta.properties if props is None else props).items()}
    if flagged_by_you:
        props["notes"] = [
            *props.get("notes", []),
            "Flagged by your country: no action on its territory.",
        ]
    return {
        "id": public_id(meta),
        "caption": meta.caption,
        "schema": meta.schema,
        "properties": props,
        "datasets": [meta.dataset],
        "referents": [],
        "target": True,
    }


def _number(x: float | None) -> float:
    """yente's clients read every score as a number: none (a side that does not say) is 0.0."""
    return round(float(x), 4) if x is not None and math.isfinite(x) else 0.0


def result(c: Candidate) -> dict[str, Any]:
    """One yente result: the entity, its score, `match`, and the evidence per feature."""
    scores = {f.name: _number(f.score) for f in c.features}
    return {
        **_entity(c.meta, c.flagged_by_you),
        "score": _number(c.score),
        "match": c.match,
        "features": scores,
        "explanations": {f.name: {"score": scores[f.name], "detail": f.detail} for f in c.features},
        "token": c.result_id,  # confirm or reject it at /api/v1/screen/results/{token}
    }


def response(
    screening: Screening, cleaned: dict[str, dict[str, Any]], limit: int
) -> dict[str, Any]:
    return {
        "responses": {
            key: {
                "status": 200,
                "results": [result(c) for c in screening.responses.get(key, [])],
                "total": {"value": len(screening.responses.get(key, [])), "relation": "eq"},
                "query": cleaned[key],
            }
            for key in cleaned
        },
        "limit": limit,
    }


def algorithms() -> dict[str, Any]:
    """yente's `/algorithms`: the one algorithm, its features with their coefficients and the
    recorded rationale of each (from `screening.config`)."""
    c = DEFAULT_CONFIG
    features = {
        "name": (1.0, "Best alignment of the names' Latin readings, token by token."),
        "birth_date": (c.dob_bonus, RATIONALE["dob_bonus"] + " " + RATIONALE["dob_penalty"]),
        "nationality": (c.nationality_bonus, RATIONALE["nationality_bonus"]),
        "sex": (-c.sex_penalty, RATIONALE["sex_penalty"]),
    }
    return {
        "algorithms": [
            {
                "name": matching.ALGORITHM,
                "description": (
                    "Names across scripts and transliteration systems, date of birth (partial,"
                    " transposed), nationality and sex; each feature's part explained."
                    f" Version {matching.VERSION}; threshold {c.threshold}, cutoff {c.cutoff}."
                ),
                "docs": {
                    name: {"description": text, "coefficient": coef, "url": ""}
                    for name, (coef, text) in features.items()
                },
            }
        ],
        "default": matching.ALGORITHM,
        "best": matching.ALGORITHM,
    }


def entity(found: list[EntryMeta], country: str | None) -> dict[str, Any]:
    """yente's `/entities/{id}`: one entity. The same id in several lists is one entity, as
    in yente: its datasets together, each property's values from all of them (in the order
    of the datasets' names)."""
    props: dict[str, list[str]] = {}
    for m in found:
        for k, vs in m.properties.items():
            have = props.setdefault(k, [])
            have += [v for v in vs if v not in have]
    flagged = country is not None and any(country in m.flagged_by for m in found)
    return {**_entity(found[0], flagged, props), "datasets": [m.dataset for m in found]}


def catalog(datasets: list[dict[str, Any]]) -> dict[str, Any]:
    """yente's `/catalog`: the datasets the caller may screen against, all indexed and
    current (the index is brought up to date before each screening); `default` is the
    collection of the others."""
    names = [d["name"] for d in datasets]
    return {
        "datasets": [
            {
                "name": d["name"],
                "title": d["title"],
                "load": True,
                "index_current": True,
                "children": [n for n in names if n != DEFAULT] if d["name"] == DEFAULT else [],
            }
            for d in datasets
        ],
        "current": names,
        "outdated": [],
        "index_stale": False,
    }


def match(
    db: Database,
    settings: Settings,
    actor: Actor,
    body: MatchRequest,
    dataset: str,
    *,
    purpose: str | None,
    legal_basis: str | None,
    limit: int = 5,
    threshold: float | None = None,
    cutoff: float | None = None,
) -> dict[str, Any]:
    """What `POST /match/{dataset}` answers: each query entity read as a subject, screened
    through the governed service (gate, log, access log), answered in yente's shape. The
    route adds only what is HTTP's (parameters, refused filters); the HTTP benchmark calls
    this to measure the same work without the web stack."""
    pairs = {k[:100]: to_subject(k[:100], q) for k, q in body.queries.items()}
    s = service.screen(
        db,
        settings,
        actor,
        {k: v[0] for k, v in pairs.items()},
        purpose=purpose,
        legal_basis=legal_basis,
        dataset=dataset,
        limit=limit,
        threshold=threshold,
        cutoff=cutoff,
    )
    return response(s, {k: v[1] for k, v in pairs.items()}, limit)
