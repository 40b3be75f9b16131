"""The bureau's requests in pages: the request form (new and edit), the bureau's view of
one notice and the actions on it, flags and hits.

The request form is read into the API's own body, `NoticeIn` (with its `JudicialIn` and
`PersonIn`), which the drafting services take and convert themselves: its inputs are
named by the model's field paths (`title`, `details.<key>`, `judicial.basis`,
`judicial.offences.<row>.max_penalty_months`, `person.names.<row>.full`,
`person.birth_dates`, ...). The page reads a few fields its own way and supplies them: the
comma-separated country and language lists, a name's script left to be detected, and the
type's details."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import FormData

from xborder.api.deps import ctx
from xborder.api.schemas import PersonIn
from xborder.identity.policy import Action, allowed
from xborder.kernel.actor import Actor, WebSession
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, Invalid
from xborder.kernel.names import NameKind
from xborder.kernel.purposes import PURPOSE_LABELS, Purpose, parse_purpose
from xborder.names.scripts import detect_script
from xborder.notices import service as notices
from xborder.notices.commands import (
    FlagIn,
    HitAnswerIn,
    HitIn,
    JudicialIn,
    NoticeIn,
    ReasonIn,
    SuspendIn,
)
from xborder.notices.domain import (
    PERSON_TYPES,
    REQUIRED,
    SUSPENSION_MAX_DAYS,
    JudicialBasis,
    NoticeType,
    State,
    SubjectStatus,
)
from xborder.notices.page_kit import (
    DEFAULT_STATUS,
    LONG,
    MAX_ROWS,
    MIN_DATE_ROWS,
    MIN_NAME_ROWS,
    MIN_OFFENCE_ROWS,
    TYPE_DETAILS,
    Id,
    form_countries,
    form_str,
    months_text,
    page,
    purpose_or_none,
)
from xborder.persons.domain import Sex
from xborder.store.db import Database
from xborder.web import forms
from xborder.web.pages import (
    Form,
    _purposes,
    gate,
    gate_post,
    redirect_to,
    render,
)

router = APIRouter(include_in_schema=False)
M = TypeVar("M", bound=BaseModel)


@dataclass
class NameRow:
    """A row of `person.names`, as typed."""

    full: str = ""
    given: str = ""
    family: str = ""
    script: str = "auto"
    kind: str = NameKind.ALIAS.value
    lang: str = ""


@dataclass
class OffenceRow:
    """A row of `judicial.offences`, as typed."""

    description: str = ""
    law: str = ""
    max_penalty_months: str = ""


def _text(form: FormData, name: str) -> str:
    raw = form.get(name)
    return raw.strip() if isinstance(raw, str) else ""


def _typed_rows(form: FormData, key: str, parts: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows `<key>.<row>.<part>` as typed, blank ones too, in the order of their numbers
    (so that a row named in a refusal is the row shown in its place)."""
    return list(forms.rows(form, key, parts).values())[:MAX_ROWS]


NAME_PARTS = ("full", "given", "family", "script", "kind", "lang")
NAME_CHOICES = ("script", "kind")  # selects: a spare row offers them, nobody typed them
OFFENCE_PARTS = ("description", "law", "max_penalty_months")


@dataclass
class RequestForm:
    """The request form as typed, by the model's field names: what the page shows, and shows
    again as it was when the form is refused. The form itself is read by `read_request`."""

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
    sentence_imposed_months: str = ""
    sentence_remaining_months: str = ""
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
    def typed(cls, form: FormData) -> RequestForm:
        """What the form carries, unchecked but for its type (the form's fields depend on it)."""
        t = _posted_type(form)
        return cls(
            notice_type=t.value,
            subject_status=_text(form, "subject_status") or DEFAULT_STATUS[t].value,
            title=_text(form, "title"),
            summary=_text(form, "summary"),
            names=[NameRow(**r) for r in _typed_rows(form, "person.names", NAME_PARTS)],
            sex=_text(form, "person.sex") or Sex.UNKNOWN.value,
            birth_dates=[
                v.strip() for v in form.getlist("person.birth_dates") if isinstance(v, str)
            ][:MAX_ROWS],
            place_of_birth=_text(form, "person.place_of_birth"),
            country_of_birth=_text(form, "person.country_of_birth"),
            nationalities=_text(form, "person.nationalities"),
            languages=_text(form, "person.languages"),
            basis=_text(form, "judicial.basis") or JudicialBasis.PROSECUTION.value,
            offences=[
                OffenceRow(**r) for r in _typed_rows(form, "judicial.offences", OFFENCE_PARTS)
            ],
            warrant_reference=_text(form, "judicial.warrant_reference"),
            issuing_authority=_text(form, "judicial.issuing_authority"),
            warrant_date=_text(form, "judicial.warrant_date"),
            facts_time=_text(form, "judicial.facts_time"),
            facts_place=_text(form, "judicial.facts_place"),
            facts_summary=_text(form, "judicial.facts_summary"),
            extradition_countries=_text(form, "judicial.extradition_countries"),
            sentence_imposed_months=_text(form, "judicial.sentence_imposed_months"),
            sentence_remaining_months=_text(form, "judicial.sentence_remaining_months"),
            details={k: _text(form, f"details.{k}") for k in TYPE_DETAILS[t]},
            profile=forms.values(form, "profile"),
            public_extract=forms.checked(form, "public_extract"),
            restricted_to=_text(form, "restricted_to"),
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
                    months_text(o.get("max_penalty_months")),
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
            sentence_imposed_months=months_text(j.get("sentence_imposed_months")),
            sentence_remaining_months=months_text(j.get("sentence_remaining_months")),
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


def _posted_type(form: FormData) -> NoticeType:
    try:
        return NoticeType(_text(form, "notice_type"))
    except ValueError:
        raise Invalid("choose a notice type", field="notice_type") from None


def _under(form: FormData, prefix: str) -> FormData:
    """The inputs under `<prefix>.` as a form of their own, named as the sub-model's fields."""
    start = prefix + "."
    return FormData(
        [(k.removeprefix(start), v) for k, v in form.multi_items() if k.startswith(start)]
    )


def _read_part(model: type[M], form: FormData, prefix: str, **given: Any) -> M:
    """A sub-model of `NoticeIn` (`judicial`, `person`) from its inputs, a refusal named by
    its path ("judicial offences 2 max penalty months: ...")."""
    try:
        return forms.read(model, form, **given)
    except Invalid as exc:
        field_name = f"{prefix}.{exc.extra.get('field', '')}".rstrip(".")
        raise Invalid(f"{prefix} {exc.detail}", field=field_name) from None


def _person_form(form: FormData) -> FormData | None:
    """The person's inputs, or None where nothing was typed about a person. A name row's
    selects (kind, script) say nothing on their own: in a row where nothing was typed they
    are left out, so that the spare rows are blank rows."""
    sub = _under(form, "person")
    spare = {
        f"names.{n}.{choice}"
        for n, row in forms.rows(sub, "names", NAME_PARTS).items()
        if not any(v for part, v in row.items() if part not in NAME_CHOICES)
        for choice in NAME_CHOICES
    }
    kept = [(k, v) for k, v in sub.multi_items() if k not in spare]
    if not any(k != "sex" and isinstance(v, str) and v.strip() for k, v in kept):
        return None
    return FormData(kept)


def _read_person(form: FormData) -> PersonIn | None:
    sub = _person_form(form)
    if sub is None:
        return None
    person = _read_part(
        PersonIn,
        sub,
        "person",
        nationalities=form_countries(_text(sub, "nationalities"), "nationalities"),
        languages=[x for x in re.split(r"[\s,;]+", _text(sub, "languages")) if x],
        restricted_to=None,  # the page offers none; an absent list would read as empty
    )
    names = []
    for n in person.names:  # "auto": the script detected from the name as written
        script = detect_script(n.full) if n.script == "auto" else n.script
        if script in ("Zyyy", "Zzzz"):
            script = "Latn"
        names.append(n.model_copy(update={"script": script, "lang": n.lang.lower()}))
    return person.model_copy(update={"names": names})


def read_request(form: FormData) -> NoticeIn:
    """The request form as the API's body. A Red Notice's judicial data is read where the
    form shows it; the three yes/no assurances the page does not ask are left unknown."""
    t = _posted_type(form)
    judicial = None
    if t == NoticeType.RED:
        j = _under(form, "judicial")
        judicial = _read_part(
            JudicialIn,
            j,
            "judicial",
            extradition_countries=form_countries(
                _text(j, "extradition_countries"), "extradition countries"
            ),
            in_absentia=None,
            retrial_guaranteed=None,
            death_penalty_assurance=None,
        )
    return forms.read(
        NoticeIn,
        form,
        notice_type=t.value,
        subject_status=_text(form, "subject_status") or DEFAULT_STATUS[t].value,
        judicial=judicial,
        details={k: v for k in TYPE_DETAILS[t] if (v := _text(form, f"details.{k}"))},
        restricted_to=form_countries(_text(form, "restricted_to"), "dissemination restricted to")
        or None,
        person=_read_person(form),
    )


def _new_type(value: str) -> NoticeType:
    try:
        return NoticeType(value or NoticeType.RED.value)
    except ValueError:
        raise Invalid("choose a notice type", field="type") from None


@router.get("/bureau/notices")
def bureau_notices(request: Request) -> Response:
    ws = gate(request, Action.NOTICE_READ, bureau=True)
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
    gate(request, Action.NOTICE_DRAFT, bureau=True)
    return page(request, "notices/request_form.html", f=RequestForm.blank(_new_type(type)))


def _request_form_again(
    request: Request, f: RequestForm, error: str = "", status: int = 200
) -> Response:
    return page(request, "notices/request_form.html", status=status, f=f, error=error)


@router.post("/bureau/notices/new")
def new_request_submit(request: Request, form: Form) -> Response:
    ws = gate_post(request, form, Action.NOTICE_DRAFT, bureau=True)
    db = ctx(request).db
    try:
        f = RequestForm.typed(form)
    except Invalid as exc:
        return _request_form_again(request, RequestForm.blank(NoticeType.RED), exc.detail, 422)
    add = form_str(form, "add", 20)
    if add:  # "add a row": the same form back, with what was typed and one more row
        return _request_form_again(
            request, f.pad(more_names=add == "name", more_offences=add == "offence")
        )
    try:
        # the API's body, into the same service call as the route's
        nid = notices.create_request(db, ws.actor, read_request(form))
    except (Invalid, Conflict) as exc:
        return _request_form_again(request, f.pad(), exc.detail, exc.status)
    if form_str(form, "then", 20) == "send":
        notices.send_for_approval(db, ws.actor, nid)
    return redirect_to(f"/bureau/notices/{nid}")


@router.get("/bureau/notices/{notice_id}/edit")
def edit_request_form(request: Request, notice_id: Id, purpose: str = "") -> Response:
    ws = gate(request, Action.NOTICE_DRAFT, bureau=True)
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
    ws = gate_post(request, form, Action.NOTICE_DRAFT, bureau=True)
    db = ctx(request).db
    purpose = purpose_or_none(form)
    f = RequestForm.typed(form)
    add = form_str(form, "add", 20)
    if add:
        f.pad(more_names=add == "name", more_offences=add == "offence")
        return page(request, "notices/request_form.html", f=f, notice_id=notice_id, purpose=purpose)
    try:
        notices.update_draft(db, ws.actor, notice_id, read_request(form))
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
    if form_str(form, "then", 20) == "send":
        notices.send_for_approval(db, ws.actor, notice_id)
    return redirect_to(f"/bureau/notices/{notice_id}", purpose=purpose)


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
    ws = gate(request, Action.NOTICE_READ, bureau=True)
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
    ws = gate_post(request, form, action, bureau=True)
    purpose = purpose_or_none(form) or Purpose.INVESTIGATION.value
    try:
        do(ws)
    except (Invalid, Conflict) as exc:
        return _bureau_view(request, ws, notice_id, purpose, exc.detail, exc.status)
    return redirect_to(f"/bureau/notices/{notice_id}", purpose=purpose)


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
    return _bureau_action(
        request,
        form,
        notice_id,
        Action.NOTICE_APPROVE,
        lambda ws: notices.return_to_draft(db, ws.actor, notice_id, forms.read(ReasonIn, form)),
    )


@router.post("/bureau/notices/{notice_id}/answer")
def answer_question(request: Request, notice_id: Id, form: Form) -> Response:
    db = ctx(request).db
    answer = form_str(form, "answer", LONG)
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

    def do(ws: WebSession) -> None:
        # a day: the suspension ends at its midnight, UTC
        notices.suspend(db, ws.actor, notice_id, forms.read(SuspendIn, form))

    return _bureau_action(request, form, notice_id, Action.NOTICE_SOURCE_MANAGE, do)


def _source_action(
    request: Request,
    notice_id: str,
    form: FormData,
    fn: Callable[[Database, Actor, str, ReasonIn], None],
) -> Response:
    """Resume, withdraw or renew: the source's supervisor, with a reason."""
    db = ctx(request).db
    return _bureau_action(
        request,
        form,
        notice_id,
        Action.NOTICE_SOURCE_MANAGE,
        lambda ws: fn(db, ws.actor, notice_id, forms.read(ReasonIn, form)),
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

    def do(ws: WebSession) -> None:
        if not form_str(form, "reason", 40):  # the select left on its "Choose…"
            raise Invalid("choose the reason for the flag", field="reason")
        notices.add_flag(db, ws.actor, notice_id, forms.read(FlagIn, form))

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

    def do(ws: WebSession) -> None:
        # `seen_at` from a datetime-local input: no offset, read as UTC by the service
        notices.report_hit(db, ws.actor, notice_id, forms.read(HitIn, form))

    return _bureau_action(request, form, notice_id, Action.NOTICE_HIT, do)


@router.post("/bureau/notices/{notice_id}/hits/{hit_id}/answer")
def answer_hit(request: Request, notice_id: Id, hit_id: Id, form: Form) -> Response:
    db = ctx(request).db
    return _bureau_action(
        request,
        form,
        notice_id,
        Action.NOTICE_HIT,
        lambda ws: notices.answer_hit(db, ws.actor, hit_id, forms.read(HitAnswerIn, form)),
    )
