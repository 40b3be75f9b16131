"""Pages for the notices workflow: the bureau's requests and diffusions, the supervisor's
approvals, the review task force's queue and decision page, corrective measures and the
secretariat's country context.

Each page calls the same service functions as the API (`api/routes/notices.py`,
`api/routes/diffusions.py`); the services check role and organisation again. Every read of
a person's particulars passes the purpose interstitial, every form carries the session's
CSRF token, and a form the service refuses comes back with the message and what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from xborder.api.deps import CsrfFailure, ctx
from xborder.identity import secrets
from xborder.identity.policy import Action, allowed
from xborder.kernel.actor import Actor, OrgKind, WebSession
from xborder.kernel.clock import utcnow
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Conflict, Forbidden, Invalid
from xborder.kernel.names import NameKind
from xborder.kernel.purposes import PURPOSE_LABELS, Purpose, parse_purpose
from xborder.measures import service as measures
from xborder.names.scripts import detect_script
from xborder.notices import context, diffusions, rules
from xborder.notices import service as notices
from xborder.notices.domain import (
    DETAIL_FIELDS,
    GROUND_LABELS,
    PERSON_TYPES,
    REQUIRED,
    SUSPENSION_MAX_DAYS,
    Decision,
    FlagReason,
    HitAction,
    JudicialBasis,
    NoticeContent,
    NoticeType,
    Profile,
    RefusalGround,
    State,
    SubjectStatus,
    content_from_json,
)
from xborder.persons import codec
from xborder.persons.domain import Person, Sex
from xborder.safeguards import service as country_data
from xborder.safeguards.countrydata import SCHEMAS
from xborder.store.db import Database
from xborder.web.pages import _purposes, _session, render

router = APIRouter(include_in_schema=False)

# --- choices shown in forms (values are the domain's; labels go through _() in templates) ---------

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


# --- session, role and CSRF -----------------------------------------------------------------------


async def _read_form(request: Request) -> FormData:
    return await request.form()


Form = Annotated[FormData, Depends(_read_form)]
Id = Annotated[str, Path(max_length=40)]


def _login() -> Response:
    return RedirectResponse("/login", status_code=303)


def _to(path: str, **query: str) -> Response:
    q = {k: v for k, v in query.items() if v}
    return RedirectResponse(path + (f"?{urlencode(q)}" if q else ""), status_code=303)


def _gate(request: Request, action: Action, bureau: bool = False) -> WebSession | None:
    """The session (None: send to the login page), or Forbidden for a role without the
    action; `bureau` pages are a bureau's own work and refuse the secretariat too."""
    ws = _session(request)
    if ws is None:
        return None
    if not allowed(ws.actor, action):
        raise Forbidden(f"role {ws.actor.role.value} may not {action.value}")
    if bureau and (ws.actor.org_kind != OrgKind.BUREAU or ws.actor.country is None):
        raise Forbidden("this page is a bureau's own work")
    return ws


def _gate_post(
    request: Request, form: FormData, action: Action, bureau: bool = False
) -> WebSession | None:
    ws = _session(request)
    if ws is None:
        return None
    if not secrets.same(ws.csrf_token, _str(form, "csrf_token", SHORT)):
        raise CsrfFailure("send the form from its page (the CSRF token is missing or wrong)")
    return _gate(request, action, bureau)


# --- reading form fields --------------------------------------------------------------------------


def _str(form: FormData, name: str, max_len: int = TEXT) -> str:
    v = form.get(name)
    s = v.strip() if isinstance(v, str) else ""
    if len(s) > max_len:
        raise Invalid(f"{name.replace('_', ' ')}: at most {max_len} characters", field=name)
    return s


def _all(form: FormData, name: str, max_len: int = TEXT) -> list[str]:
    values = form.getlist(name)
    if len(values) > MAX_ROWS:
        raise Invalid(f"at most {MAX_ROWS} {name.replace('_', ' ')} rows", field=name)
    out = [v.strip() if isinstance(v, str) else "" for v in values]
    for s in out:
        if len(s) > max_len:
            raise Invalid(f"{name.replace('_', ' ')}: at most {max_len} characters", field=name)
    return out


def _column(values: list[str], i: int) -> str:
    return values[i] if i < len(values) else ""


def _int(text: str, what: str) -> int | None:
    if not text:
        return None
    if not re.fullmatch(r"\d{1,4}", text):
        raise Invalid(f"{what}: a whole number of months")
    return int(text)


def _months_text(v: Any) -> str:
    return "" if v is None else str(v)


def _date(text: str, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{what}: a date as YYYY-MM-DD") from None


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def _midnight(d: date | None) -> datetime | None:
    return datetime.combine(d, time(0, 0), tzinfo=UTC) if d else None


def _countries(text: str, what: str) -> list[str]:
    """`FR, DEU de` → ["FR", "DE", "DE"]; unknown codes are refused by name."""
    out: list[str] = []
    for code in re.split(r"[\s,;]+", text):
        if code:
            try:
                out.append(normalise_country(code))
            except Invalid as exc:
                raise Invalid(f"{what}: {exc.detail}") from None
    return list(dict.fromkeys(out))


def _purpose_or_none(form: FormData) -> str:
    """The purpose a detail page was opened for, carried by its forms (validated)."""
    p = _str(form, "purpose", 40)
    return parse_purpose(p).value if p else ""


# --- the request form -----------------------------------------------------------------------------


@dataclass
class NameRow:
    full: str = ""
    given: str = ""
    family: str = ""
    script: str = "auto"
    kind: str = NameKind.ALIAS.value
    lang: str = ""


@dataclass
class OffenceRow:
    description: str = ""
    law: str = ""
    months: str = ""


@dataclass
class RequestForm:
    """The request form as typed: re-rendered as is when the service refuses it."""

    notice_type: str = NoticeType.RED.value
    subject_status: str = SubjectStatus.WANTED.value
    title: str = ""
    summary: str = ""
    names: list[NameRow] = field(default_factory=list)
    sex: str = Sex.UNKNOWN.value
    birth_dates: list[str] = field(default_factory=list)
    place_of_birth: str = ""
    country_of_birth: str = ""
    nationalities: str = ""
    languages: str = ""
    basis: str = JudicialBasis.PROSECUTION.value
    offences: list[OffenceRow] = field(default_factory=list)
    warrant_reference: str = ""
    issuing_authority: str = ""
    warrant_date: str = ""
    facts_time: str = ""
    facts_place: str = ""
    facts_summary: str = ""
    extradition_countries: str = ""
    sentence_imposed: str = ""
    sentence_remaining: str = ""
    details: dict[str, str] = field(default_factory=dict)
    profile: list[str] = field(default_factory=list)
    public_extract: bool = False
    restricted_to: str = ""

    @property
    def type(self) -> NoticeType:
        return NoticeType(self.notice_type)

    @property
    def detail_fields(self) -> tuple[str, ...]:
        return TYPE_DETAILS[self.type]

    @property
    def required_details(self) -> set[str]:
        return {r.removeprefix("details.") for r in REQUIRED[self.type] if r.startswith("details.")}

    @property
    def person_required(self) -> bool:
        return self.type in PERSON_TYPES

    def pad(self, more_names: int = 0, more_offences: int = 0) -> RequestForm:
        """Enough empty rows to type into (no script needed to add one: the form's own
        'add a row' button posts the form back with one more)."""
        if not self.names:
            self.names.append(NameRow(kind=NameKind.PRIMARY.value))
        want = min(MAX_ROWS, max(MIN_NAME_ROWS, len(self.names) + more_names))
        self.names += [NameRow() for _ in range(want - len(self.names))]
        want = min(MAX_ROWS, max(MIN_OFFENCE_ROWS, len(self.offences) + more_offences))
        self.offences += [OffenceRow() for _ in range(want - len(self.offences))]
        self.birth_dates += [""] * (MIN_DATE_ROWS - len(self.birth_dates))
        return self

    @classmethod
    def blank(cls, notice_type: NoticeType) -> RequestForm:
        return cls(
            notice_type=notice_type.value, subject_status=DEFAULT_STATUS[notice_type].value
        ).pad()

    @classmethod
    def parse(cls, form: FormData) -> RequestForm:
        try:
            t = NoticeType(_str(form, "notice_type", 10))
        except ValueError:
            raise Invalid("choose a notice type", field="notice_type") from None
        full, given, family = (_all(form, f"name_{k}", SHORT) for k in ("full", "given", "family"))
        script, kind, lang = (_all(form, f"name_{k}", 20) for k in ("script", "kind", "lang"))
        names = [
            NameRow(
                full[i],
                _column(given, i),
                _column(family, i),
                _column(script, i) or "auto",
                _column(kind, i) or NameKind.ALIAS.value,
                _column(lang, i),
            )
            for i in range(len(full))
        ]
        desc, law, months = (
            _all(form, f"offence_{k}", TEXT) for k in ("description", "law", "months")
        )
        offences = [
            OffenceRow(desc[i], _column(law, i), _column(months, i)) for i in range(len(desc))
        ]
        return cls(
            notice_type=t.value,
            subject_status=_str(form, "subject_status", 30) or DEFAULT_STATUS[t].value,
            title=_str(form, "title", SHORT),
            summary=_str(form, "summary", LONG),
            names=names,
            sex=_str(form, "sex", 1) or Sex.UNKNOWN.value,
            birth_dates=_all(form, "birth_date", 30),
            place_of_birth=_str(form, "place_of_birth", 200),
            country_of_birth=_str(form, "country_of_birth", 3),
            nationalities=_str(form, "nationalities", SHORT),
            languages=_str(form, "languages", SHORT),
            basis=_str(form, "basis", 20) or JudicialBasis.PROSECUTION.value,
            offences=offences,
            warrant_reference=_str(form, "warrant_reference", 200),
            issuing_authority=_str(form, "issuing_authority", SHORT),
            warrant_date=_str(form, "warrant_date", 10),
            facts_time=_str(form, "facts_time", 200),
            facts_place=_str(form, "facts_place", SHORT),
            facts_summary=_str(form, "facts_summary", LONG),
            extradition_countries=_str(form, "extradition_countries", TEXT),
            sentence_imposed=_str(form, "sentence_imposed", 4),
            sentence_remaining=_str(form, "sentence_remaining", 4),
            details={k: _str(form, f"detail_{k}", TEXT) for k in TYPE_DETAILS[t]},
            profile=_all(form, "profile", 40),
            public_extract=_str(form, "public_extract", 5) == "yes",
            restricted_to=_str(form, "restricted_to", TEXT),
        )

    @classmethod
    def from_view(cls, v: notices.NoticeView) -> RequestForm:
        """An existing draft, to edit."""
        c = v.content
        j = c.get("judicial") or {}
        p = v.person
        f = cls(
            notice_type=v.notice_type,
            subject_status=c.get("subject_status", ""),
            title=c.get("title", ""),
            summary=c.get("summary", ""),
            basis=j.get("basis", JudicialBasis.PROSECUTION.value),
            offences=[
                OffenceRow(
                    o["description"],
                    o.get("law", ""),
                    _months_text(o.get("max_penalty_months")),
                )
                for o in j.get("offences", [])
            ],
            warrant_reference=j.get("warrant_reference", ""),
            issuing_authority=j.get("issuing_authority", ""),
            warrant_date=j.get("warrant_date") or "",
            facts_time=j.get("facts_time", ""),
            facts_place=j.get("facts_place", ""),
            facts_summary=j.get("facts_summary", ""),
            extradition_countries=", ".join(j.get("extradition_countries", [])),
            sentence_imposed=_months_text(j.get("sentence_imposed_months")),
            sentence_remaining=_months_text(j.get("sentence_remaining_months")),
            details=dict(c.get("details") or {}),
            profile=list(c.get("profile", [])),
            public_extract=bool(c.get("public_extract")),
            restricted_to=", ".join(c.get("restricted_to") or []),
        )
        if p is not None:
            f.names = [
                NameRow(n.full, n.given, n.family, n.script, n.kind.value, n.lang) for n in p.names
            ]
            f.sex = p.sex.value
            f.birth_dates = [d.iso() for d in p.birth_dates]
            f.place_of_birth = p.place_of_birth
            f.country_of_birth = p.country_of_birth or ""
            f.nationalities = ", ".join(p.nationalities)
            f.languages = ", ".join(p.languages)
        return f.pad()

    def content(self) -> NoticeContent:
        t = self.type
        judicial = None
        if t == NoticeType.RED:
            judicial = {
                "basis": self.basis,
                "offences": [
                    {
                        "description": o.description,
                        "law": o.law,
                        "max_penalty_months": _int(o.months, "maximum penalty"),
                    }
                    for o in self.offences
                    if o.description or o.law or o.months
                ],
                "warrant_reference": self.warrant_reference,
                "issuing_authority": self.issuing_authority,
                "warrant_date": (
                    d.isoformat() if (d := _date(self.warrant_date, "warrant date")) else None
                ),
                "facts_summary": self.facts_summary,
                "facts_time": self.facts_time,
                "facts_place": self.facts_place,
                "extradition_countries": _countries(
                    self.extradition_countries, "extradition countries"
                ),
                "sentence_imposed_months": _int(self.sentence_imposed, "sentence imposed"),
                "sentence_remaining_months": _int(
                    self.sentence_remaining, "sentence left to serve"
                ),
            }
        restricted = _countries(self.restricted_to, "dissemination restricted to")
        return content_from_json(
            {
                "notice_type": t.value,
                "subject_status": self.subject_status,
                "title": self.title,
                "summary": self.summary,
                "judicial": judicial,
                "details": {k: v for k, v in self.details.items() if v},
                "profile": self.profile,
                "public_extract": self.public_extract,
                "restricted_to": restricted or None,
            }
        )

    def person(self) -> Person | None:
        rows = [n for n in self.names if n.full]
        if not rows:
            return None
        names = []
        for n in rows:
            script = detect_script(n.full) if n.script == "auto" else n.script
            if script in ("Zyyy", "Zzzz"):
                script = "Latn"
            names.append(
                {
                    "full": n.full,
                    "given": n.given,
                    "family": n.family,
                    "script": script,
                    "lang": n.lang.lower(),
                    "kind": n.kind,
                }
            )
        return codec.from_json(
            {
                "names": names,
                "sex": self.sex,
                "birth_dates": [d for d in self.birth_dates if d],
                "place_of_birth": self.place_of_birth,
                "country_of_birth": self.country_of_birth or None,
                "nationalities": _countries(self.nationalities, "nationalities"),
                "languages": [x for x in re.split(r"[\s,;]+", self.languages) if x],
            }
        )


def _new_type(value: str) -> NoticeType:
    try:
        return NoticeType(value or NoticeType.RED.value)
    except ValueError:
        raise Invalid("choose a notice type", field="type") from None


@router.get("/bureau/notices")
def bureau_notices(request: Request) -> Response:
    ws = _gate(request, Action.NOTICE_READ, bureau=True)
    if ws is None:
        return _login()
    db, a = ctx(request).db, ws.actor
    own = notices.list_notices(db, a, own=True, limit=1000)
    by_state = [(s.value, [n for n in own if n.state == s.value]) for s in State]
    published = [
        n
        for n in notices.list_notices(db, a, state=State.PUBLISHED.value)
        if n.requesting_country != a.country
    ]
    hits = notices.open_hits(db, a) if allowed(a, Action.NOTICE_HIT) else []
    return page(
        request,
        "notices/bureau_list.html",
        by_state=[(s, rows) for s, rows in by_state if rows],
        published=published,
        hits=hits,
        now=utcnow(),
    )


@router.get("/bureau/notices/new")
def new_request_form(request: Request, type: str = "") -> Response:
    ws = _gate(request, Action.NOTICE_DRAFT, bureau=True)
    if ws is None:
        return _login()
    return page(request, "notices/request_form.html", f=RequestForm.blank(_new_type(type)))


def _request_form_again(
    request: Request, f: RequestForm, error: str = "", status: int = 200
) -> Response:
    return page(request, "notices/request_form.html", status=status, f=f, error=error)


@router.post("/bureau/notices/new")
def new_request_submit(request: Request, form: Form) -> Response:
    ws = _gate_post(request, form, Action.NOTICE_DRAFT, bureau=True)
    if ws is None:
        return _login()
    db = ctx(request).db
    try:
        f = RequestForm.parse(form)
    except Invalid as exc:
        return _request_form_again(request, RequestForm.blank(NoticeType.RED), exc.detail, 422)
    add = _str(form, "add", 20)
    if add:  # "add a row": the same form back, with what was typed and one more row
        return _request_form_again(
            request, f.pad(more_names=add == "name", more_offences=add == "offence")
        )
    try:
        nid = notices.create_request(db, ws.actor, f.content(), f.person())
    except (Invalid, Conflict) as exc:
        return _request_form_again(request, f.pad(), exc.detail, exc.status)
    if _str(form, "then", 20) == "send":
        notices.send_for_approval(db, ws.actor, nid)
    return _to(f"/bureau/notices/{nid}")


@router.get("/bureau/notices/{notice_id}/edit")
def edit_request_form(request: Request, notice_id: Id, purpose: str = "") -> Response:
    ws = _gate(request, Action.NOTICE_DRAFT, bureau=True)
    if ws is None:
        return _login()
    if not purpose:
        return render(
            request,
            "purpose.html",
            action=f"/bureau/notices/{notice_id}/edit",
            purposes=_purposes(),
        )
    v = notices.get_notice(ctx(request).db, ws.actor, notice_id, parse_purpose(purpose))
    if not v.is_source or v.state != State.DRAFT.value:
        raise Conflict(f"a {v.state} request cannot be edited here")
    return page(
        request,
        "notices/request_form.html",
        f=RequestForm.from_view(v),
        notice_id=notice_id,
        number=v.number,
        purpose=purpose,
    )


@router.post("/bureau/notices/{notice_id}/edit")
def edit_request_submit(request: Request, notice_id: Id, form: Form) -> Response:
    ws = _gate_post(request, form, Action.NOTICE_DRAFT, bureau=True)
    if ws is None:
        return _login()
    db = ctx(request).db
    purpose = _purpose_or_none(form)
    f = RequestForm.parse(form)
    add = _str(form, "add", 20)
    if add:
        f.pad(more_names=add == "name", more_offences=add == "offence")
        return page(request, "notices/request_form.html", f=f, notice_id=notice_id, purpose=purpose)
    try:
        notices.update_draft(db, ws.actor, notice_id, f.content(), f.person())
    except (Invalid, Conflict) as exc:
        return page(
            request,
            "notices/request_form.html",
            status=exc.status,
            f=f.pad(),
            error=exc.detail,
            notice_id=notice_id,
            purpose=purpose,
        )
    if _str(form, "then", 20) == "send":
        notices.send_for_approval(db, ws.actor, notice_id)
    return _to(f"/bureau/notices/{notice_id}", purpose=purpose)


# --- the bureau's view of one notice --------------------------------------------------------------


def _bureau_view(
    request: Request,
    ws: WebSession,
    notice_id: str,
    purpose: str,
    error: str = "",
    status: int = 200,
) -> Response:
    p = parse_purpose(purpose)
    v = notices.get_notice(ctx(request).db, ws.actor, notice_id, p)
    a = ws.actor
    live = v.state in (State.PUBLISHED.value, State.SUSPENDED.value)
    return page(
        request,
        "notices/bureau_view.html",
        status=status,
        v=v,
        purpose=p.value,
        purpose_label=PURPOSE_LABELS[p],
        error=error,
        own_flag=next((f for f in v.flags if f["country"] == a.country), None),
        may_manage=v.is_source and allowed(a, Action.NOTICE_SOURCE_MANAGE),
        may_approve=v.can_approve and allowed(a, Action.NOTICE_APPROVE),
        may_flag=not v.is_source and live and allowed(a, Action.NOTICE_FLAG),
        may_hit=not v.is_source
        and v.state == State.PUBLISHED.value
        and allowed(a, Action.NOTICE_HIT),
        today=utcnow().date(),
        suspend_max=(utcnow() + timedelta(days=SUSPENSION_MAX_DAYS - 1)).date(),
    )


@router.get("/bureau/notices/{notice_id}")
def bureau_notice(request: Request, notice_id: Id, purpose: str = "") -> Response:
    ws = _gate(request, Action.NOTICE_READ, bureau=True)
    if ws is None:
        return _login()
    if not purpose:
        return render(
            request, "purpose.html", action=f"/bureau/notices/{notice_id}", purposes=_purposes()
        )
    return _bureau_view(request, ws, notice_id, purpose)


def _bureau_action(
    request: Request,
    form: FormData,
    notice_id: str,
    action: Action,
    do: Callable[[WebSession], object],
) -> Response:
    """Run one action from the bureau's view; a refusal comes back on the same page."""
    ws = _gate_post(request, form, action, bureau=True)
    if ws is None:
        return _login()
    purpose = _purpose_or_none(form) or Purpose.INVESTIGATION.value
    try:
        do(ws)
    except (Invalid, Conflict) as exc:
        return _bureau_view(request, ws, notice_id, purpose, exc.detail, exc.status)
    return _to(f"/bureau/notices/{notice_id}", purpose=purpose)


@router.post("/bureau/notices/{notice_id}/send")
def send_for_approval(request: Request, notice_id: Id, form: Form) -> Response:
    db = ctx(request).db
    return _bureau_action(
        request,
        form,
        notice_id,
        Action.NOTICE_DRAFT,
        lambda ws: notices.send_for_approval(db, ws.actor, notice_id),
    )


@router.post("/bureau/notices/{notice_id}/approve")
def approve(request: Request, notice_id: Id, form: Form) -> Response:
    c = ctx(request)
    return _bureau_action(
        request,
        form,
        notice_id,
        Action.NOTICE_APPROVE,
        lambda ws: notices.approve(c.db, ws.actor, c.settings, notice_id),
    )


@router.post("/bureau/notices/{notice_id}/return")
def return_to_draft(request: Request, notice_id: Id, form: Form) -> Response:
    db = ctx(request).db
    reason = _str(form, "reason", TEXT)
    return _bureau_action(
        request,
        form,
        notice_id,
        Action.NOTICE_APPROVE,
        lambda ws: notices.return_to_draft(db, ws.actor, notice_id, reason),
    )


@router.post("/bureau/notices/{notice_id}/answer")
def answer_question(request: Request, notice_id: Id, form: Form) -> Response:
    db = ctx(request).db
    answer = _str(form, "answer", LONG)
    return _bureau_action(
        request,
        form,
        notice_id,
        Action.NOTICE_DRAFT,
        lambda ws: notices.answer_info(db, ws.actor, notice_id, answer),
    )


@router.post("/bureau/notices/{notice_id}/suspend")
def suspend(request: Request, notice_id: Id, form: Form) -> Response:
    db = ctx(request).db
    reason = _str(form, "reason", TEXT)
    until_text = _str(form, "until", 10)

    def do(ws: WebSession) -> None:
        until = _midnight(_date(until_text, "suspended until"))
        if until is None:
            raise Invalid("say until when", field="until")
        notices.suspend(db, ws.actor, notice_id, until, reason)

    return _bureau_action(request, form, notice_id, Action.NOTICE_SOURCE_MANAGE, do)


def _source_action(
    request: Request,
    notice_id: str,
    form: FormData,
    fn: Callable[[Database, Actor, str, str], None],
) -> Response:
    """Resume, withdraw or renew: the source's supervisor, with a reason."""
    db = ctx(request).db
    reason = _str(form, "reason", TEXT)
    return _bureau_action(
        request,
        form,
        notice_id,
        Action.NOTICE_SOURCE_MANAGE,
        lambda ws: fn(db, ws.actor, notice_id, reason),
    )


@router.post("/bureau/notices/{notice_id}/resume")
def resume(request: Request, notice_id: Id, form: Form) -> Response:
    return _source_action(request, notice_id, form, notices.resume)


@router.post("/bureau/notices/{notice_id}/withdraw")
def withdraw(request: Request, notice_id: Id, form: Form) -> Response:
    return _source_action(request, notice_id, form, notices.withdraw)


@router.post("/bureau/notices/{notice_id}/renew")
def renew(request: Request, notice_id: Id, form: Form) -> Response:
    return _source_action(request, notice_id, form, notices.renew)


@router.post("/bureau/notices/{notice_id}/flag")
def flag(request: Request, notice_id: Id, form: Form) -> Response:
    db = ctx(request).db
    reason, note = _str(form, "reason", 40), _str(form, "note", TEXT)

    def do(ws: WebSession) -> None:
        try:
            r = FlagReason(reason)
        except ValueError:
            raise Invalid("choose the reason for the flag", field="reason") from None
        notices.add_flag(db, ws.actor, notice_id, r, note)

    return _bureau_action(request, form, notice_id, Action.NOTICE_FLAG, do)


@router.post("/bureau/notices/{notice_id}/unflag")
def unflag(request: Request, notice_id: Id, form: Form) -> Response:
    db = ctx(request).db
    return _bureau_action(
        request,
        form,
        notice_id,
        Action.NOTICE_FLAG,
        lambda ws: notices.remove_flag(db, ws.actor, notice_id),
    )


@router.post("/bureau/notices/{notice_id}/hits")
def report_hit(request: Request, notice_id: Id, form: Form) -> Response:
    db = ctx(request).db
    seen, place = _str(form, "seen_at", 20), _str(form, "place", SHORT)
    action, refs = _str(form, "action", 40), _str(form, "references", SHORT)

    def do(ws: WebSession) -> None:
        try:
            seen_at = datetime.fromisoformat(seen).replace(tzinfo=UTC)
        except ValueError:
            raise Invalid("say when (date and time, UTC)", field="seen_at") from None
        try:
            act = HitAction(action)
        except ValueError:
            raise Invalid("choose the action taken", field="action") from None
        notices.report_hit(db, ws.actor, notice_id, seen_at, place, act, refs)

    return _bureau_action(request, form, notice_id, Action.NOTICE_HIT, do)


@router.post("/bureau/notices/{notice_id}/hits/{hit_id}/answer")
def answer_hit(request: Request, notice_id: Id, hit_id: Id, form: Form) -> Response:
    db = ctx(request).db
    answer = _str(form, "answer", TEXT)
    return _bureau_action(
        request,
        form,
        notice_id,
        Action.NOTICE_HIT,
        lambda ws: notices.answer_hit(db, ws.actor, hit_id, answer),
    )


# --- the supervisor's approvals -------------------------------------------------------------------


@router.get("/approvals")
def approvals(request: Request) -> Response:
    ws = _gate(request, Action.NOTICE_APPROVE, bureau=True)
    if ws is None:
        return _login()
    waiting = notices.list_notices(
        ctx(request).db, ws.actor, state=State.AWAITING_APPROVAL.value, own=True
    )
    return page(request, "notices/approvals.html", waiting=waiting)


# --- the review task force ------------------------------------------------------------------------


@router.get("/review")
def review_queue(request: Request) -> Response:
    ws = _gate(request, Action.NOTICE_REVIEW)
    if ws is None:
        return _login()
    return page(
        request, "notices/review_queue.html", queue=notices.review_queue(ctx(request).db, ws.actor)
    )


# Registered before /review/{notice_id} so that "diffusions" and "context" are not ids.
@router.get("/review/diffusions")
def diffusion_review_queue(request: Request, done: str = "") -> Response:
    ws = _gate(request, Action.DIFFUSION_REVIEW)
    if ws is None:
        return _login()
    queue = diffusions.review_queue(ctx(request).db, ws.actor)
    return page(request, "notices/diffusion_review.html", queue=queue, done=done[:40])


@router.post("/review/diffusions/{diffusion_id}")
def diffusion_review(request: Request, diffusion_id: Id, form: Form) -> Response:
    ws = _gate_post(request, form, Action.DIFFUSION_REVIEW)
    if ws is None:
        return _login()
    verdict = _str(form, "verdict", 20)
    if verdict not in ("compliant", "non_compliant"):
        raise Invalid("choose compliant or not", field="verdict")
    db = ctx(request).db
    try:
        state = diffusions.review(
            db, ws.actor, diffusion_id, verdict == "compliant", _str(form, "rationale", LONG)
        )
    except (Invalid, Conflict) as exc:
        queue = diffusions.review_queue(db, ws.actor)
        return page(
            request,
            "notices/diffusion_review.html",
            status=exc.status,
            queue=queue,
            error=exc.detail,
            error_for=diffusion_id,
        )
    return _to("/review/diffusions", done=state)


@router.get("/review/context")
def context_pick(request: Request, country: str = "") -> Response:
    ws = _gate(request, Action.CONTEXT_MANAGE)
    if ws is None:
        return _login()
    if country:
        return _to(f"/review/context/{normalise_country(country[:3])}")
    return page(request, "notices/context_pick.html")


def _context_page(
    request: Request,
    ws: WebSession,
    country: str,
    error: str = "",
    status: int = 200,
    recorded: str = "",
    on: date | None = None,
) -> Response:
    c = context.get_context(ctx(request).db, ws.actor, country)
    data = country_data.view(ctx(request).db, ws.actor, country, on)
    risks = [{"risk": r.risk, "source": r.source, "note": r.note} for r in c.art2_risks]
    events = [
        {
            "kind": e.kind,
            "starts_on": e.starts_on.isoformat(),
            "ends_on": e.ends_on.isoformat() if e.ends_on else "",
            "label": e.label,
        }
        for e in c.events
    ]
    risks += [{"risk": "", "source": "", "note": ""}] * MIN_RISK_ROWS
    events += [{"kind": "", "starts_on": "", "ends_on": "", "label": ""}] * MIN_EVENT_ROWS
    return page(
        request,
        "notices/context.html",
        status=status,
        c=c,
        data=data,
        datasets=sorted(SCHEMAS),
        risks=risks,
        events=events,
        error=error,
        recorded=recorded,
    )


@router.get("/review/context/{country}")
def context_page(request: Request, country: str, recorded: str = "", on: str = "") -> Response:
    ws = _gate(request, Action.CONTEXT_MANAGE)
    if ws is None:
        return _login()
    try:
        when = date.fromisoformat(on[:10]) if on else None
    except ValueError:
        return _context_page(
            request, ws, country[:3], error="Give the date as YYYY-MM-DD.", status=422
        )
    return _context_page(request, ws, country[:3], recorded=recorded[:10], on=when)


def _risk_rows(form: FormData) -> list[dict[str, str]]:
    risk, source, note = (_all(form, f"risk_{k}", TEXT) for k in ("kind", "source", "note"))
    return [
        {"risk": risk[i], "source": _column(source, i), "note": _column(note, i)}
        for i in range(len(risk))
        if risk[i] or _column(source, i) or _column(note, i)
    ]


@router.post("/review/context/{country}")
def context_save(request: Request, country: str, form: Form) -> Response:
    ws = _gate_post(request, form, Action.CONTEXT_MANAGE)
    if ws is None:
        return _login()
    kind, starts, ends, label = (
        _all(form, f"event_{k}", SHORT) for k in ("kind", "starts_on", "ends_on", "label")
    )
    events = [
        {
            "kind": kind[i],
            "starts_on": _column(starts, i),
            "ends_on": _column(ends, i),
            "label": _column(label, i),
        }
        for i in range(len(kind))
        if kind[i] or _column(starts, i) or _column(label, i)
    ]
    try:
        context.set_context(
            ctx(request).db,
            ws.actor,
            country[:3],
            _str(form, "note", LONG),
            _risk_rows(form),
            events,
        )
    except Invalid as exc:
        return _context_page(request, ws, country[:3], exc.detail, exc.status)
    return _to(f"/review/context/{normalise_country(country[:3])}", recorded="context")


@router.post("/review/protected-status")
def protected_status(request: Request, form: Form) -> Response:
    ws = _gate_post(request, form, Action.CONTEXT_MANAGE)
    if ws is None:
        return _login()
    fled = _str(form, "fled_country", 3)
    names = [n for n in _str(form, "names", TEXT).splitlines() if n.strip()]
    try:
        context.record_protected_status(
            ctx(request).db,
            ws.actor,
            fled_country=fled,
            granting_country=_str(form, "granting_country", 3),
            status=_str(form, "status", 20),
            confirmed=_str(form, "confirmed", 5) == "yes",
            names=names[:20],
            birth_date=_str(form, "birth_date", 30),
            granted_on=(
                d.isoformat() if (d := _date(_str(form, "granted_on", 10), "granted on")) else ""
            ),
            grounds_unrelated=_str(form, "grounds_unrelated", 5) == "yes",
        )
    except Invalid as exc:
        try:
            country = normalise_country(fled)
        except Invalid:
            return page(request, "notices/context_pick.html", status=exc.status, error=exc.detail)
        return _context_page(request, ws, country, exc.detail, exc.status)
    return _to(f"/review/context/{normalise_country(fled)}", recorded="protected")


def _review_page(
    request: Request,
    ws: WebSession,
    notice_id: str,
    error: str = "",
    status: int = 200,
    typed: dict[str, Any] | None = None,
) -> Response:
    v = notices.get_notice(ctx(request).db, ws.actor, notice_id, Purpose.NOTICE_REVIEW)
    inputs = v.review_inputs or {}
    risks = [dict(r) for r in inputs.get("art2_risks", [])]
    risks += [{"risk": "", "source": "", "note": ""}] * MIN_RISK_ROWS
    counts = {s.value: 0 for s in rules.Severity}
    for f in v.findings:
        counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    # what the data findings ask the bureau for, offered as the question to send
    asks = [
        str(f["evidence"]["question"])
        for f in v.findings
        if f["severity"] != "info"
        and isinstance(f.get("evidence"), dict)
        and f["evidence"].get("question")
    ]
    return page(
        request,
        "notices/review.html",
        suggested_question="\n".join(dict.fromkeys(asks)),
        status=status,
        v=v,
        purpose=Purpose.NOTICE_REVIEW.value,
        purpose_label=PURPOSE_LABELS[Purpose.NOTICE_REVIEW],
        risks=risks,
        profile_facts=list(enumerate(inputs.get("profiles", []))),
        profile_kinds=[(p.value, v) for p, v in PROFILE_LABELS.items()],
        asylum_claim_on=inputs.get("asylum_claim_on") or "",
        counts=counts,
        pending=v.state in (State.REQUESTED.value, State.MORE_INFO.value),
        live=v.state in (State.PUBLISHED.value, State.SUSPENDED.value),
        error=error,
        typed=typed or {},
    )


@router.get("/review/{notice_id}")
def review_notice(request: Request, notice_id: Id, purpose: str = "") -> Response:
    ws = _gate(request, Action.NOTICE_REVIEW)
    if ws is None:
        return _login()
    if not purpose:
        only = Purpose.NOTICE_REVIEW
        return render(
            request,
            "purpose.html",
            action=f"/review/{notice_id}",
            purposes=[(only.value, PURPOSE_LABELS[only])],
        )
    if parse_purpose(purpose) != Purpose.NOTICE_REVIEW:
        raise Invalid("the decision page is opened for compliance review", field="purpose")
    return _review_page(request, ws, notice_id)


def _grounds(form: FormData) -> list[RefusalGround]:
    try:
        return [RefusalGround(g) for g in _all(form, "grounds", 40)]
    except ValueError:
        raise Invalid("unknown refusal ground", field="grounds") from None


@router.post("/review/{notice_id}/decision")
def review_decision(request: Request, notice_id: Id, form: Form) -> Response:
    ws = _gate_post(request, form, Action.NOTICE_REVIEW)
    if ws is None:
        return _login()
    c = ctx(request)
    rationale, question = _str(form, "rationale", LONG), _str(form, "question", TEXT)
    important = _str(form, "particular_importance", 5) == "yes"
    chosen = _str(form, "decision", 20)
    typed = {
        "decision": chosen,
        "rationale": rationale,
        "question": question,
        "grounds": _all(form, "grounds", 40),
        "particular_importance": important,
    }
    try:
        try:
            decision = Decision(chosen)
        except ValueError:
            raise Invalid("choose a decision", field="decision") from None
        notices.decide(
            c.db,
            ws.actor,
            c.settings,
            notice_id,
            decision,
            rationale,
            _grounds(form),
            important,
            question,
        )
    except (Invalid, Conflict) as exc:
        return _review_page(request, ws, notice_id, exc.detail, exc.status, typed)
    return _to(f"/review/{notice_id}", purpose=Purpose.NOTICE_REVIEW.value)


@router.post("/review/{notice_id}/cancel")
def review_cancel(request: Request, notice_id: Id, form: Form) -> Response:
    ws = _gate_post(request, form, Action.NOTICE_REVIEW)
    if ws is None:
        return _login()
    c = ctx(request)
    try:
        notices.cancel(
            c.db, ws.actor, c.settings, notice_id, _str(form, "rationale", LONG), _grounds(form)
        )
    except (Invalid, Conflict) as exc:
        return _review_page(request, ws, notice_id, exc.detail, exc.status)
    return _to(f"/review/{notice_id}", purpose=Purpose.NOTICE_REVIEW.value)


@router.post("/review/{notice_id}/sources")
def review_sources(request: Request, notice_id: Id, form: Form) -> Response:
    ws = _gate_post(request, form, Action.NOTICE_REVIEW)
    if ws is None:
        return _login()
    try:
        asylum = _date(_str(form, "asylum_claim_on", 10), "asylum claim date")
        notices.set_review_inputs(
            ctx(request).db,
            ws.actor,
            notice_id,
            _risk_rows(form),
            asylum.isoformat() if asylum else None,
            _str(form, "note", LONG),
        )
    except (Invalid, Conflict) as exc:
        return _review_page(request, ws, notice_id, exc.detail, exc.status)
    return _to(f"/review/{notice_id}", purpose=Purpose.NOTICE_REVIEW.value)


@router.post("/review/{notice_id}/checks")
def review_rerun(request: Request, notice_id: Id, form: Form) -> Response:
    ws = _gate_post(request, form, Action.NOTICE_REVIEW)
    if ws is None:
        return _login()
    try:
        notices.rerun_checks(ctx(request).db, ws.actor, notice_id)
    except Conflict as exc:
        return _review_page(request, ws, notice_id, exc.detail, exc.status)
    return _to(f"/review/{notice_id}", purpose=Purpose.NOTICE_REVIEW.value)


# --- diffusions -----------------------------------------------------------------------------------


@dataclass
class DiffusionForm:
    kind: str = diffusions.DiffusionKind.WANTED.value
    title: str = ""
    summary: str = ""
    offence: str = ""
    to: str = "some"
    recipients: str = ""
    name: str = ""
    birth_date: str = ""
    sex: str = Sex.UNKNOWN.value
    nationalities: str = ""

    @classmethod
    def parse(cls, form: FormData) -> DiffusionForm:
        return cls(
            kind=_str(form, "kind", 20),
            title=_str(form, "title", SHORT),
            summary=_str(form, "summary", LONG),
            offence=_str(form, "offence", TEXT),
            to=_str(form, "to", 10),
            recipients=_str(form, "recipients", TEXT),
            name=_str(form, "person_name", SHORT),
            birth_date=_str(form, "person_birth_date", 30),
            sex=_str(form, "person_sex", 1) or Sex.UNKNOWN.value,
            nationalities=_str(form, "person_nationalities", SHORT),
        )

    def person(self) -> Person | None:
        if not self.name:
            return None
        script = detect_script(self.name)
        return codec.from_json(
            {
                "names": [
                    {"full": self.name, "script": "Latn" if script.startswith("Z") else script}
                ],
                "sex": self.sex,
                "birth_dates": [self.birth_date] if self.birth_date else [],
                "nationalities": _countries(self.nationalities, "nationalities"),
            }
        )


def _diffusions_page(
    request: Request,
    ws: WebSession,
    f: DiffusionForm | None = None,
    error: str = "",
    status: int = 200,
    done: str = "",
    sent_id: str = "",
) -> Response:
    found = diffusions.list_diffusions(ctx(request).db, ws.actor)
    me = ws.actor.country
    return page(
        request,
        "notices/bureau_diffusions.html",
        status=status,
        sent=[d for d in found if d["sender_country"] == me],
        received=[d for d in found if d["sender_country"] != me],
        f=f or DiffusionForm(),
        error=error,
        done=done,
        just_sent=next((d for d in found if d["id"] == sent_id), None) if sent_id else None,
    )


@router.get("/bureau/diffusions")
def bureau_diffusions(request: Request, done: str = "", sent: str = "") -> Response:
    ws = _gate(request, Action.DIFFUSION_READ, bureau=True)
    if ws is None:
        return _login()
    return _diffusions_page(request, ws, done=done[:40], sent_id=sent[:40])


@router.post("/bureau/diffusions")
def send_diffusion(request: Request, form: Form) -> Response:
    ws = _gate_post(request, form, Action.DIFFUSION_SEND, bureau=True)
    if ws is None:
        return _login()
    c = ctx(request)
    f = DiffusionForm.parse(form)
    try:
        try:
            kind = diffusions.DiffusionKind(f.kind)
        except ValueError:
            raise Invalid("choose the kind of diffusion", field="kind") from None
        if f.to == "all":
            recipients = None
        else:
            recipients = _countries(f.recipients, "recipients")
            if not recipients:
                raise Invalid("name the recipient countries, or send to all members")
        did = diffusions.send(
            c.db,
            ws.actor,
            c.settings,
            kind,
            f.title,
            {"summary": f.summary, "offence": f.offence},
            recipients,
            f.person(),
        )
    except (Invalid, Conflict) as exc:
        return _diffusions_page(request, ws, f, exc.detail, exc.status)
    return _to("/bureau/diffusions", done="sent", sent=did)


@router.post("/bureau/diffusions/{diffusion_id}/acknowledge")
def acknowledge_diffusion(request: Request, diffusion_id: Id, form: Form) -> Response:
    ws = _gate_post(request, form, Action.DIFFUSION_READ, bureau=True)
    if ws is None:
        return _login()
    try:
        diffusions.acknowledge_update(ctx(request).db, ws.actor, diffusion_id)
    except Conflict as exc:
        return _diffusions_page(request, ws, error=exc.detail, status=exc.status)
    return _to("/bureau/diffusions", done="acknowledged")


@router.get("/diffusions/{diffusion_id}")
def diffusion_page(request: Request, diffusion_id: Id, purpose: str = "") -> Response:
    ws = _gate(request, Action.DIFFUSION_READ)
    if ws is None:
        return _login()
    if not purpose:
        return render(
            request, "purpose.html", action=f"/diffusions/{diffusion_id}", purposes=_purposes()
        )
    p = parse_purpose(purpose)
    d = diffusions.get(ctx(request).db, ws.actor, diffusion_id, p)
    return page(request, "notices/diffusion.html", d=d, purpose_label=PURPOSE_LABELS[p])


# --- corrective measures --------------------------------------------------------------------------


def _measures_page(
    request: Request,
    ws: WebSession,
    country: str = "",
    error: str = "",
    status: int = 200,
    typed: dict[str, Any] | None = None,
    done: str = "",
) -> Response:
    found = measures.list_measures(ctx(request).db, ws.actor, country or None)
    now = utcnow()
    return page(
        request,
        "notices/measures.html",
        status=status,
        found=found,
        in_force={
            m.id
            for m in found
            if m.lifted_at is None and m.starts_at <= now and (m.ends_at is None or m.ends_at > now)
        },
        country=country,
        error=error,
        typed=typed or {},
        done=done,
        now=now,
    )


@router.get("/measures")
def measures_page(request: Request, country: str = "", done: str = "") -> Response:
    ws = _gate(request, Action.MEASURE_READ)
    if ws is None:
        return _login()
    return _measures_page(
        request, ws, normalise_country(country[:3]) if country else "", done=done[:20]
    )


@router.post("/measures")
def impose_measure(request: Request, form: Form) -> Response:
    ws = _gate_post(request, form, Action.MEASURE_MANAGE)
    if ws is None:
        return _login()
    country, reason = _str(form, "country", 3), _str(form, "reason", TEXT)
    scopes = _all(form, "scopes", 40)
    starts, ends = _str(form, "starts_on", 10), _str(form, "ends_on", 10)
    typed = {
        "country": country,
        "scopes": scopes,
        "reason": reason,
        "starts_on": starts,
        "ends_on": ends,
    }
    try:
        if not country:
            raise Invalid("name the country", field="country")
        measures.impose(
            ctx(request).db,
            ws.actor,
            country,
            scopes,
            reason,
            _midnight(_date(starts, "start")),
            _midnight(_date(ends, "end")),
        )
    except (Invalid, Conflict) as exc:
        return _measures_page(request, ws, error=exc.detail, status=exc.status, typed=typed)
    return _to("/measures", done="imposed")


@router.post("/measures/{measure_id}/lift")
def lift_measure(request: Request, measure_id: Id, form: Form) -> Response:
    ws = _gate_post(request, form, Action.MEASURE_MANAGE)
    if ws is None:
        return _login()
    try:
        measures.lift(ctx(request).db, ws.actor, measure_id, _str(form, "reason", TEXT))
    except (Invalid, Conflict) as exc:
        return _measures_page(request, ws, error=exc.detail, status=exc.status)
    return _to("/measures", done="lifted")
