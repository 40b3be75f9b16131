"""The automated compliance checks on a notice request (REFERENCE.md §1, Review), as pure,
versioned rules. No I/O: the caller gathers the context (measures, country notes, protected
status, existing notices) into a CheckInput.

A finding points a reviewer at facts and records them as evidence; it decides nothing. Each
rule's id is stable and its version changes whenever its logic or wording changes, so a
decision can say exactly which checks it relied on (see rule_versions).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from xborder.kernel.countries import country_name
from xborder.kernel.errors import Invalid
from xborder.notices.catalogue import (
    DISSENT_OFFENCES,
    EXCLUDED_OFFENCES,
    LINK_EXCEPTION_KINDS,
    SERIOUS_CRIME_LINKS,
    Kind,
    Match,
    catalogue_versions,
    classify,
)
from xborder.notices.domain import (
    DETAIL_FIELDS,
    PERSON_TYPES,
    JudicialBasis,
    NoticeContent,
    NoticeType,
    Offence,
    State,
    missing_data,
)


class Severity(StrEnum):
    BLOCKING = "blocking"
    REVIEW = "needs_review"
    INFO = "info"


_RANK = {Severity.BLOCKING: 0, Severity.REVIEW: 1, Severity.INFO: 2}

# Queue weights. A blocking finding outweighs up to nine review findings and a review finding
# up to nine info findings, so the queue is ordered by the worst severity first and, within
# it, by how much there is to look at. Blocking requests come first: they are usually quick
# refusals that should not sit in the queue while the requesting bureau waits.
SEVERITY_WEIGHT: dict[Severity, int] = {
    Severity.BLOCKING: 100,
    Severity.REVIEW: 10,
    Severity.INFO: 1,
}


@dataclass(frozen=True)
class Finding:
    rule_id: str
    rule_version: str
    severity: Severity
    message: str
    evidence: dict[str, Any]  # JSON-ready: the facts the rule relied on
    disclosable: bool  # may the requesting bureau be told this finding?


@dataclass(frozen=True)
class Measure:
    scopes: tuple[str, ...]
    reason: str
    starts_on: date


@dataclass(frozen=True)
class ContextEvent:
    kind: str  # election | protest | other
    starts_on: date
    ends_on: date | None
    label: str


@dataclass(frozen=True)
class Art2Risk:
    risk: str  # torture | unfair_trial | death_penalty | prison_conditions | other
    source: str
    note: str


@dataclass(frozen=True)
class ProtectedStatus:
    status: str
    confirmed: bool
    fled_country: str
    granting_country: str
    grounds_unrelated: bool
    match: str  # how the register entry matched: "linked record" or "name and date of birth"


@dataclass(frozen=True)
class ExistingNotice:
    number: str
    notice_type: str
    state: str
    requesting_country: str
    match: str


@dataclass(frozen=True)
class RuleConfig:
    """Thresholds are configuration, each with its source, so a change is a recorded decision
    (see rule_versions(config))."""

    prosecution_min_months: int = 24
    """RPD art. 83(1)(b)(i) as quoted by practitioners: punishable by at least two years."""

    sentence_min_months: int = 6
    """RPD art. 83(1)(b)(ii): a sentence of at least six months imposed..."""

    sentence_remaining_min_months: int = 6
    """...or at least six months left to serve (REFERENCE.md §1)."""

    timing_window_days: int = 90
    """No published figure. Ninety days covers a typical election campaign and the period in
    which prosecutions after a protest are opened; a wider window floods the queue."""


@dataclass(frozen=True)
class CheckInput:
    content: NoticeContent
    requesting_country: str
    submitted_on: date
    has_person: bool
    person_nationalities: tuple[str, ...] = ()
    measures: tuple[Measure, ...] = ()  # active on the requesting country
    country_note: str = ""
    events: tuple[ContextEvent, ...] = ()  # in the requesting country
    # country-level risks from the secretariat's context plus the reviewer's case-level sources
    art2_risks: tuple[Art2Risk, ...] = ()
    protected: tuple[ProtectedStatus, ...] = ()
    asylum_claim_on: date | None = None
    duplicates: tuple[ExistingNotice, ...] = ()
    particular_importance: bool = False  # set only by a reviewer's explicit decision


@dataclass(frozen=True)
class Rule:
    id: str
    version: str
    title: str
    source: str
    applies_to: frozenset[NoticeType]
    check: Callable[[CheckInput, RuleConfig], list[Finding]]


_VERSIONS: dict[str, str] = {
    "minimum_data": "1.0.0",
    "penalty_threshold": "1.1.0",
    "excluded_offence": "1.1.0",
    "art3_profile": "1.0.0",
    "art3_offence_type": "1.0.0",
    "art3_corrective_measures": "1.0.0",
    "art3_country_context": "1.0.0",
    "art3_timing": "1.0.0",
    "art2_risk": "1.0.0",
    "refugee_policy": "1.0.0",
    "duplicate": "1.0.0",
}


def _finding(
    rule_id: str, severity: Severity, message: str, evidence: dict[str, Any], disclosable: bool
) -> Finding:
    return Finding(rule_id, _VERSIONS[rule_id], severity, message, evidence, disclosable)


# --- shared helpers ----------------------------------------------------------------------


def _country(code: str) -> str:
    try:
        return f"{country_name(code)} ({code})"
    except Invalid:
        return code


def _offence_text(o: Offence) -> str:
    return f"{o.description}\n{o.law}" if o.law.strip() else o.description


def _texts(content: NoticeContent) -> list[tuple[str, str]]:
    """Every free text of a request, labelled the way a reviewer would point at it."""
    out = [("title", content.title), ("summary", content.summary)]
    j = content.judicial
    if j is not None:
        out += [(f"offence {i}", _offence_text(o)) for i, o in enumerate(j.offences, 1)]
        out.append(("facts summary", j.facts_summary))
    out += [(f"details.{k}", v) for k, v in sorted(content.details.items())]
    return [(field, text) for field, text in out if text.strip()]


def _match_json(field: str, m: Match) -> dict[str, Any]:
    return {
        "field": field,
        "category": m.category_id,
        "label": m.label,
        "kind": m.kind.value,
        "terms": list(m.terms),
    }


def _quoted(matches: Iterable[Match]) -> str:
    return "; ".join(f"{m.label.lower()} ({', '.join(f'“{t}”' for t in m.terms)})" for m in matches)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --- minimum data ------------------------------------------------------------------------

_ITEM_LABELS: dict[str, str] = {
    "person": "identity particulars of the person",
    "judicial.offences": "at least one offence",
    "judicial.offences.law": "the law that defines and punishes each offence",
    "judicial.offences.max_penalty_months": "the maximum penalty for each offence",
    "judicial.warrant_reference": "the reference of the arrest warrant or judgment",
    "judicial.issuing_authority": "the issuing authority",
    "judicial.facts_summary": "a summary of the facts",
    "judicial.facts_time": "the time of the alleged activity",
    "judicial.facts_place": "the place of the alleged activity",
    "judicial.extradition_countries": "the countries from which extradition will be sought",
    "judicial.sentence_imposed_months": "the sentence imposed",
}


def _item_label(item: str) -> str:
    if item.startswith("details."):
        return DETAIL_FIELDS.get(item.removeprefix("details."), item)
    return _ITEM_LABELS.get(item, item)


def check_minimum_data(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    missing = missing_data(inp.content, inp.has_person)
    if not missing:
        return []
    t = inp.content.notice_type
    where = "RPD art. 83(2)" if t == NoticeType.RED else "REFERENCE.md §1"
    message = (
        f"The request lacks the minimum data required for a {t.value.capitalize()} Notice"
        f" ({where}): {'; '.join(_item_label(m) for m in missing)}."
    )
    return [_finding("minimum_data", Severity.BLOCKING, message, {"missing": missing}, True)]


# --- penalty threshold -------------------------------------------------------------------

_EXCEPTION = (
    " The reviewer has invoked the exception for requests of particular importance to"
    " international police cooperation (RPD art. 83(1)(c)); the decision must justify it."
)


def _threshold_not_met(inp: CheckInput, message: str, evidence: dict[str, Any]) -> list[Finding]:
    evidence = {**evidence, "particular_importance": inp.particular_importance}
    if inp.particular_importance:
        return [
            _finding("penalty_threshold", Severity.REVIEW, message + _EXCEPTION, evidence, True)
        ]
    return [_finding("penalty_threshold", Severity.BLOCKING, message, evidence, True)]


def _threshold_unknown(message: str, evidence: dict[str, Any]) -> list[Finding]:
    return [_finding("penalty_threshold", Severity.REVIEW, message, evidence, True)]


def check_penalty_threshold(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    j = inp.content.judicial
    if j is None:
        return _threshold_unknown(
            "The penalty threshold (RPD art. 83(1)(b)) cannot be assessed: the request has no"
            " judicial data.",
            {"basis": None},
        )
    if j.basis == JudicialBasis.PROSECUTION:
        need = config.prosecution_min_months
        offences = [
            {"description": o.description, "max_penalty_months": o.max_penalty_months}
            for o in j.offences
        ]
        # An offence in an excluded category cannot carry the threshold for the others.
        excluded = [
            o.description for o in j.offences if classify(_offence_text(o), EXCLUDED_OFFENCES)
        ]
        known = [
            o.max_penalty_months
            for o in j.offences
            if o.max_penalty_months is not None and o.description not in excluded
        ]
        highest = max(known, default=None)
        evidence: dict[str, Any] = {
            "basis": "prosecution",
            "threshold_months": need,
            "highest_max_penalty_months": highest,
            "offences": offences,
            "not_counted_excluded": excluded,
        }
        if highest is not None and highest >= need:
            return []
        if excluded and any(
            (o.max_penalty_months or 0) >= need for o in j.offences if o.description in excluded
        ):
            return _threshold_not_met(
                inp,
                f"Only offences in excluded categories ({', '.join(excluded)}) are punishable by"
                f" at least {need} months; the others do not reach the threshold of RPD art."
                " 83(1)(b)(i).",
                evidence,
            )
        unknown = [o.description for o in j.offences if o.max_penalty_months is None]
        if not j.offences or unknown:
            what = ", ".join(f"“{d}”" for d in unknown) if unknown else "any offence"
            return _threshold_unknown(
                f"The penalty threshold (RPD art. 83(1)(b)(i)) cannot be assessed: the maximum"
                f" penalty for {what} is not given; a prosecution needs an offence punishable"
                f" by at least {need} months.",
                evidence,
            )
        return _threshold_not_met(
            inp,
            f"No offence is punishable by at least {need} months (the highest maximum penalty"
            f" given is {highest} months), as RPD art. 83(1)(b)(i) requires for a Red Notice"
            " for prosecution.",
            evidence,
        )
    imposed, left = j.sentence_imposed_months, j.sentence_remaining_months
    need_imposed, need_left = config.sentence_min_months, config.sentence_remaining_min_months
    evidence = {
        "basis": "sentence",
        "sentence_imposed_months": imposed,
        "sentence_remaining_months": left,
        "threshold_imposed_months": need_imposed,
        "threshold_remaining_months": need_left,
    }
    if (imposed is not None and imposed >= need_imposed) or (
        left is not None and left >= need_left
    ):
        return []
    # What is left to serve cannot exceed what was imposed, so a short sentence settles both.
    left_at_most = left if left is not None else imposed
    if imposed is None or left_at_most is None or left_at_most >= need_left:
        return _threshold_unknown(
            f"The penalty threshold (RPD art. 83(1)(b)(ii)) cannot be assessed: the sentence"
            f" imposed is {_months(imposed)} and the part left to serve is {_months(left)};"
            f" at least {need_imposed} months imposed or {need_left} months left to serve is"
            " required.",
            evidence,
        )
    return _threshold_not_met(
        inp,
        f"The sentence imposed ({_months(imposed)}) and the part left to serve"
        f" ({_months(left)}) are both below the threshold of RPD art. 83(1)(b)(ii): at least"
        f" {need_imposed} months imposed or {need_left} months left to serve.",
        evidence,
    )


def _months(v: int | None) -> str:
    return "not given" if v is None else _plural(v, "month")


# --- excluded offences -------------------------------------------------------------------


def check_excluded_offence(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    c = inp.content
    j = c.judicial
    offences = j.offences if j is not None else ()
    context = [(f, t) for f, t in _texts(c) if not f.startswith("offence ")]
    context_links = [(f, m) for f, t in context for m in classify(t, SERIOUS_CRIME_LINKS)]
    rescue_links: list[Match] = []
    units: list[dict[str, Any]] = []
    excluded: list[tuple[str, list[Match], bool]] = []  # field, matches, rescued by a link
    for i, o in enumerate(offences, 1):
        field = f"offence {i}"
        text = _offence_text(o)
        matches = classify(text, EXCLUDED_OFFENCES)
        links = [(field, m) for m in classify(text, SERIOUS_CRIME_LINKS)] + context_links
        rescued = (
            bool(matches) and bool(links) and all(m.kind in LINK_EXCEPTION_KINDS for m in matches)
        )
        units.append(
            {
                "offence": i,
                "description": o.description,
                "matches": [_match_json(field, m) for m in matches],
                "excluded": bool(matches) and not rescued,
                "link_to_serious_crime": [_match_json(f, m) for f, m in links] if rescued else [],
            }
        )
        if matches:
            excluded.append((field, matches, rescued))
        if rescued:
            rescue_links += [m for _, m in links if m not in rescue_links]
    context_matches = [(f, m) for f, t in context for m in classify(t, EXCLUDED_OFFENCES)]
    if not excluded and not context_matches:
        return []
    evidence: dict[str, Any] = {
        "catalogue": EXCLUDED_OFFENCES.id,
        "catalogue_version": EXCLUDED_OFFENCES.version,
        "offences": units,
        "other_text_matches": [_match_json(f, m) for f, m in context_matches],
        "links_in_facts": [_match_json(f, m) for f, m in context_links],
    }
    cite = "RPD art. 83(1)(a)(ii)"
    described = "; ".join(f"{field}: {_quoted(ms)}" for field, ms, _ in excluded)
    rescued_note = ""
    if any(r for _, _, r in excluded):
        rescued_note = (
            " Administrative breaches and private disputes are excluded unless the activity is"
            " aimed at facilitating serious crime or linked to organised crime, and the request"
            f" states such a link: {_quoted(rescue_links)}. Assess it."
        )
    if offences and len(excluded) == len(offences):
        # The catalogue binds Red Notices (RPD art. 83); for Blue and Green it is a warning.
        if not any(r for _, _, r in excluded) and c.notice_type == NoticeType.RED:
            return [
                _finding(
                    "excluded_offence",
                    Severity.BLOCKING,
                    f"Every offence falls in a category excluded from Red Notices ({cite}):"
                    f" {described}.",
                    evidence,
                    True,
                )
            ]
        message = f"Every offence matches a category excluded by {cite}: {described}.{rescued_note}"
    elif excluded:
        message = (
            f"Some offences fall in categories excluded by {cite}: {described}. Only the"
            f" others can support the notice.{rescued_note}"
        )
    else:
        found = "; ".join(f"{f}: {_quoted([m])}" for f, m in context_matches)
        message = (
            f"The request's text mentions a category excluded by {cite} ({found}); check that"
            " the activity is a serious ordinary-law crime."
        )
    return [_finding("excluded_offence", Severity.REVIEW, message, evidence, True)]


# --- art. 3 ------------------------------------------------------------------------------

_ART3 = "Constitution art. 3"


def _profiles(content: NoticeContent) -> list[str]:
    return sorted(p.value for p in content.profile)


def _who(profiles: list[str]) -> str:
    words = [p.replace("_", " ") for p in profiles]
    return " and ".join(f"{'an' if w[0] in 'aeiou' else 'a'} {w}" for w in words)


def check_art3_profile(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    profiles = _profiles(inp.content)
    if not profiles:
        return []
    who = _who(profiles)
    return [
        _finding(
            "art3_profile",
            Severity.REVIEW,
            f"The person is described as {who}. The person's status is a factor of the"
            f" predominance test ({_ART3}): assess whether the political, military, religious or"
            " racial element predominates over the ordinary-law element.",
            {"profiles": profiles},
            False,
        )
    ]


def check_art3_offence_type(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    profiles = _profiles(inp.content)
    found: list[tuple[str, Match]] = []
    for field, text in _texts(inp.content):
        for m in classify(text, DISSENT_OFFENCES):
            if m.kind == Kind.POLITICAL_CONTEXT and not profiles:
                continue  # fraud is ordinary law unless the person's profile is political
            found.append((field, m))
    if not found:
        return []
    merged: dict[str, Match] = {}
    for _, m in found:
        prev = merged.get(m.category_id)
        terms = (
            m.terms if prev is None else (*prev.terms, *(t for t in m.terms if t not in prev.terms))
        )
        merged[m.category_id] = Match(m.category_id, m.label, m.kind, terms)
    message = (
        f"The offences or facts include terms often used against dissent:"
        f" {_quoted(merged.values())}. The nature of the offence is a factor of the"
        f" predominance test ({_ART3})."
    )
    if any(m.kind == Kind.POLITICAL_CONTEXT for m in merged.values()):
        message += (
            " Fraud, embezzlement or money-laundering charges are an indicator here only"
            f" because the person is described as {_who(profiles)}."
        )
    evidence = {
        "catalogue": DISSENT_OFFENCES.id,
        "catalogue_version": DISSENT_OFFENCES.version,
        "matches": [_match_json(f, m) for f, m in found],
        "profiles": profiles,
    }
    return [_finding("art3_offence_type", Severity.REVIEW, message, evidence, False)]


def _scopes(m: Measure) -> str:
    return ", ".join(str(s).replace("_", " ") for s in m.scopes) or "no scope recorded"


def check_art3_corrective_measures(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    if not inp.measures:
        return []
    parts = [f"since {m.starts_on.isoformat()} ({_scopes(m)}): {m.reason}" for m in inp.measures]
    return [
        _finding(
            "art3_corrective_measures",
            Severity.REVIEW,
            f"The requesting country, {_country(inp.requesting_country)}, has been under corrective"
            f" measures {'; '.join(parts)}. Every request from it is checked before publication"
            " (REFERENCE.md §2).",
            {
                "requesting_country": inp.requesting_country,
                "measures": [
                    {
                        "scopes": list(m.scopes),
                        "reason": m.reason,
                        "starts_on": m.starts_on.isoformat(),
                    }
                    for m in inp.measures
                ],
            },
            False,
        )
    ]


def check_art3_country_context(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    note = inp.country_note.strip()
    if not note:
        return []
    return [
        _finding(
            "art3_country_context",
            Severity.INFO,
            f"The Secretariat's context note on {_country(inp.requesting_country)}: {note}",
            {"requesting_country": inp.requesting_country, "note": note},
            False,
        )
    ]


_MONTHS = {
    name: i
    for i, full in enumerate(calendar.month_name)
    if full
    for name in (full.lower(), full.lower()[:3])
}
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b(?!-\d)")
_NAMED = re.compile(r"\b(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})\b")


def facts_period(facts_time: str) -> tuple[date, date] | None:
    """The period a free-text facts time covers: ISO days or months and "June 2022" or
    "3 June 2022"; bare years are too coarse to time anything and are ignored."""
    spans: list[tuple[date, date]] = []
    text = facts_time.lower()

    def month(y: int, m: int) -> tuple[date, date]:
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])

    for rx in (_ISO_DAY, _ISO_MONTH, _NAMED):
        for hit in rx.finditer(text):
            try:
                if rx is _ISO_DAY:
                    d = date(int(hit[1]), int(hit[2]), int(hit[3]))
                    spans.append((d, d))
                elif rx is _ISO_MONTH:
                    spans.append(month(int(hit[1]), int(hit[2])))
                elif hit[2] in _MONTHS:
                    y, m = int(hit[3]), _MONTHS[hit[2]]
                    if hit[1]:
                        d = date(y, m, int(hit[1]))
                        spans.append((d, d))
                    else:
                        spans.append(month(y, m))
            except ValueError:
                continue
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def _gap(a: tuple[date, date], b: tuple[date, date]) -> tuple[int, str]:
    """Days between two periods and where the first lies relative to the second."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days, "before"
    if a[0] > b[1]:
        return (a[0] - b[1]).days, "after"
    return 0, "during"


def _period_text(p: tuple[date, date]) -> str:
    return p[0].isoformat() if p[0] == p[1] else f"{p[0].isoformat()} to {p[1].isoformat()}"


def check_art3_timing(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    out: list[Finding] = []
    j = inp.content.judicial
    anchors: list[tuple[str, tuple[date, date]]] = []
    period = facts_period(j.facts_time) if j is not None else None
    if period is not None:
        anchors.append(("facts", period))
    if j is not None and j.warrant_date is not None:
        anchors.append(("warrant", (j.warrant_date, j.warrant_date)))
    anchors.append(("request", (inp.submitted_on, inp.submitted_on)))
    near: list[dict[str, Any]] = []
    sentences: list[str] = []
    names = {"facts": "the facts", "warrant": "the warrant", "request": "the request"}
    for ev in inp.events:
        if ev.kind not in ("election", "protest"):
            continue
        ev_period = (ev.starts_on, ev.ends_on or ev.starts_on)
        for anchor, p in anchors:
            gap, where = _gap(p, ev_period)
            if gap > config.timing_window_days:
                continue
            near.append(
                {
                    "anchor": anchor,
                    "anchor_from": p[0].isoformat(),
                    "anchor_to": p[1].isoformat(),
                    "event": ev.label,
                    "event_kind": ev.kind,
                    "event_starts_on": ev_period[0].isoformat(),
                    "event_ends_on": ev_period[1].isoformat(),
                    "gap_days": gap,
                    "position": where,
                }
            )
            when = "during" if where == "during" else f"{_plural(gap, 'day')} {where}"
            sentences.append(
                f"{names[anchor]} ({_period_text(p)}): {when} the {ev.kind} “{ev.label}”"
                f" ({_period_text(ev_period)})"
            )
    if near:
        out.append(
            _finding(
                "art3_timing",
                Severity.REVIEW,
                f"Timing close to political events in the requesting country (window"
                f" {config.timing_window_days} days): {'; '.join(sentences)}. General context is"
                f" a factor of the predominance test ({_ART3}).",
                {
                    "window_days": config.timing_window_days,
                    "facts_time": j.facts_time if j is not None else None,
                    "near_events": near,
                },
                False,
            )
        )
    claim = inp.asylum_claim_on
    if claim is not None and inp.has_person and inp.submitted_on >= claim:
        gap = (inp.submitted_on - claim).days
        out.append(
            _finding(
                "art3_timing",
                Severity.REVIEW,
                f"The request was made {_plural(gap, 'day')} after the person's asylum claim"
                f" ({claim.isoformat()}). A request that follows an asylum claim may aim at the"
                f" claimant rather than at an ordinary-law crime ({_ART3}).",
                {
                    "asylum_claim_on": claim.isoformat(),
                    "submitted_on": inp.submitted_on.isoformat(),
                    "gap_days": gap,
                },
                False,
            )
        )
    return out


# --- art. 2 --------------------------------------------------------------------------------


def check_art2_risk(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    if not inp.art2_risks:
        return []
    listed = "; ".join(
        f"{r.risk.replace('_', ' ')} (source: {r.source or 'not given'})" for r in inp.art2_risks
    )
    return [
        _finding(
            "art2_risk",
            Severity.REVIEW,
            f"Human-rights risks are recorded for this request: {listed}. Assess under"
            " Constitution art. 2 (spirit of the Universal Declaration of Human Rights) whether"
            " the notice may be published and with which safeguards.",
            {"risks": [asdict(r) for r in inp.art2_risks]},
            False,
        )
    ]


# --- refugee policy ------------------------------------------------------------------------

_REFUGEE = "policy on refugees (2015)"
_LINKED = "linked record"


def check_refugee_policy(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    """Never names the protecting state in a message: the requesting country is not told
    which state granted protection (REFERENCE.md §1); it stays in the evidence."""
    out: list[Finding] = []
    for p in inp.protected:
        status = p.status.replace("_", " ")
        evidence = {
            "status": p.status,
            "confirmed": p.confirmed,
            "fled_country": p.fled_country,
            "granting_country": p.granting_country,
            "grounds_unrelated": p.grounds_unrelated,
            "match": p.match,
            "requesting_country": inp.requesting_country,
            "person_nationalities": list(inp.person_nationalities),
        }
        identity = (
            ""
            if p.match == _LINKED
            else f" The register entry matched by {p.match}: confirm it is the same person."
        )
        if p.fled_country != inp.requesting_country:
            sev = Severity.INFO
            message = (
                f"The person holds {status} status in relation to another country than the"
                f" requesting one; the {_REFUGEE} does not bar this request, but the reviewer"
                " should weigh it."
            )
        elif p.grounds_unrelated:
            sev = Severity.INFO
            message = (
                f"The person holds {status} status in relation to the requesting country,"
                " granted on grounds unrelated to it; the"
                f" {_REFUGEE} does not in itself bar the request."
            )
        elif p.confirmed:
            sev = Severity.BLOCKING
            message = (
                f"The person has confirmed {status} status and the request comes from the"
                f" country the person fears persecution in; under the {_REFUGEE} such requests"
                " are in general refused. The protecting state is not disclosed to the"
                " requesting bureau."
            )
        else:
            sev = Severity.REVIEW
            message = (
                f"A {status} status or claim against the requesting country is recorded but"
                f" not confirmed; confirm it with the protecting state before deciding"
                f" ({_REFUGEE})."
            )
        out.append(_finding("refugee_policy", sev, message + identity, evidence, False))
    return out


# --- duplicates ----------------------------------------------------------------------------

_LIVE = {
    State.AWAITING_APPROVAL.value,
    State.REQUESTED.value,
    State.MORE_INFO.value,
    State.PUBLISHED.value,
    State.SUSPENDED.value,
}
_TURNED_DOWN = {State.REFUSED.value, State.CANCELLED.value, State.DELETED.value}


def check_duplicate(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    out: list[Finding] = []
    t = inp.content.notice_type.value
    for d in inp.duplicates:
        same_country = d.requesting_country == inp.requesting_country
        evidence = {
            "number": d.number,
            "notice_type": d.notice_type,
            "state": d.state,
            "requesting_country": d.requesting_country,
            "match": d.match,
            "same_requester": same_country,
        }
        what = (
            f"{d.notice_type} notice {d.number} ({d.state.replace('_', ' ')}, matched by {d.match})"
        )
        if d.state in _TURNED_DOWN:
            out.append(
                _finding(
                    "duplicate",
                    Severity.REVIEW,
                    f"A previous request for this person, {what}, was {d.state.replace('_', ' ')};"
                    " check what has changed since.",
                    evidence,
                    same_country,
                )
            )
        elif d.state not in _LIVE:
            continue
        elif same_country and d.notice_type == t:
            out.append(
                _finding(
                    "duplicate",
                    Severity.REVIEW,
                    f"The requesting country already has {what} for this person; this request is"
                    " likely a duplicate.",
                    evidence,
                    True,
                )
            )
        elif same_country:
            out.append(
                _finding(
                    "duplicate",
                    Severity.INFO,
                    f"The requesting country also has {what} for this person.",
                    evidence,
                    True,
                )
            )
        else:
            out.append(
                _finding(
                    "duplicate",
                    Severity.INFO,
                    f"Another country, {_country(d.requesting_country)}, has {what} for this"
                    " person.",
                    evidence,
                    False,
                )
            )
    return out


# --- the rule set ----------------------------------------------------------------------------

_ALL = frozenset(NoticeType)
_COUNTRY_REQUESTS = _ALL - {NoticeType.UN}  # UN Special Notices are not a country's request
_PERSONS = PERSON_TYPES - {NoticeType.UN}
_CRIMINAL = frozenset({NoticeType.RED, NoticeType.BLUE, NoticeType.GREEN})
_REF = "REFERENCE.md §1"

RULES: tuple[Rule, ...] = (
    Rule(
        "minimum_data",
        _VERSIONS["minimum_data"],
        "Minimum data",
        f"{_REF}, conditions for a Red Notice (RPD art. 83(2)) and each type's own facts",
        _ALL,
        check_minimum_data,
    ),
    Rule(
        "penalty_threshold",
        _VERSIONS["penalty_threshold"],
        "Penalty threshold",
        f"{_REF}, conditions for a Red Notice (RPD art. 83(1)(b), exception art. 83(1)(c))",
        frozenset({NoticeType.RED}),
        check_penalty_threshold,
    ),
    Rule(
        "excluded_offence",
        _VERSIONS["excluded_offence"],
        "Offence excluded from notices",
        f"{_REF}, conditions for a Red Notice (RPD art. 83(1)(a)(ii)); catalogue"
        f" {EXCLUDED_OFFENCES.id}",
        _CRIMINAL,
        check_excluded_offence,
    ),
    Rule(
        "art3_profile",
        _VERSIONS["art3_profile"],
        "Art. 3: status of the person",
        f"{_REF}, Constitution art. 3, predominance test (status of the person)",
        _PERSONS,
        check_art3_profile,
    ),
    Rule(
        "art3_offence_type",
        _VERSIONS["art3_offence_type"],
        "Art. 3: offences often used against dissent",
        f"{_REF}, Constitution art. 3, predominance test (nature of the offence); catalogue"
        f" {DISSENT_OFFENCES.id}",
        _COUNTRY_REQUESTS,
        check_art3_offence_type,
    ),
    Rule(
        "art3_corrective_measures",
        _VERSIONS["art3_corrective_measures"],
        "Art. 3: requesting country under corrective measures",
        "REFERENCE.md §2, corrective measures",
        _COUNTRY_REQUESTS,
        check_art3_corrective_measures,
    ),
    Rule(
        "art3_country_context",
        _VERSIONS["art3_country_context"],
        "Art. 3: country context",
        f"{_REF}, Constitution art. 3, predominance test (general context)",
        _COUNTRY_REQUESTS,
        check_art3_country_context,
    ),
    Rule(
        "art3_timing",
        _VERSIONS["art3_timing"],
        "Art. 3: timing against elections, protests and asylum claims",
        f"{_REF}, Constitution art. 3, predominance test (general context)",
        _COUNTRY_REQUESTS,
        check_art3_timing,
    ),
    Rule(
        "art2_risk",
        _VERSIONS["art2_risk"],
        "Art. 2: human-rights risks",
        f"{_REF}, Constitution art. 2 (human rights)",
        _CRIMINAL,
        check_art2_risk,
    ),
    Rule(
        "refugee_policy",
        _VERSIONS["refugee_policy"],
        "Refugee policy",
        f"{_REF}, refugee policy (since 2015)",
        _PERSONS,
        check_refugee_policy,
    ),
    Rule(
        "duplicate",
        _VERSIONS["duplicate"],
        "Existing notices for the person",
        f"{_REF}, review (automated checks: duplicates)",
        PERSON_TYPES,
        check_duplicate,
    ),
)


def run_checks(inp: CheckInput, config: RuleConfig = RuleConfig()) -> list[Finding]:
    """Every rule that applies to the request's type; blocking first, then review, then info
    (rule order within a severity)."""
    t = inp.content.notice_type
    findings = [f for r in RULES if t in r.applies_to for f in r.check(inp, config)]
    return sorted(findings, key=lambda f: _RANK[f.severity])


def risk_score(findings: Iterable[Finding]) -> int:
    """Orders the review queue (see SEVERITY_WEIGHT)."""
    return sum(SEVERITY_WEIGHT[f.severity] for f in findings)


def rule_versions(config: RuleConfig | None = None) -> dict[str, str]:
    """What a decision records: each rule's version and each catalogue's, and with a config
    its thresholds (as "config.<name>")."""
    out = {r.id: r.version for r in RULES}
    out.update(catalogue_versions())
    if config is not None:
        out.update({f"config.{k}": str(v) for k, v in asdict(config).items()})
    return out
