"""What the notices pages share: the choices their forms offer, rendering, the login and
role gate with the CSRF check, and reading form fields."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Invalid
from xborder.kernel.names import NameKind
from xborder.kernel.purposes import parse_purpose
from xborder.measures import service as measures
from xborder.notices import diffusions, rules
from xborder.notices.domain import (
    DETAIL_FIELDS,
    GROUND_LABELS,
    SUSPENSION_MAX_DAYS,
    FlagReason,
    HitAction,
    NoticeType,
    Profile,
    SubjectStatus,
)
from xborder.persons.domain import Sex
from xborder.web.pages import render

TYPE_LABELS: dict[NoticeType, str] = {
    NoticeType.RED: "Red Notice",
    NoticeType.YELLOW: "Yellow Notice",
    NoticeType.BLUE: "Blue Notice",
    NoticeType.BLACK: "Black Notice",
    NoticeType.GREEN: "Green Notice",
    NoticeType.ORANGE: "Orange Notice",
    NoticeType.PURPLE: "Purple Notice",
    NoticeType.SILVER: "Silver Notice",
    NoticeType.UN: "UN Special Notice",
}


DEFAULT_STATUS: dict[NoticeType, SubjectStatus] = {
    NoticeType.RED: SubjectStatus.WANTED,
    NoticeType.YELLOW: SubjectStatus.MISSING,
    NoticeType.BLUE: SubjectStatus.PERSON_OF_INTEREST,
    NoticeType.BLACK: SubjectStatus.UNIDENTIFIED,
    NoticeType.GREEN: SubjectStatus.SUSPECT,
    NoticeType.ORANGE: SubjectStatus.SUSPECT,
    NoticeType.PURPLE: SubjectStatus.SUSPECT,
    NoticeType.SILVER: SubjectStatus.SUSPECT,
    NoticeType.UN: SubjectStatus.SANCTIONED,
}


# The type's own fields: the required ones (domain.REQUIRED) and the optional ones that go
# with them. A Red Notice's facts are its judicial block.
TYPE_DETAILS: dict[NoticeType, tuple[str, ...]] = {
    NoticeType.RED: (),
    NoticeType.YELLOW: ("missing_since", "last_seen_place", "circumstances"),
    NoticeType.BLUE: ("information_sought",),
    NoticeType.BLACK: ("found_date", "found_place", "cause_of_death", "circumstances"),
    NoticeType.GREEN: ("criminal_activity",),
    NoticeType.ORANGE: ("threat",),
    NoticeType.PURPLE: ("modus_operandi",),
    NoticeType.SILVER: ("assets",),
    NoticeType.UN: ("un_committee", "un_reference"),
}


LONG_DETAILS = frozenset(
    {
        "circumstances",
        "threat",
        "criminal_activity",
        "modus_operandi",
        "assets",
        "information_sought",
    }
)


SCRIPTS: list[tuple[str, str]] = [
    ("auto", "Detect"),
    ("Latn", "Latin"),
    ("Cyrl", "Cyrillic"),
    ("Arab", "Arabic"),
    ("Grek", "Greek"),
    ("Hebr", "Hebrew"),
    ("Hani", "Chinese (Han)"),
    ("Jpan", "Japanese"),
    ("Hang", "Korean (Hangul)"),
    ("Deva", "Devanagari"),
    ("Armn", "Armenian"),
    ("Geor", "Georgian"),
    ("Thai", "Thai"),
]


NAME_KINDS: list[tuple[str, str]] = [
    (NameKind.PRIMARY.value, "Primary name"),
    (NameKind.ALIAS.value, "Alias"),
    (NameKind.MAIDEN.value, "Maiden name"),
    (NameKind.TRANSLITERATION.value, "Transliteration"),
]


SEXES: list[tuple[str, str]] = [
    (Sex.UNKNOWN.value, "Unknown"),
    (Sex.FEMALE.value, "Female"),
    (Sex.MALE.value, "Male"),
]


PROFILE_LABELS: dict[Profile, str] = {
    Profile.POLITICIAN: "Opposition politician",
    Profile.ACTIVIST: "Activist",
    Profile.JOURNALIST: "Journalist",
    Profile.HUMAN_RIGHTS_DEFENDER: "Human rights defender",
    Profile.LAWYER: "Lawyer",
    Profile.FORMER_OFFICIAL: "Former official or head of state",
    Profile.RELIGIOUS_FIGURE: "Religious figure",
    Profile.WRITER_OR_ARTIST: "Writer or artist",
    Profile.ATHLETE: "Athlete",
    Profile.BUSINESS_RIVAL: "Businessman in dispute with the state",
    Profile.DISSIDENT: "Dissident",
}


FLAG_LABELS: dict[FlagReason, str] = {
    FlagReason.INCOMPATIBLE_WITH_NATIONAL_LAW: "Incompatible with our national law",
    FlagReason.INTERNATIONAL_OBLIGATIONS: "Contrary to our international obligations",
    FlagReason.ESSENTIAL_NATIONAL_INTERESTS: "Contrary to our essential national interests",
    FlagReason.REFUGEE_STATUS_GRANTED: "We granted the person refugee status",
    FlagReason.OTHER: "Other reason",
}


HIT_LABELS: dict[HitAction, str] = {
    HitAction.LOCATED: "Located",
    HitAction.ARRESTED: "Arrested",
    HitAction.DETAINED_PROVISIONALLY: "Provisionally detained",
    HitAction.UNDER_SURVEILLANCE: "Under surveillance",
    HitAction.REFUSED_ENTRY: "Refused entry",
    HitAction.INFORMATION_ONLY: "Information only",
    HitAction.FOUND_SAFE: "Found safe",
}


ART2_LABELS: dict[str, str] = {
    "torture": "Torture or ill-treatment",
    "unfair_trial": "Unfair trial",
    "death_penalty": "Death penalty",
    "prison_conditions": "Prison conditions",
    "other": "Other human-rights risk",
}


EVENT_LABELS: dict[str, str] = {
    "election": "Election",
    "protest": "Protest",
    "coup": "Coup or coup attempt",
    "government_change": "Change of government",
    "other": "Other",
}


DIFFUSION_KIND_LABELS: dict[str, str] = {
    diffusions.DiffusionKind.WANTED.value: "Wanted person",
    diffusions.DiffusionKind.MISSING.value: "Missing person",
    diffusions.DiffusionKind.INFORMATION.value: "Request for information",
    diffusions.DiffusionKind.WARNING.value: "Warning",
}


PROTECTED_STATUSES = ("refugee", "asylum", "subsidiary")


RULE_TITLES: dict[str, str] = {r.id: r.title for r in rules.RULES}


SEVERITY_LABELS: dict[str, str] = {
    rules.Severity.BLOCKING.value: "Blocking",
    rules.Severity.REVIEW.value: "Needs review",
    rules.Severity.INFO.value: "Information",
}


NOTE_LABELS: dict[str, str] = {
    "question": "Question from the reviewer",
    "answer": "Answer of the bureau",
    "supervisor": "Returned by the supervisor",
    "reviewer_internal": "Reviewer's internal note",
    "suspend": "Suspended",
    "resume": "Resumed",
    "withdraw": "Withdrawn",
    "renew": "Renewed",
    "expiry_reminder": "Expiry reminder",
}


MIN_NAME_ROWS, MIN_OFFENCE_ROWS, MIN_DATE_ROWS, MIN_RISK_ROWS, MIN_EVENT_ROWS = 3, 3, 2, 2, 2


MAX_ROWS = 50


SHORT, TEXT, LONG = 300, 2000, 20_000


def choices() -> dict[str, Any]:
    """Everything a template needs to draw selects and checkboxes."""
    return {
        "type_labels": {t.value: v for t, v in TYPE_LABELS.items()},
        "statuses": [s.value for s in SubjectStatus],
        "scripts": SCRIPTS,
        "name_kinds": NAME_KINDS,
        "sexes": SEXES,
        "profiles": [(p.value, v) for p, v in PROFILE_LABELS.items()],
        "detail_labels": DETAIL_FIELDS,
        "long_details": LONG_DETAILS,
        "ground_labels": [(g.value, v) for g, v in GROUND_LABELS.items()],
        "flag_labels": [(f.value, v) for f, v in FLAG_LABELS.items()],
        "hit_labels": [(h.value, v) for h, v in HIT_LABELS.items()],
        "art2_labels": list(ART2_LABELS.items()),
        "event_labels": list(EVENT_LABELS.items()),
        "kind_labels": DIFFUSION_KIND_LABELS,
        "scope_labels": [(s.value, v) for s, v in measures.SCOPE_LABELS.items()],
        "scope_label": {s.value: v for s, v in measures.SCOPE_LABELS.items()},
        "rule_titles": RULE_TITLES,
        "severity_labels": SEVERITY_LABELS,
        "note_labels": NOTE_LABELS,
        "flag_reason_labels": {f.value: v for f, v in FLAG_LABELS.items()},
        "hit_action_labels": {h.value: v for h, v in HIT_LABELS.items()},
        "ground_label": {g.value: v for g, v in GROUND_LABELS.items()},
        "suspension_max_days": SUSPENSION_MAX_DAYS,
        "protected_statuses": PROTECTED_STATUSES,
    }


def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    return render(request, template, status=status, path=request.url.path, **choices(), **context)


Id = Annotated[str, Path(max_length=40)]


def form_str(form: FormData, name: str, max_len: int = TEXT) -> str:
    v = form.get(name)
    s = v.strip() if isinstance(v, str) else ""
    if len(s) > max_len:
        raise Invalid(f"{name.replace('_', ' ')}: at most {max_len} characters", field=name)
    return s


def form_all(form: FormData, name: str, max_len: int = TEXT) -> list[str]:
    values = form.getlist(name)
    if len(values) > MAX_ROWS:
        raise Invalid(f"at most {MAX_ROWS} {name.replace('_', ' ')} rows", field=name)
    out = [v.strip() if isinstance(v, str) else "" for v in values]
    for s in out:
        if len(s) > max_len:
            raise Invalid(f"{name.replace('_', ' ')}: at most {max_len} characters", field=name)
    return out


def column(values: list[str], i: int) -> str:
    return values[i] if i < len(values) else ""


def form_int(text: str, what: str) -> int | None:
    if not text:
        return None
    if not re.fullmatch(r"\d{1,4}", text):
        raise Invalid(f"{what}: a whole number of months")
    return int(text)


def months_text(v: Any) -> str:
    return "" if v is None else str(v)


def form_date(text: str, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{what}: a date as YYYY-MM-DD") from None


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def midnight(d: date | None) -> datetime | None:
    return datetime.combine(d, time(0, 0), tzinfo=UTC) if d else None


def form_countries(text: str, what: str) -> list[str]:
    """`FR, DEU de` → ["FR", "DE", "DE"]; unknown codes are refused by name."""
    out: list[str] = []
    for code in re.split(r"[\s,;]+", text):
        if code:
            try:
                out.append(normalise_country(code))
            except Invalid as exc:
                raise Invalid(f"{what}: {exc.detail}") from None
    return list(dict.fromkeys(out))


def purpose_or_none(form: FormData) -> str:
    """The purpose a detail page was opened for, carried by its forms (validated)."""
    p = form_str(form, "purpose", 40)
    return parse_purpose(p).value if p else ""
