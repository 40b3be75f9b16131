"""Notice requests as data, and their lifecycle as an explicit state machine. Pure: no I/O.

The content of a request is what a bureau sends (docs/reference/notices.md): the person's identity
particulars live in the `persons` capability (so the commission's deletion and the access log
work the same for every record); the notice adds the judicial data and the type's own details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Conflict, Invalid


class NoticeType(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"
    BLACK = "black"
    GREEN = "green"
    ORANGE = "orange"
    PURPLE = "purple"
    SILVER = "silver"
    UN = "un"


NOTICE_PURPOSE: dict[NoticeType, str] = {
    NoticeType.RED: (
        "locate and provisionally arrest a person wanted for prosecution or to serve a sentence"
    ),
    NoticeType.YELLOW: "locate a missing person, or identify someone unable to identify themselves",
    NoticeType.BLUE: "collect information about a person's identity, location or activities",
    NoticeType.BLACK: "seek information on an unidentified body",
    NoticeType.GREEN: "warn about a person's criminal activities",
    NoticeType.ORANGE: "warn of a serious and imminent threat",
    NoticeType.PURPLE: "share modus operandi, objects, devices or concealment methods",
    NoticeType.SILVER: "locate and trace criminal assets",
    NoticeType.UN: "individuals and entities under UN Security Council sanctions",
}

# Types that are about a person (the others may describe an event, object or method).
PERSON_TYPES = frozenset(
    {NoticeType.RED, NoticeType.YELLOW, NoticeType.BLUE, NoticeType.GREEN, NoticeType.UN}
)


class SubjectStatus(StrEnum):
    WANTED = "wanted"
    SUSPECT = "suspect"
    CONVICTED = "convicted"
    MISSING = "missing"
    WITNESS = "witness"
    VICTIM = "victim"
    UNIDENTIFIED = "unidentified"
    PERSON_OF_INTEREST = "person_of_interest"
    SANCTIONED = "sanctioned"


class JudicialBasis(StrEnum):
    PROSECUTION = "prosecution"
    SENTENCE = "sentence"


class Profile(StrEnum):
    """Who the person is, where that matters for art. 3 (declared by the requester, or
    researched by the secretariat with its sources: see `notices.profiles`)."""

    POLITICIAN = "politician"  # an opposition politician
    ACTIVIST = "activist"
    JOURNALIST = "journalist"
    HUMAN_RIGHTS_DEFENDER = "human_rights_defender"
    LAWYER = "lawyer"
    FORMER_OFFICIAL = "former_official"  # or former head of state or government
    RELIGIOUS_FIGURE = "religious_figure"
    WRITER_OR_ARTIST = "writer_or_artist"
    ATHLETE = "athlete"
    BUSINESS_RIVAL = "business_rival"  # a businessman in dispute with the state
    DISSIDENT = "dissident"


@dataclass(frozen=True)
class Offence:
    """One charge: what, under which law, punishable by how much (months; None = unknown)."""

    description: str
    law: str = ""
    max_penalty_months: int | None = None

    def __post_init__(self) -> None:
        if not self.description.strip():
            raise Invalid("an offence needs a description")
        if self.max_penalty_months is not None and not 0 <= self.max_penalty_months <= 1200:
            raise Invalid("a maximum penalty is given in months (0-1200; life = 1200)")


@dataclass(frozen=True)
class JudicialData:
    """The judicial part of a Red Notice request (docs/reference/notices.md, Red Notice content)."""

    basis: JudicialBasis = JudicialBasis.PROSECUTION
    offences: tuple[Offence, ...] = ()
    warrant_reference: str = ""
    issuing_authority: str = ""
    warrant_date: date | None = None
    facts_summary: str = ""
    facts_time: str = ""  # free text or an ISO date: "2023-05", "between March and June 2022"
    facts_place: str = ""
    extradition_countries: tuple[str, ...] = ()
    sentence_imposed_months: int | None = None
    sentence_remaining_months: int | None = None
    # Art. 2 safeguards the request itself states (None = not said)
    in_absentia: bool | None = None  # the conviction was handed down in the person's absence
    retrial_guaranteed: bool | None = None  # a retrial in the person's presence is guaranteed
    death_penalty_assurance: bool | None = None  # the death penalty will not be sought/carried out

    def __post_init__(self) -> None:
        for c in self.extradition_countries:
            if normalise_country(c) != c:
                raise Invalid(f"country codes are stored as ISO alpha-2 (got {c!r})")
        for v in (self.sentence_imposed_months, self.sentence_remaining_months):
            if v is not None and not 0 <= v <= 1200:
                raise Invalid("sentences are given in months (0-1200)")


@dataclass(frozen=True)
class NoticeContent:
    """What the bureau asks for. `details` holds the type's own fields (see REQUIRED)."""

    notice_type: NoticeType
    subject_status: SubjectStatus
    title: str
    summary: str
    judicial: JudicialData | None = None
    details: dict[str, str] = field(default_factory=dict)
    profile: frozenset[Profile] = frozenset()
    public_extract: bool = False  # the requester consents to a public extract
    restricted_to: frozenset[str] | None = None  # None = every member may see it

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise Invalid("a request needs a title")
        for c in self.restricted_to or ():
            if normalise_country(c) != c:
                raise Invalid(f"country codes are stored as ISO alpha-2 (got {c!r})")
        unknown = set(self.details) - set(DETAIL_FIELDS)
        if unknown:
            raise Invalid(f"unknown detail fields: {sorted(unknown)}")


# The type-specific fields a request may carry, with a label for forms and findings.
DETAIL_FIELDS: dict[str, str] = {
    "missing_since": "date the person went missing",
    "last_seen_place": "place the person was last seen",
    "circumstances": "circumstances of the disappearance or discovery",
    "found_date": "date the body was found",
    "found_place": "place the body was found",
    "cause_of_death": "cause of death, if known",
    "threat": "the threat and why it is serious and imminent",
    "criminal_activity": "the criminal activities to warn about",
    "modus_operandi": "the modus operandi, object, device or concealment method",
    "assets": "the assets to locate (kind, estimated value, where)",
    "un_committee": "the Security Council committee",
    "un_reference": "the sanctions list reference",
    "information_sought": "what information is sought",
}

# Minimum data per type (docs/reference/notices.md): the judicial particulars for a Red Notice, the
# type's own facts for the others. Names are paths the minimum-data rule reports.
REQUIRED: dict[NoticeType, tuple[str, ...]] = {
    NoticeType.RED: (
        "person",
        "judicial.offences",
        "judicial.offences.law",
        "judicial.offences.max_penalty_months",
        "judicial.warrant_reference",
        "judicial.issuing_authority",
        "judicial.facts_summary",
        "judicial.facts_time",
        "judicial.facts_place",
        "judicial.extradition_countries",
    ),
    NoticeType.YELLOW: ("person", "details.missing_since", "details.last_seen_place"),
    NoticeType.BLUE: ("person", "details.information_sought"),
    NoticeType.BLACK: ("details.found_date", "details.found_place"),
    NoticeType.GREEN: ("person", "details.criminal_activity"),
    NoticeType.ORANGE: ("details.threat",),
    NoticeType.PURPLE: ("details.modus_operandi",),
    NoticeType.SILVER: ("details.assets",),
    NoticeType.UN: ("person", "details.un_committee", "details.un_reference"),
}


def missing_data(content: NoticeContent, has_person: bool) -> list[str]:
    """The required items this request lacks (empty when complete)."""
    missing: list[str] = []
    j = content.judicial
    for item in REQUIRED[content.notice_type]:
        if item == "person":
            ok = has_person
        elif item.startswith("details."):
            ok = bool(content.details.get(item.removeprefix("details."), "").strip())
        elif j is None:
            ok = False
        elif item == "judicial.offences":
            ok = bool(j.offences)
        elif item == "judicial.offences.law":
            ok = bool(j.offences) and all(o.law.strip() for o in j.offences)
        elif item == "judicial.offences.max_penalty_months":
            ok = bool(j.offences) and all(o.max_penalty_months is not None for o in j.offences)
        elif item == "judicial.extradition_countries":
            ok = bool(j.extradition_countries)
        else:
            ok = bool(str(getattr(j, item.removeprefix("judicial."))).strip())
        if not ok:
            missing.append(item)
    if (
        content.notice_type == NoticeType.RED
        and j is not None
        and j.basis == JudicialBasis.SENTENCE
        and j.sentence_imposed_months is None
    ):
        missing.append("judicial.sentence_imposed_months")
    return missing


# --- lifecycle ---------------------------------------------------------------------------


class State(StrEnum):
    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"  # four-eyes: a supervisor of the same bureau
    REQUESTED = "requested"  # submitted to the secretariat, checks run, in the review queue
    MORE_INFO = "more_info"  # the reviewer asked the bureau for more information
    PUBLISHED = "published"
    REFUSED = "refused"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    DELETED = "deleted"
    EXPIRED = "expired"


class Transition(StrEnum):
    SEND_FOR_APPROVAL = "send_for_approval"
    RETURN_TO_DRAFT = "return_to_draft"
    APPROVE = "approve"
    ASK_INFO = "ask_info"
    ANSWER = "answer"
    AMEND = "amend"  # an answer that changes the request goes back to the supervisor
    PUBLISH = "publish"
    REFUSE = "refuse"
    SUSPEND = "suspend"
    RESUME = "resume"
    WITHDRAW = "withdraw"
    CANCEL = "cancel"
    DELETE = "delete"
    EXPIRE = "expire"
    RENEW = "renew"


_LIVE = (State.PUBLISHED, State.SUSPENDED)
_PENDING = (State.REQUESTED, State.MORE_INFO)

TRANSITIONS: dict[tuple[State, Transition], State] = {
    (State.DRAFT, Transition.SEND_FOR_APPROVAL): State.AWAITING_APPROVAL,
    (State.AWAITING_APPROVAL, Transition.RETURN_TO_DRAFT): State.DRAFT,
    (State.AWAITING_APPROVAL, Transition.APPROVE): State.REQUESTED,
    (State.REQUESTED, Transition.ASK_INFO): State.MORE_INFO,
    (State.MORE_INFO, Transition.ANSWER): State.REQUESTED,
    (State.MORE_INFO, Transition.AMEND): State.AWAITING_APPROVAL,
    (State.REQUESTED, Transition.PUBLISH): State.PUBLISHED,
    (State.REQUESTED, Transition.REFUSE): State.REFUSED,
    (State.MORE_INFO, Transition.REFUSE): State.REFUSED,
    (State.PUBLISHED, Transition.SUSPEND): State.SUSPENDED,
    (State.SUSPENDED, Transition.RESUME): State.PUBLISHED,
    (State.PUBLISHED, Transition.RENEW): State.PUBLISHED,
    (State.PUBLISHED, Transition.EXPIRE): State.EXPIRED,
    (State.SUSPENDED, Transition.EXPIRE): State.EXPIRED,
    **{(s, Transition.WITHDRAW): State.WITHDRAWN for s in (*_LIVE, *_PENDING)},
    **{(s, Transition.CANCEL): State.CANCELLED for s in _LIVE},
    **{
        (s, Transition.DELETE): State.DELETED
        for s in (*_LIVE, *_PENDING, State.REFUSED, State.WITHDRAWN, State.CANCELLED, State.EXPIRED)
    },
}

# Who may fire each transition: the source bureau, the secretariat, or the commission.
SOURCE_TRANSITIONS = frozenset(
    {
        Transition.SEND_FOR_APPROVAL,
        Transition.RETURN_TO_DRAFT,
        Transition.APPROVE,
        Transition.ANSWER,
        Transition.AMEND,
        Transition.SUSPEND,
        Transition.RESUME,
        Transition.WITHDRAW,
        Transition.RENEW,
    }
)
SECRETARIAT_TRANSITIONS = frozenset(
    {Transition.ASK_INFO, Transition.PUBLISH, Transition.REFUSE, Transition.CANCEL}
)
COMMISSION_TRANSITIONS = frozenset({Transition.DELETE})
SYSTEM_TRANSITIONS = frozenset({Transition.EXPIRE})

VALID_STATES = frozenset({State.PUBLISHED})  # the states in which a notice is acted on
PENDING_STATES = frozenset(_PENDING)

SUSPENSION_MAX_DAYS = 183  # "up to 6 months" (docs/reference/notices.md)
VALIDITY_YEARS = 5
EXPIRY_REMINDER_DAYS = (90, 30)  # reminders to the source before a notice expires


def next_state(state: State, transition: Transition) -> State:
    try:
        return TRANSITIONS[(state, transition)]
    except KeyError:
        raise Conflict(f"a {state.value} notice cannot be {transition.value}") from None


def add_years(d: date, years: int) -> date:
    """Anniversary arithmetic that keeps 29 February valid (it becomes 28 February)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


# --- review decisions ------------------------------------------------------------------------


class RefusalGround(StrEnum):
    ART_2 = "art2"
    ART_3 = "art3"
    REFUGEE_POLICY = "refugee_policy"
    THRESHOLD = "threshold"
    EXCLUDED_OFFENCE = "excluded_offence"
    INSUFFICIENT_DATA = "insufficient_data"
    OTHER = "other"


GROUND_LABELS: dict[RefusalGround, str] = {
    RefusalGround.ART_2: "Article 2 of the Constitution (human rights)",
    RefusalGround.ART_3: (
        "Article 3 of the Constitution (political, military, religious or racial character)"
    ),
    RefusalGround.REFUGEE_POLICY: "Policy on refugees",
    RefusalGround.THRESHOLD: "Penalty threshold not met",
    RefusalGround.EXCLUDED_OFFENCE: "Offence excluded from Red Notices",
    RefusalGround.INSUFFICIENT_DATA: "Insufficient data",
    RefusalGround.OTHER: "Other grounds",
}

# What the requesting bureau is told of each ground. The refugee ground never names the state
# that granted protection; the rest of the reviewer's rationale stays internal.
DISCLOSED_GROUND_TEXT: dict[RefusalGround, str] = {
    RefusalGround.ART_2: "The request raises concerns under Article 2 of the Constitution.",
    RefusalGround.ART_3: "The request is not compliant with Article 3 of the Constitution.",
    RefusalGround.REFUGEE_POLICY: (
        "The request is not compliant with the policy on refugees: the person has been granted"
        " refugee or asylum status. The protecting state is not disclosed."
    ),
    RefusalGround.THRESHOLD: "The offence does not meet the penalty threshold (RPD art. 83).",
    RefusalGround.EXCLUDED_OFFENCE: (
        "The offence falls in a category excluded from Red Notices (RPD art. 83)."
    ),
    RefusalGround.INSUFFICIENT_DATA: "The request lacks the minimum data required (RPD art. 83).",
    RefusalGround.OTHER: "The request is not compliant with the Rules on the Processing of Data.",
}


class Decision(StrEnum):
    PUBLISH = "publish"
    REFUSE = "refuse"
    ASK_INFO = "ask_info"
    CANCEL = "cancel"


class FlagReason(StrEnum):
    """Why a receiving country will not act on its territory (Schengen art. 24 categories)."""

    INCOMPATIBLE_WITH_NATIONAL_LAW = "national_law"
    INTERNATIONAL_OBLIGATIONS = "international_obligations"
    ESSENTIAL_NATIONAL_INTERESTS = "essential_interests"
    REFUGEE_STATUS_GRANTED = "refugee_status"
    OTHER = "other"


class HitAction(StrEnum):
    LOCATED = "located"
    ARRESTED = "arrested"
    DETAINED_PROVISIONALLY = "provisionally_detained"
    UNDER_SURVEILLANCE = "under_surveillance"
    REFUSED_ENTRY = "refused_entry"
    INFORMATION_ONLY = "information_only"
    FOUND_SAFE = "found_safe"  # missing persons


HIT_ANSWER_HOURS = 12  # answer target in comparable systems (docs/reference/notices.md, hits)


def content_to_json(c: NoticeContent) -> dict[str, Any]:
    j = c.judicial
    return {
        "notice_type": c.notice_type.value,
        "subject_status": c.subject_status.value,
        "title": c.title,
        "summary": c.summary,
        "judicial": None
        if j is None
        else {
            "basis": j.basis.value,
            "offences": [
                {
                    "description": o.description,
                    "law": o.law,
                    "max_penalty_months": o.max_penalty_months,
                }
                for o in j.offences
            ],
            "warrant_reference": j.warrant_reference,
            "issuing_authority": j.issuing_authority,
            "warrant_date": j.warrant_date.isoformat() if j.warrant_date else None,
            "facts_summary": j.facts_summary,
            "facts_time": j.facts_time,
            "facts_place": j.facts_place,
            "extradition_countries": list(j.extradition_countries),
            "sentence_imposed_months": j.sentence_imposed_months,
            "sentence_remaining_months": j.sentence_remaining_months,
            "in_absentia": j.in_absentia,
            "retrial_guaranteed": j.retrial_guaranteed,
            "death_penalty_assurance": j.death_penalty_assurance,
        },
        "details": dict(c.details),
        "profile": sorted(p.value for p in c.profile),
        "public_extract": c.public_extract,
        "restricted_to": None if c.restricted_to is None else sorted(c.restricted_to),
    }


def _flag(v: Any) -> bool | None:
    if v is None or isinstance(v, bool):
        return v
    raise Invalid(f"expected true, false or null, got {v!r}")


def content_from_json(d: dict[str, Any]) -> NoticeContent:
    """Build content from its JSON form (interfaces normalise country codes first)."""
    try:
        j = d.get("judicial")
        judicial = None
        if j is not None:
            judicial = JudicialData(
                basis=JudicialBasis(j.get("basis", "prosecution")),
                offences=tuple(
                    Offence(
                        description=o["description"],
                        law=o.get("law", ""),
                        max_penalty_months=o.get("max_penalty_months"),
                    )
                    for o in j.get("offences", [])
                ),
                warrant_reference=j.get("warrant_reference", ""),
                issuing_authority=j.get("issuing_authority", ""),
                warrant_date=date.fromisoformat(j["warrant_date"])
                if j.get("warrant_date")
                else None,
                facts_summary=j.get("facts_summary", ""),
                facts_time=j.get("facts_time", ""),
                facts_place=j.get("facts_place", ""),
                extradition_countries=tuple(
                    dict.fromkeys(normalise_country(c) for c in j.get("extradition_countries", []))
                ),
                sentence_imposed_months=j.get("sentence_imposed_months"),
                sentence_remaining_months=j.get("sentence_remaining_months"),
                in_absentia=_flag(j.get("in_absentia")),
                retrial_guaranteed=_flag(j.get("retrial_guaranteed")),
                death_penalty_assurance=_flag(j.get("death_penalty_assurance")),
            )
        restricted = d.get("restricted_to")
        return NoticeContent(
            notice_type=NoticeType(d["notice_type"]),
            subject_status=SubjectStatus(d["subject_status"]),
            title=d["title"],
            summary=d.get("summary", ""),
            judicial=judicial,
            details={str(k): str(v) for k, v in (d.get("details") or {}).items()},
            profile=frozenset(Profile(p) for p in d.get("profile", [])),
            public_extract=bool(d.get("public_extract", False)),
            restricted_to=None
            if restricted is None
            else frozenset(normalise_country(c) for c in restricted),
        )
    except (KeyError, ValueError, TypeError) as exc:
        if isinstance(exc, Invalid):
            raise
        raise Invalid(f"notice content: {exc}") from exc
