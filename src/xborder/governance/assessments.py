"""Assessments as data: the risk and readiness questionnaires (by the Toolkit's five principles
and their instrumental principles), the fundamental rights impact assessment template (AI Act
art. 27) and the likelihood x impact scales with the risk matrix. Pure: templates in, checked
answers and summaries out. Editing the JSON files in `data/` changes the questionnaires; their
`id` and the scales' `id` are recorded with every answer set, with the gaps and summary judged
when it was saved, so old answers keep meaning what they meant."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from xborder.kernel.errors import Invalid

DATA = Path(__file__).parent / "data"
MAX_TEXT = 5000


class Kind(StrEnum):
    RISK = "risk"
    READINESS = "readiness"
    FRIA = "fria"


KIND_LABELS = {
    Kind.RISK: "Risk assessment",
    Kind.READINESS: "Organisational readiness",
    Kind.FRIA: "Fundamental rights impact assessment",
}
_FILES = {
    Kind.RISK: "risk_questionnaire.json",
    Kind.READINESS: "readiness_questionnaire.json",
    Kind.FRIA: "fria_template.json",
}


@cache
def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text("utf-8"))
    return data


def scales() -> dict[str, Any]:
    return _load("scales.json")


def template(kind: Kind | str) -> dict[str, Any]:
    return _load(_FILES[parse_kind(kind)])


def parse_kind(value: Kind | str) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        raise Invalid(
            f"unknown assessment {value!r}", field="kind", allowed=[k.value for k in Kind]
        ) from None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    principle: str
    instrumental: str


def questions(kind: Kind | str) -> list[Question]:
    t = template(kind)
    if "items" in t:
        return [Question(i["id"], i["text"], "", "") for i in t["items"]]
    return [
        Question(q["id"], q["text"], p["name"], ip["name"])
        for p in t["principles"]
        for ip in p["instrumental"]
        for q in ip["questions"]
    ]


def risk_level(likelihood: int, impact: int, config: Mapping[str, Any] | None = None) -> str:
    """The risk matrix: likelihood x impact, banded by the configured thresholds."""
    cfg = config or scales()
    product = likelihood * impact
    for band in cfg["matrix"]:
        if product <= int(band["up_to"]):
            return str(band["level"])
    return str(cfg["matrix"][-1]["level"])


def levels(config: Mapping[str, Any] | None = None) -> list[str]:
    cfg = config or scales()
    return [str(b["level"]) for b in cfg["matrix"]]


def needs_mitigation(level: str, config: Mapping[str, Any] | None = None) -> bool:
    cfg = config or scales()
    order = levels(cfg)
    return order.index(level) >= order.index(str(cfg["mitigation_required_from"]))


def _int(v: Any, allowed: set[int], where: str) -> int | None:
    """A rating: a whole number (or its digits, from a form) on the scale. Not a boolean,
    not a fraction rounded down, not infinity."""
    if v is None or v == "":
        return None
    if isinstance(v, int) and not isinstance(v, bool):
        n: int | None = v
    elif isinstance(v, str) and v.strip().isascii() and v.strip().isdigit():
        n = int(v.strip())
    else:
        n = None
    if n is None or n not in allowed:
        raise Invalid(f"{where} must be one of {sorted(allowed)}", field=where)
    return n


def _text(v: Any, where: str) -> str:
    text = str(v or "").strip()
    if len(text) > MAX_TEXT:
        raise Invalid(f"{where} is too long (max {MAX_TEXT})", field=where)
    return text


def check_answers(kind: Kind | str, answers: Any) -> dict[str, dict[str, Any]]:
    """Answers as stored: only known questions, ratings on the scales, texts bounded. A partial
    set is allowed (a draft); `complete` says whether it can be signed off."""
    k = parse_kind(kind)
    if not isinstance(answers, Mapping):
        raise Invalid("answers must be an object keyed by question id", field="answers")
    known = {q.id for q in questions(k)}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise Invalid(f"unknown question(s): {', '.join(unknown)}", field="answers")
    cfg = scales()
    out: dict[str, dict[str, Any]] = {}
    for qid, a in answers.items():
        if not isinstance(a, Mapping):
            raise Invalid(f"answer {qid} must be an object", field=qid)
        if k == Kind.RISK:
            row: dict[str, Any] = {
                "likelihood": _int(
                    a.get("likelihood"),
                    {s["value"] for s in cfg["likelihood"]},
                    f"{qid}.likelihood",
                ),
                "impact": _int(
                    a.get("impact"), {s["value"] for s in cfg["impact"]}, f"{qid}.impact"
                ),
                "mitigation": _text(a.get("mitigation"), f"{qid}.mitigation"),
            }
        elif k == Kind.READINESS:
            row = {
                "level": _int(
                    a.get("level"), {s["value"] for s in cfg["readiness"]}, f"{qid}.level"
                ),
                "notes": _text(a.get("notes"), f"{qid}.notes"),
            }
        else:
            row = {"text": _text(a.get("text"), f"{qid}.text")}
        out[str(qid)] = row
    return out


def gaps(kind: Kind | str, answers: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """What stops a sign-off: unanswered questions, and risks at or above the configured level
    without a mitigation."""
    k = parse_kind(kind)
    out = []
    for q in questions(k):
        a = answers.get(q.id) or {}
        if k == Kind.RISK:
            if a.get("likelihood") is None or a.get("impact") is None:
                out.append(f"{q.id}: rate likelihood and impact")
            elif needs_mitigation(risk_level(a["likelihood"], a["impact"])) and not a.get(
                "mitigation"
            ):
                out.append(
                    f"{q.id}: a {risk_level(a['likelihood'], a['impact'])} risk needs a mitigation"
                )
        elif k == Kind.READINESS:
            if a.get("level") is None:
                out.append(f"{q.id}: choose a level")
        elif not a.get("text"):
            out.append(f"item {q.id}: answer it")
    return out


def summary(kind: Kind | str, answers: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Per principle: for risks the highest level and the count per level; for readiness the
    lowest maturity. Overall: the highest risk level (or lowest maturity)."""
    k = parse_kind(kind)
    cfg = scales()
    if k == Kind.FRIA:
        answered = sum(1 for q in questions(k) if (answers.get(q.id) or {}).get("text"))
        return {"answered": answered, "items": len(questions(k))}
    by: dict[str, dict[str, Any]] = {}
    order = levels(cfg)
    for q in questions(k):
        a = answers.get(q.id) or {}
        p = by.setdefault(q.principle, {"principle": q.principle, "counts": {}, "worst": None})
        if k == Kind.RISK and a.get("likelihood") and a.get("impact"):
            lvl = risk_level(a["likelihood"], a["impact"], cfg)
            p["counts"][lvl] = p["counts"].get(lvl, 0) + 1
            if p["worst"] is None or order.index(lvl) > order.index(p["worst"]):
                p["worst"] = lvl
        elif (
            k == Kind.READINESS
            and a.get("level") is not None
            and (p["worst"] is None or a["level"] < p["worst"])
        ):
            p["worst"] = a["level"]
    principles = list(by.values())
    worsts = [p["worst"] for p in principles if p["worst"] is not None]
    if k == Kind.RISK:
        overall = max(worsts, key=order.index) if worsts else None
    else:
        overall = min(worsts) if worsts else None
    return {"principles": principles, "overall": overall}


def valid_until(signed_at: datetime, config: Mapping[str, Any] | None = None) -> datetime:
    """A signed risk assessment is current for the configured period, then must be redone."""
    cfg = config or scales()
    return signed_at + timedelta(days=int(cfg["review_after_days"]))
