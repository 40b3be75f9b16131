"""The yente matching API's request and response shapes (REFERENCE.md §6), so clients
written for yente screen against xborder unchanged. Pure: FtM queries in, yente answers out."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from xborder.kernel.errors import Invalid
from xborder.screening import matching
from xborder.screening.config import DEFAULT as DEFAULT_CONFIG
from xborder.screening.config import RATIONALE
from xborder.screening.model import NameForm, Subject
from xborder.screening.service import Candidate, Screening
from xborder.screening.sources import country_or_none

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


def result(c: Candidate) -> dict[str, Any]:
    """One yente result: the entity, its score, `match`, and the evidence per feature."""
    m = c.meta
    props = dict(m.properties)
    if c.flagged_by_you:
        props["notes"] = [
            *props.get("notes", []),
            "Flagged by your country: no action on its territory.",
        ]
    return {
        "id": c.entry_id,
        "caption": m.caption,
        "schema": m.schema,
        "properties": props,
        "datasets": [m.dataset],
        "referents": [],
        "target": True,
        "score": round(c.score, 4),
        "match": c.match,
        "features": {f.name: round(f.score, 4) for f in c.features if f.score is not None},
        "explanations": {
            f.name: {"score": None if f.score is None else round(f.score, 4), "detail": f.detail}
            for f in c.features
        },
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
                "docs": "/api/v1/screen/datasets",
                "features": {
                    name: {"description": text, "coefficient": coef, "url": ""}
                    for name, (coef, text) in features.items()
                },
            }
        ],
        "default": matching.ALGORITHM,
        "best": matching.ALGORITHM,
    }
