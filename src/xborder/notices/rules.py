"""The automated compliance checks on a notice request (docs/reference/notices.md, Review), as pure,
versioned rules. No I/O: the caller gathers the context (measures, the country's sourced
record, protected status, profiles, history, existing notices) into a CheckInput.

A finding points a reviewer at facts and records them as evidence; it decides nothing. Each
rule's id is stable and its version changes whenever its logic or wording changes, so a
decision can say exactly which checks it relied on (see rule_versions). The art. 3 and art. 2
rules live in `political` and `humanrights`; the shared types in `rulebase`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from xborder.notices.catalogue import (
    EXCLUDED_OFFENCES,
    LINK_EXCEPTION_KINDS,
    SERIOUS_CRIME_LINKS,
    Catalogue,
    Category,
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
    State,
    missing_data,
)
from xborder.notices.humanrights import check_art2_assurance, check_art2_risk
from xborder.notices.political import check_art3_predominance
from xborder.notices.rulebase import (
    GROUNDS,
    RANK,
    SUBSTANTIVE,
    VERSIONS,
    Art2Risk,
    CheckInput,
    ContextEvent,
    ExistingNotice,
    Finding,
    Ground,
    HistoryItem,
    Measure,
    ProfileFact,
    ProtectedStatus,
    RequesterRecord,
    RuleConfig,
    Severity,
    country_label,
    make_finding,
    match_json,
    offence_text,
    plural,
    quoted,
    texts,
)
from xborder.safeguards import charges
from xborder.safeguards import queue as queue_score
from xborder.safeguards.charges import Kind as ChargeKind
from xborder.safeguards.charges import analyse as charge_analyse
from xborder.safeguards.charges import catalogue as charge_catalogue
from xborder.safeguards.periods import facts_period

__all__ = [
    "GROUNDS",
    "RULES",
    "SUBSTANTIVE",
    "Art2Risk",
    "CheckInput",
    "ContextEvent",
    "ExistingNotice",
    "Finding",
    "Ground",
    "HistoryItem",
    "Measure",
    "ProfileFact",
    "ProtectedStatus",
    "RequesterRecord",
    "Rule",
    "RuleConfig",
    "Severity",
    "facts_period",
    "risk_score",
    "rule_versions",
    "run_checks",
]


@dataclass(frozen=True)
class Rule:
    id: str
    version: str
    title: str
    source: str
    applies_to: frozenset[NoticeType]
    check: Callable[[CheckInput, RuleConfig], list[Finding]]


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
    where = "RPD art. 83(2)" if t == NoticeType.RED else "docs/reference/notices.md"
    message = (
        f"The request lacks the minimum data required for a {t.value.capitalize()} Notice"
        f" ({where}): {'; '.join(_item_label(m) for m in missing)}."
    )
    return [make_finding("minimum_data", Severity.BLOCKING, message, {"missing": missing}, True)]


# --- penalty threshold -------------------------------------------------------------------

_EXCEPTION = (
    " The reviewer has invoked the exception for requests of particular importance to"
    " international police cooperation (RPD art. 83(1)(c)); the decision must justify it."
)


def _threshold_not_met(inp: CheckInput, message: str, evidence: dict[str, Any]) -> list[Finding]:
    evidence = {**evidence, "particular_importance": inp.particular_importance}
    if inp.particular_importance:
        return [
            make_finding("penalty_threshold", Severity.REVIEW, message + _EXCEPTION, evidence, True)
        ]
    return [make_finding("penalty_threshold", Severity.BLOCKING, message, evidence, True)]


def _threshold_unknown(message: str, evidence: dict[str, Any]) -> list[Finding]:
    return [make_finding("penalty_threshold", Severity.REVIEW, message, evidence, True)]


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
        all_texts = [t for _, t in texts(inp.content)]
        excluded = [o.description for o in j.offences if _excluded(offence_text(o), all_texts)]
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
    return "not given" if v is None else plural(v, "month")


# --- excluded offences -------------------------------------------------------------------


def _excluded(text: str, request: Iterable[str] = ()) -> list[Match]:
    """The excluded-offence catalogue's categories, plus the charge families it does not
    cover that are also excluded (insult of officials, religious offences), read in every
    language of the charge-pattern catalogue. A category's `unless` terms anywhere in the
    request take it out (prostitution in a trafficking case is exploitation, not a
    behavioural-norm offence)."""
    others = list(request)
    found = [
        m
        for m in classify(text, EXCLUDED_OFFENCES)
        if not any(classify(t, _ONLY[m.category_id]) for t in others)
    ]
    cat = charge_catalogue()
    for m in charges.match_text("", text):
        seen = {t.casefold() for x in found for t in x.terms}
        if cat.family(m.family).excluded_offence and not any(
            q.casefold() in seen or any(q.casefold() in t for t in seen) for q in m.quotes
        ):
            found.append(Match(m.family, m.label, Kind.DISSENT, m.quotes))
    return found


# Each excluded category's `unless` terms as a one-category catalogue, to look for them in the
# rest of the request.
_ONLY = {
    c.id: Catalogue(
        f"{c.id}-unless",
        EXCLUDED_OFFENCES.version,
        "",
        (Category(c.id, c.label, c.kind, (), c.unless),) if c.unless else (),
    )
    for c in EXCLUDED_OFFENCES.categories
}


def _all_offences_ordinary(c: NoticeContent) -> list[str]:
    """The ordinary-law families (homicide, drugs, robbery...) of the offences charged, when
    every offence has one; otherwise empty."""
    j = c.judicial
    if j is None or not j.offences:
        return []
    out: list[str] = []
    for i, o in enumerate(j.offences, 1):
        field = f"offence {i}"
        families = [
            m.family
            for m in charge_analyse([(field, offence_text(o))])
            if m.kind == ChargeKind.ORDINARY
        ]
        if not families:
            return []
        out += [f for f in families if f not in out]
    return out


def check_excluded_offence(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    c = inp.content
    j = c.judicial
    offences = j.offences if j is not None else ()
    context = [(f, t) for f, t in texts(c) if not f.startswith("offence ")]
    all_texts = [t for _, t in texts(c)]
    context_links = [(f, m) for f, t in context for m in classify(t, SERIOUS_CRIME_LINKS)]
    rescue_links: list[Match] = []
    units: list[dict[str, Any]] = []
    excluded: list[tuple[str, list[Match], bool]] = []  # field, matches, rescued by a link
    for i, o in enumerate(offences, 1):
        field = f"offence {i}"
        text = offence_text(o)
        matches = _excluded(text, all_texts)
        links = [(field, m) for m in classify(text, SERIOUS_CRIME_LINKS)] + context_links
        rescued = (
            bool(matches) and bool(links) and all(m.kind in LINK_EXCEPTION_KINDS for m in matches)
        )
        units.append(
            {
                "offence": i,
                "description": o.description,
                "matches": [match_json(field, m) for m in matches],
                "excluded": bool(matches) and not rescued,
                "link_to_serious_crime": [match_json(f, m) for f, m in links] if rescued else [],
            }
        )
        if matches:
            excluded.append((field, matches, rescued))
        if rescued:
            rescue_links += [m for _, m in links if m not in rescue_links]
    context_matches = [(f, m) for f, t in context for m in _excluded(t, all_texts)]
    if not excluded and not context_matches:
        return []
    evidence: dict[str, Any] = {
        "catalogue": EXCLUDED_OFFENCES.id,
        "catalogue_version": EXCLUDED_OFFENCES.version,
        "offences": units,
        "other_text_matches": [match_json(f, m) for f, m in context_matches],
        "links_in_facts": [match_json(f, m) for f, m in context_links],
    }
    cite = "RPD art. 83(1)(a)(ii)"
    described = "; ".join(f"{field}: {quoted(ms)}" for field, ms, _ in excluded)
    rescued_note = ""
    if any(r for _, _, r in excluded):
        rescued_note = (
            " Administrative breaches and private disputes are excluded unless the activity is"
            " aimed at facilitating serious crime or linked to organised crime, and the request"
            f" states such a link: {quoted(rescue_links)}. Assess it."
        )
    if offences and len(excluded) == len(offences):
        # The catalogue binds Red Notices (RPD art. 83); for Blue and Green it is a warning.
        if not any(r for _, _, r in excluded) and c.notice_type == NoticeType.RED:
            return [
                make_finding(
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
        found = "; ".join(f"{f}: {quoted([m])}" for f, m in context_matches)
        # What the request is about (title, summary) calls for review. A mention only in the
        # facts it recounts ("the car was speeding") is context, but only where every
        # offence charged is an ordinary-law crime the charge catalogue recognises: a bare
        # article number or a "fraud" over bounced cheques may be the excluded activity
        # relabelled.
        charged = any(f in ("title", "summary") for f, _ in context_matches)
        ordinary = _all_offences_ordinary(c)
        if charged or not ordinary:
            message = (
                f"The request's text mentions a category excluded by {cite} ({found}); check"
                " that the activity is a serious ordinary-law crime."
            )
            return [make_finding("excluded_offence", Severity.REVIEW, message, evidence, True)]
        message = (
            f"The facts mention a category excluded by {cite} ({found}); every offence charged"
            f" is an ordinary-law crime the charge catalogue recognises ({', '.join(ordinary)})."
            " Context for the reviewer."
        )
        return [make_finding("excluded_offence", Severity.INFO, message, evidence, True)]
    return [make_finding("excluded_offence", Severity.REVIEW, message, evidence, True)]


# --- art. 3: corrective measures (the other art. 3 signals: `political`) ------------------


def _scopes(m: Measure) -> str:
    return ", ".join(str(s).replace("_", " ") for s in m.scopes) or "no scope recorded"


def check_art3_corrective_measures(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    if not inp.measures:
        return []
    parts = [f"since {m.starts_on.isoformat()} ({_scopes(m)}): {m.reason}" for m in inp.measures]
    return [
        make_finding(
            "art3_corrective_measures",
            Severity.REVIEW,
            f"The requesting country, {country_label(inp.requesting_country)}, has been under"
            " corrective"
            f" measures {'; '.join(parts)}. Every request from it is checked before publication"
            " (docs/reference/corrective-measures.md).",
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


# --- refugee policy ------------------------------------------------------------------------

_REFUGEE = "policy on refugees (2015)"
_LINKED = "linked record"


def check_refugee_policy(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    """Never names the protecting state in a message: the requesting country is not told
    which state granted protection (docs/reference/notices.md); it stays in the evidence."""
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
        out.append(make_finding("refugee_policy", sev, message + identity, evidence, False))
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
                make_finding(
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
                make_finding(
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
                make_finding(
                    "duplicate",
                    Severity.INFO,
                    f"The requesting country also has {what} for this person.",
                    evidence,
                    True,
                )
            )
        else:
            out.append(
                make_finding(
                    "duplicate",
                    Severity.INFO,
                    f"Another country, {country_label(d.requesting_country)}, has {what} for this"
                    " person.",
                    evidence,
                    False,
                )
            )
    return out


# --- private disputes ------------------------------------------------------------------------

_VIOLENT_OR_SERIOUS = frozenset(
    {
        "homicide",
        "drug_trafficking",
        "violent_terrorism",
        "child_sexual_abuse",
        "rape",
        "trafficking_persons",
        "armed_robbery_kidnapping",
        "organised_crime",
        "cybercrime",
    }
)


def check_private_dispute(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    """Markers that an economic charge is a dispute between private parties (RPD art.
    83(1)(a)(ii)): a partner or company as complainant, parallel civil proceedings, a debt,
    a cheque, a contract. Two kinds of marker, or a cheque, on economic charges only; never
    where the request shows violence, serious crime or a link to organised crime."""
    found = charges.analyse(texts(inp.content))
    families = {m.family for m in found}
    if families & _VIOLENT_OR_SERIOUS:
        return []
    if not any(
        m.family == "economic_charges" or m.family == "dispute_cheque"
        for m in found
        if m.field.startswith("offence") or m.field == "title"
    ):
        return []
    if any(classify(t, SERIOUS_CRIME_LINKS) for _, t in texts(inp.content)):
        return []
    markers = [m for m in found if m.kind == ChargeKind.PRIVATE_DISPUTE]
    kinds = sorted({m.family for m in markers})
    if not (len(kinds) >= 2 or "dispute_cheque" in kinds):
        return []
    cat = charge_catalogue()
    listed = "; ".join(
        f"{cat.family(k).label.split(': ', 1)[-1]} ("
        + ", ".join(f"{m.field}: “{q}”" for m in markers if m.family == k for q in m.quotes[:3])
        + ")"
        for k in kinds
    )
    return [
        make_finding(
            "private_dispute",
            Severity.REVIEW,
            f"The economic charges show markers of a private dispute: {listed}. Private disputes"
            " are excluded from notices unless aimed at facilitating serious crime or linked to"
            " organised crime (RPD art. 83(1)(a)(ii)); ask the bureau what distinguishes this"
            " from a civil matter.",
            {"markers": [m.as_json() for m in markers], "catalogue_version": cat.version},
            True,
        )
    ]


# --- plausibility ------------------------------------------------------------------------------


def check_plausibility(inp: CheckInput, config: RuleConfig) -> list[Finding]:
    """Doubtful facts (certain ones are refused at input: `safeguards.plausibility`): an age
    at the facts outside what criminal responsibility allows, and a maximum penalty far from
    the usual range for the kind of offence. Questions for the bureau, not findings of abuse."""
    out: list[Finding] = []
    j = inp.content.judicial
    if j is None:
        return out
    period = facts_period(j.facts_time, years=True)
    if period is not None and inp.person_birth_years is not None:
        earliest, latest = inp.person_birth_years
        youngest = period[0].year - latest
        oldest = period[1].year - earliest
        if oldest < config.age_min_at_facts or youngest > config.age_max_at_facts:
            age = oldest if oldest < config.age_min_at_facts else youngest
            out.append(
                make_finding(
                    "plausibility",
                    Severity.REVIEW,
                    f"The person would have been about {age} at the time of the facts"
                    f" ({j.facts_time}); check the date of birth and the facts (plausible range"
                    f" {config.age_min_at_facts}-{config.age_max_at_facts}).",
                    {
                        "check": "age_at_facts",
                        "age": age,
                        "facts_time": j.facts_time,
                        "birth_years": list(inp.person_birth_years),
                    },
                    True,
                )
            )
    cat = charge_catalogue()
    for i, o in enumerate(j.offences, 1):
        if o.max_penalty_months is None:
            continue
        for m in charges.match_text(f"offence {i}", offence_text(o)):
            rng = cat.family(m.family).typical_max_months
            if rng is None:
                continue
            lo, hi = rng
            if lo <= o.max_penalty_months <= hi:
                continue
            where = "above" if o.max_penalty_months > hi else "below"
            out.append(
                make_finding(
                    "plausibility",
                    Severity.REVIEW,
                    f"Offence {i} (“{o.description}”): a maximum penalty of"
                    f" {plural(o.max_penalty_months, 'month')} is {where} the usual range for"
                    f" {cat.family(m.family).label.lower()} ({lo}-{hi} months); check the law"
                    " cited and the penalty.",
                    {
                        "check": "penalty_range",
                        "offence": i,
                        "family": m.family,
                        "max_penalty_months": o.max_penalty_months,
                        "usual": [lo, hi],
                    },
                    True,
                )
            )
            break
    return out


# --- the rule set ----------------------------------------------------------------------------

_ALL = frozenset(NoticeType)
_COUNTRY_REQUESTS = _ALL - {NoticeType.UN}  # UN Special Notices are not a country's request
_PERSONS = PERSON_TYPES - {NoticeType.UN}
_CRIMINAL = frozenset({NoticeType.RED, NoticeType.BLUE, NoticeType.GREEN})
_REF = "docs/reference/notices.md"

RULES: tuple[Rule, ...] = (
    Rule(
        "minimum_data",
        VERSIONS["minimum_data"],
        "Minimum data",
        f"{_REF}, conditions for a Red Notice (RPD art. 83(2)) and each type's own facts",
        _ALL,
        check_minimum_data,
    ),
    Rule(
        "penalty_threshold",
        VERSIONS["penalty_threshold"],
        "Penalty threshold",
        f"{_REF}, conditions for a Red Notice (RPD art. 83(1)(b), exception art. 83(1)(c))",
        frozenset({NoticeType.RED}),
        check_penalty_threshold,
    ),
    Rule(
        "excluded_offence",
        VERSIONS["excluded_offence"],
        "Offence excluded from notices",
        f"{_REF}, conditions for a Red Notice (RPD art. 83(1)(a)(ii)); catalogue"
        f" {EXCLUDED_OFFENCES.id} and the charge families marked excluded",
        _CRIMINAL,
        check_excluded_offence,
    ),
    Rule(
        "private_dispute",
        VERSIONS["private_dispute"],
        "Markers of a private dispute",
        f"{_REF}, private disputes (RPD art. 83(1)(a)(ii)); charge-pattern catalogue",
        _CRIMINAL,
        check_private_dispute,
    ),
    Rule(
        "art3_predominance",
        VERSIONS["art3_predominance"],
        "Art. 3: predominance test (combined signals)",
        f"{_REF}, Constitution art. 3, predominance test: nature of the offence, status of the"
        " person, general context, history; sourced country data; charge-pattern catalogue",
        _COUNTRY_REQUESTS,
        check_art3_predominance,
    ),
    Rule(
        "art3_corrective_measures",
        VERSIONS["art3_corrective_measures"],
        "Art. 3: requesting country under corrective measures",
        "docs/reference/corrective-measures.md, corrective measures",
        _COUNTRY_REQUESTS,
        check_art3_corrective_measures,
    ),
    Rule(
        "art2_risk",
        VERSIONS["art2_risk"],
        "Art. 2: torture, unfair trial, death penalty",
        f"{_REF}, Constitution art. 2 (human rights); sourced country data (Political Terror"
        " Scale, UN treaty status, death-penalty status)",
        _CRIMINAL,
        check_art2_risk,
    ),
    Rule(
        "art2_assurance",
        VERSIONS["art2_assurance"],
        "Art. 2: a retrial guarantee or death-penalty assurance to ask the bureau for",
        f"{_REF}, Constitution art. 2 (right to a fair trial, UDHR arts 10-11; death penalty);"
        " sourced country data",
        _CRIMINAL,
        check_art2_assurance,
    ),
    Rule(
        "refugee_policy",
        VERSIONS["refugee_policy"],
        "Refugee policy",
        f"{_REF}, refugee policy (since 2015)",
        _PERSONS,
        check_refugee_policy,
    ),
    Rule(
        "duplicate",
        VERSIONS["duplicate"],
        "Existing notices for the person",
        f"{_REF}, review (automated checks: duplicates)",
        PERSON_TYPES,
        check_duplicate,
    ),
    Rule(
        "plausibility",
        VERSIONS["plausibility"],
        "Plausibility of the facts",
        "Age of criminal responsibility (UN CRC General Comment No. 24); penalty ranges per"
        " offence family (charge-pattern catalogue)",
        _CRIMINAL,
        check_plausibility,
    ),
)


def run_checks(inp: CheckInput, config: RuleConfig = RuleConfig()) -> list[Finding]:
    """Every rule that applies to the request's type; blocking first, then review, then info
    (rule order within a severity)."""
    t = inp.content.notice_type
    findings = [f for r in RULES if t in r.applies_to for f in r.check(inp, config)]
    return sorted(findings, key=lambda f: RANK[f.severity])


def risk_score(findings: Iterable[Finding], weights: queue_score.QueueWeights | None = None) -> int:
    """Orders the review queue (see `safeguards.queue`)."""
    return queue_score.score(findings, weights)


def rule_versions(
    config: RuleConfig | None = None, weights: queue_score.QueueWeights | None = None
) -> dict[str, str]:
    """What a decision records: each rule's version and each catalogue's, with a config its
    thresholds (as "config.<name>") and with queue weights those in force ("queue.<...>")."""
    out = {r.id: r.version for r in RULES}
    out.update(catalogue_versions())
    out[f"catalogue.{charge_catalogue().id}"] = charge_catalogue().version
    if config is not None:
        out.update({f"config.{k}": str(v) for k, v in asdict(config).items()})
    if weights is not None:
        out.update(
            {
                f"queue.{g}.{s}": str(v)
                for g, sev in weights.by_ground.items()
                for s, v in sev.items()
            }
        )
        out["queue.art3_strength"] = str(weights.art3_strength)
    return out
