"""What the compliance rules share: severities, findings, the facts gathered for a check
(`CheckInput`), the configuration with its sources, rule versions and text helpers. Pure.

Split from `rules` so the art. 3 and art. 2 rule modules (`political`, `humanrights`) and
the rule set can all use them without importing each other."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from xborder.kernel.countries import country_name
from xborder.kernel.errors import Invalid
from xborder.notices.catalogue import Match
from xborder.notices.domain import NoticeContent, Offence
from xborder.safeguards.countrydata import CountryRecord


class Severity(StrEnum):
    BLOCKING = "blocking"
    REVIEW = "needs_review"
    INFO = "info"


RANK = {Severity.BLOCKING: 0, Severity.REVIEW: 1, Severity.INFO: 2}


class Ground(StrEnum):
    """What a finding is about. The first four are substantive (a reason to refuse); the
    others are about the data and come after them in the queue (see `safeguards.queue`)."""

    ART3 = "art3"
    ART2 = "art2"
    REFUGEE = "refugee"
    EXCLUDED_OFFENCE = "excluded_offence"
    DATA = "data"  # missing or insufficient data: ask the bureau
    HISTORY = "history"  # other requests for the person
    PLAUSIBILITY = "plausibility"  # doubtful facts: ask the bureau


SUBSTANTIVE = frozenset({Ground.ART3, Ground.ART2, Ground.REFUGEE, Ground.EXCLUDED_OFFENCE})


@dataclass(frozen=True)
class Finding:
    rule_id: str
    rule_version: str
    severity: Severity
    message: str
    evidence: dict[str, Any]  # JSON-ready: the facts the rule relied on
    disclosable: bool  # may the requesting bureau be told this finding?
    ground: Ground = Ground.DATA


@dataclass(frozen=True)
class Measure:
    scopes: tuple[str, ...]
    reason: str
    starts_on: date


@dataclass(frozen=True)
class ContextEvent:
    kind: str  # election | protest | coup | government_change | other
    starts_on: date
    ends_on: date | None
    label: str
    source: str = "secretariat"


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
    # granted | pending (a claim not yet decided); revoked entries are never passed to the rules
    state: str = "granted"
    # the person has since become a citizen of the protecting state: the protection from the
    # requesting state still counts (docs/reference/notices.md, refugee policy)
    naturalised: bool = False
    score: float | None = None  # the screening matcher's score when matched by name


PERSECUTION_STATUSES = ("refugee", "asylum")
"""Protection granted for persecution (Refugee Convention grounds or national asylum), as
against subsidiary protection, granted for a risk of serious harm without such a ground."""


def protection_from(protected: tuple[ProtectedStatus, ...], country: str) -> list[ProtectedStatus]:
    """The statuses that protect the person from `country` (the requesting one), on grounds
    that concern it: what the refugee policy bars, and what the art. 2/3 checks weigh."""
    return [p for p in protected if p.fled_country == country and not p.grounds_unrelated]


@dataclass(frozen=True)
class ExistingNotice:
    number: str
    notice_type: str
    state: str
    requesting_country: str
    match: str


@dataclass(frozen=True)
class ProfileFact:
    """Who the person is, with where that comes from. `declared` by the requester,
    `confirmed` by a reviewer with sources, `proposed` by a list match awaiting a reviewer,
    `rejected` by a reviewer (kept, never counted)."""

    kind: str  # a notices.domain.Profile value
    status: str  # declared | confirmed | proposed | rejected
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class HistoryItem:
    """An earlier outcome for the same person (matched by the screening matcher) or an
    extradition refusal: what it was, where, on which grounds."""

    # notice_refused | notice_cancelled | notice_deleted | extradition_refused |
    # commission_deletion
    kind: str
    reference: str
    requesting_country: str
    grounds: tuple[str, ...]
    on: date | None
    match: str
    # matched on the name alone (no date of birth on the other side): weighs less
    name_only: bool = False


@dataclass(frozen=True)
class RequesterRecord:
    """The requesting bureau's past decisions on requests with the same charge families."""

    country: str
    families: tuple[str, ...]
    decided: int
    refused_art3: int


@dataclass(frozen=True)
class RuleConfig:
    """Thresholds and weights are configuration, each with its source or reason, so a change
    is a recorded decision (see rule_versions(config))."""

    prosecution_min_months: int = 24
    """RPD art. 83(1)(b)(i) as quoted by practitioners: punishable by at least two years."""

    sentence_min_months: int = 6
    """RPD art. 83(1)(b)(ii): a sentence of at least six months imposed..."""

    sentence_remaining_min_months: int = 6
    """...or at least six months left to serve (docs/reference/notices.md)."""

    timing_window_days: int = 90
    """No published figure. Ninety days covers a typical election campaign and the period in
    which prosecutions after a protest are opened; a wider window floods the queue."""

    # --- art. 3 predominance: how much each signal weighs (no published scale; set so that a
    # strong charge pattern alone, or two corroborating context signals with a weak one,
    # reach `art3_review_at`; a poor country record alone never does) ---
    art3_review_at: float = 3.0
    w_pattern_strong: float = 3.0  # speech, assembly, belief, or political/military by nature
    w_pattern_context: float = 1.0  # fraud, abuse of office... (needs corroboration)
    w_profile_confirmed: float = 2.5  # researched by the secretariat with sources
    w_profile_declared: float = 2.5  # declared by the requester itself
    w_profile_proposed: float = 1.0  # a list match awaiting the reviewer
    # the request's own words say what the person does ("editor-in-chief"): a proposal too
    w_profile_stated: float = 1.0
    # a kind of person whose status calls for the predominance test without pointing to
    # persecution weighs this share of a profile: a former official is pursued for acts in
    # office as often legitimately as not (the change-of-government signal carries the
    # frame in which former officials are persecuted)
    profile_kind_share: tuple[tuple[str, float], ...] = (("former_official", 0.4),)
    # a requesting country rated Free (Freedom House, for the request's year): the person's
    # status and a change of government before charges for acts in office weigh this share
    # of themselves. No published scale: the predominance test weighs the person's status
    # against the general context (docs/reference/notices.md), and a free rating is that context's
    # sourced measure here; the finding states both weights
    share_in_free_country: float = 0.5
    w_country_record: float = 1.0  # a poor record on political rights or press freedom
    w_timing: float = 0.5  # near an election or mass protest
    w_timing_upheaval: float = 1.0  # near a coup or a change of government
    # charges for acts in office brought after a change of government: the frame the issue
    # names ("abuse of office ... charged to former officials after a change of government"),
    # so with the charge itself it reaches review
    w_government_change: float = 2.0
    # acts in office charged to a foreign national for facts abroad: another state's official
    # pursued for that state's acts, political by nature like the families that weigh 3
    w_foreign_official: float = 3.0
    w_history_person: float = 2.5  # an earlier refusal, cancellation or deletion on art. 2/3
    w_history_other: float = 1.0  # an earlier refusal on other grounds
    # an earlier art. 2/3 outcome matched on the name alone (a commission deletion: its file
    # keeps no date of birth), so a namesake cannot reach review on it alone
    w_history_name_only: float = 1.0
    w_requester_rate: float = 1.0  # the bureau's art. 3 refusal rate on these charges
    w_asylum_claim: float = 2.0  # the request follows the person's asylum claim
    # a member state granted refugee status or asylum against the requesting country: "the
    # positions of other countries", a factor of the predominance test (docs/reference/notices.md);
    # a claim not yet decided (or not confirmed) weighs less
    w_protection: float = 2.0
    w_protection_pending: float = 1.0
    w_corrective_measures: float = 1.0

    # --- country record (cutoffs from the datasets' own bands) ---
    pts_torture_at: int = 4
    """PTS 4: 'civil and political rights violations have expanded to large numbers of the
    population; murders, disappearances, and torture are a common part of life'."""
    vdem_physinteg_torture_below: float = 0.25
    """V-Dem physical violence index (freedom from torture and political killings, 0-1): the
    median of the country-years the Political Terror Scale rates 5, 1990-2023 (computed from
    the packaged data), so either source can show the risk."""
    vdem_jucon_unfair_below: float = 0.162
    """V-Dem judicial constraints on the executive (0-1): the median of the country-years
    Freedom House rates Not Free, 1990-2023 (computed from the packaged data). Below it a
    conviction in absentia is a fair-trial risk, not only a retrial guarantee to ask for."""
    fh_poor_status: str = "NF"  # Freedom House: Not Free
    fh_free_status: str = "F"  # Freedom House: Free
    vdem_libdem_poor_below: float = 0.2  # V-Dem liberal democracy: the closed-autocracy range
    press_poor_below: float = 40.0  # RSF from 2022: below 40 is a 'very serious' situation
    requester_rate_at: float = 0.2  # share of decided requests refused under art. 3
    requester_min_decided: int = 3  # fewer decisions say nothing

    # --- art. 2 ---
    age_min_at_facts: int = 12
    """Below the minimum age of criminal responsibility recommended by the UN Committee on
    the Rights of the Child (General Comment No. 24, 2019: at least 12, preferably 14)."""
    age_max_at_facts: int = 100


@dataclass(frozen=True)
class CheckInput:
    content: NoticeContent
    requesting_country: str
    submitted_on: date
    has_person: bool
    person_nationalities: tuple[str, ...] = ()
    person_birth_years: tuple[int, int] | None = None  # earliest and latest possible
    measures: tuple[Measure, ...] = ()  # active on the requesting country
    country_note: str = ""
    events: tuple[ContextEvent, ...] = ()  # in the requesting country (secretariat's own)
    # the requesting country's sourced record (safeguards.countrydata); None = unknown
    country: CountryRecord | None = None
    # case-level risks the reviewer added with their sources (country-level ones come from
    # `country`)
    art2_risks: tuple[Art2Risk, ...] = ()
    protected: tuple[ProtectedStatus, ...] = ()
    asylum_claim_on: date | None = None
    duplicates: tuple[ExistingNotice, ...] = ()
    profiles: tuple[ProfileFact, ...] = ()  # researched (declared ones come from content)
    history: tuple[HistoryItem, ...] = ()
    requester: RequesterRecord | None = None
    particular_importance: bool = False  # set only by a reviewer's explicit decision


VERSIONS: dict[str, str] = {
    "minimum_data": "1.1.0",
    "penalty_threshold": "1.1.0",
    "excluded_offence": "1.5.0",
    "private_dispute": "1.0.0",
    "art3_predominance": "1.5.0",
    "art3_corrective_measures": "1.0.0",
    "art2_risk": "2.4.0",
    "art2_assurance": "1.2.0",
    "refugee_policy": "1.1.0",
    "duplicate": "1.0.0",
    "plausibility": "1.0.0",
}

GROUNDS: dict[str, Ground] = {
    "minimum_data": Ground.DATA,
    "penalty_threshold": Ground.DATA,
    "excluded_offence": Ground.EXCLUDED_OFFENCE,
    "private_dispute": Ground.EXCLUDED_OFFENCE,
    "art3_predominance": Ground.ART3,
    "art3_corrective_measures": Ground.ART3,
    "art2_risk": Ground.ART2,
    # a guarantee the bureau can give: asked for like missing data
    "art2_assurance": Ground.DATA,
    "refugee_policy": Ground.REFUGEE,
    "duplicate": Ground.HISTORY,
    "plausibility": Ground.PLAUSIBILITY,
}


def make_finding(
    rule_id: str, severity: Severity, message: str, evidence: dict[str, Any], disclosable: bool
) -> Finding:
    return Finding(
        rule_id, VERSIONS[rule_id], severity, message, evidence, disclosable, GROUNDS[rule_id]
    )


# --- shared helpers ----------------------------------------------------------------------


def country_label(code: str) -> str:
    try:
        return f"{country_name(code)} ({code})"
    except Invalid:
        return code


def offence_text(o: Offence) -> str:
    return f"{o.description}\n{o.law}" if o.law.strip() else o.description


def texts(content: NoticeContent) -> list[tuple[str, str]]:
    """Every free text of a request, labelled the way a reviewer would point at it."""
    out = [("title", content.title), ("summary", content.summary)]
    j = content.judicial
    if j is not None:
        out += [(f"offence {i}", offence_text(o)) for i, o in enumerate(j.offences, 1)]
        out.append(("facts summary", j.facts_summary))
    out += [(f"details.{k}", v) for k, v in sorted(content.details.items())]
    return [(f, text) for f, text in out if text.strip()]


def match_json(field_name: str, m: Match) -> dict[str, Any]:
    return {
        "field": field_name,
        "category": m.category_id,
        "label": m.label,
        "kind": m.kind.value,
        "terms": list(m.terms),
    }


def quoted(matches: Iterable[Match]) -> str:
    return "; ".join(f"{m.label.lower()} ({', '.join(f'“{t}”' for t in m.terms)})" for m in matches)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
