"""Pages of extradition and mutual legal assistance, for both states: lists filtered by status
and urgency, the request forms, the case page (timeline, document file with versions, deadline
clock, the steps this side may take, the decision form with the grounds checklist) and the
European Arrest Warrant capture form. Each calls the same services as the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from xborder.api.deps import ctx
from xborder.extradition import mla as mla_service
from xborder.extradition import service as ext
from xborder.extradition.commands import (
    MAX_OFFENCES,
    DecisionIn,
    DocumentIn,
    ExtraditionIn,
    MlaIn,
    MlaStepIn,
    OffenceIn,
    ProvisionalFileIn,
    RequestFileIn,
)
from xborder.extradition.deadlines import MlaKind
from xborder.extradition.domain import (
    MLA_BASES,
    MLA_FIELDS,
    MLA_STATE_LABELS,
    PRESERVATION_FIELDS,
    STATE_LABELS,
    CaseKind,
    DocKind,
    MlaState,
    Outcome,
    State,
)
from xborder.extradition.eaw import SECTION_TITLES
from xborder.extradition.legal_bases import all_bases, bases_between
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.errors import Conflict, Invalid
from xborder.kernel.purposes import PURPOSE_LABELS, parse_purpose
from xborder.web import forms
from xborder.web.pages import Form, _purposes, gate, gate_post, redirect_to, render

router = APIRouter(include_in_schema=False)

KIND_OF_PATH = {"extradition": CaseKind.EXTRADITION, "mla": CaseKind.MLA}
MLA_KIND_LABELS = mla_service.MLA_KIND_LABELS
EAW_SECTIONS = ("a", "b", "c", "d", "e", "f", "g", "h", "i")  # the keys of `eaw_to_dict`


def _no_store(resp: Response) -> Response:
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _s(form: FormData, name: str, limit: int = ext.MAX_TEXT) -> str:
    v = form.get(name)
    return str(v).strip()[:limit] if isinstance(v, str) else ""


def _int(form: FormData, name: str) -> int | None:
    v = _s(form, name, 10)
    if not v:
        return None
    try:
        return int(v)
    except ValueError:
        raise Invalid(f"{name.replace('_', ' ')}: a whole number", field=name) from None


def _when(form: FormData, name: str) -> datetime | None:
    """A date or date-time from a form (`<input type=date|datetime-local>`), taken as UTC."""
    v = _s(form, name, 40)
    if not v:
        return None
    try:
        got = datetime.fromisoformat(v)
    except ValueError:
        raise Invalid(f"{name.replace('_', ' ')}: not a date", field=name) from None
    return got if got.tzinfo else got.replace(tzinfo=UTC)


# --- lists ----------------------------------------------------------------------------------


def _list(request: Request, kind: CaseKind, status: str, urgent: str) -> Response:
    ws = gate(request, ext.READ[kind])
    path = "/extradition" if kind == CaseKind.EXTRADITION else "/mla"
    flag = {"yes": True, "no": False}.get(urgent)
    cases = ext.list_cases(
        ctx(request).db,
        ws.actor,
        kind,
        status or None,
        flag,
        deadlines_of=ext.running_deadlines,
    )
    states = (
        [(s.value, STATE_LABELS[s]) for s in State]
        if kind == CaseKind.EXTRADITION
        else [(m.value, MLA_STATE_LABELS[m]) for m in MlaState]
    )
    return _no_store(
        render(
            request,
            "extradition/list.html",
            kind=kind.value,
            path=path,
            cases=cases,
            states=states,
            status_filter=status,
            urgent=urgent,
            mla_kinds={k.value: v for k, v in MLA_KIND_LABELS.items()},
        )
    )


@router.get("/extradition")
def extradition_list(request: Request, status: str = "", urgent: str = "") -> Response:
    return _list(request, CaseKind.EXTRADITION, status, urgent)


@router.get("/mla")
def mla_list(request: Request, status: str = "", urgent: str = "") -> Response:
    return _list(request, CaseKind.MLA, status, urgent)


# --- a new extradition request --------------------------------------------------------------


OFFENCE_PARTS = tuple(OffenceIn.model_fields)


@dataclass
class FileForm:
    """The request file's inputs as typed, to show again (after a refusal, or with one more
    offence row): the other inputs by name, the offence rows in page order, blank ones too, so
    that a row named in a refusal is the row shown in its place."""

    values: dict[str, str] = field(default_factory=dict)
    offences: list[dict[str, str]] = field(default_factory=lambda: [{}])

    @classmethod
    def typed(cls, form: FormData) -> FileForm:
        """Each row in its place: a row number the form skipped is shown blank."""
        rows = forms.rows(form, "offences", OFFENCE_PARTS)
        count = min(max(rows, default=0) + 1, MAX_OFFENCES)
        return cls(
            {k: _s(form, k) for k in form if k != "csrf_token"},
            [rows.get(n, {}) for n in range(count)],
        )

    def more(self) -> FileForm:
        """One more (blank) offence row: the form's "add another offence" button posts the
        form back for it, so the page needs no script."""
        if len(self.offences) < MAX_OFFENCES:
            self.offences.append({})
        return self


def read_request_file(form: FormData, provisional: bool = False) -> dict[str, Any]:
    """The request file as the API takes it: the form read into the API's own model (its limits
    and messages, a refused offence named by its row on the page), the person, warrant and
    assurances from `person.<part>`, `warrant.<part>` and `assurances.<part>`, the offences from
    the rows `offences.<row>.<part>`. The page has no input for an offence's reference: they
    are O1, O2... in page order. A provisional arrest request's file may leave the penalties
    out (`ProvisionalFileIn`)."""
    model = ProvisionalFileIn if provisional else RequestFileIn
    file = forms.read(model, form).as_dict()
    for i, offence in enumerate(file["offences"], start=1):
        offence["ref"] = offence.get("ref") or f"O{i}"
    return file


def _new_page(request: Request, actor: Actor, status: int = 200, **extra: Any) -> Response:
    typed: FileForm = extra.pop("typed", None) or FileForm()
    country = typed.values.get("requested_country", "")
    bases = (
        bases_between(actor.country, country)
        if actor.country and len(country) == 2
        else list(all_bases())
    )
    return _no_store(
        render(
            request,
            "extradition/new.html",
            status=status,
            bases=[(b.id, b.name) for b in bases],
            values=typed.values,
            offences=typed.offences,
            **extra,
        )
    )


@router.get("/extradition/new")
def new_request_form(request: Request, notice: str = "") -> Response:
    ws = gate(request, Action.EXTRADITION_SEND)
    return _new_page(request, ws.actor, typed=FileForm(values={"notice": notice}))


def _eaw_for(basis_id: str, file: dict[str, Any], form: FormData) -> dict[str, Any] | None:
    """Between EU members the request is an EAW: its first version is drawn from the request
    file and the issuing authority's fields of the form (sections refined afterwards on the
    capture form)."""
    if basis_id != "eaw":
        return None
    issuer = {k: _s(form, f"eaw_{k}", 300) for k in ext.ISSUER_FIELDS}
    return ext.draft_eaw(file, issuer, _s(form, "eaw_participation", 300) or "perpetrator")


@router.post("/extradition/new")
def new_request(request: Request, form: Form) -> Response:
    """The request's own fields are read into the API's `ExtraditionIn`, its file into the
    API's `RequestFileIn` (`read_request_file`) and its EAW drawn from that file, as the API
    receives them. Nothing is sent when "add another offence" was pressed: the form comes
    back as typed, with one more offence row."""
    ws = gate_post(request, form, Action.EXTRADITION_SEND)
    c = ctx(request)
    typed = FileForm.typed(form)
    if _s(form, "add", 20) == "offence":
        return _new_page(request, ws.actor, typed=typed.more())
    provisional = forms.checked(form, "provisional")
    try:
        file = read_request_file(form, provisional)
        eaw = None if provisional else _eaw_for(_s(form, "legal_basis", 80), file, form)
        cmd = forms.read(ExtraditionIn, form, file=file, eaw=eaw)
        case_id = ext.create_request(c.db, ws.actor, c.settings, cmd)
    except (Invalid, Conflict) as exc:
        return _new_page(request, ws.actor, status=exc.status, error=exc.detail, typed=typed)
    return redirect_to(f"/extradition/cases/{case_id}", purpose="investigation")


# --- a new MLA request ----------------------------------------------------------------------


def _mla_new_page(request: Request, status: int = 200, **extra: Any) -> Response:
    return _no_store(
        render(
            request,
            "extradition/mla_new.html",
            status=status,
            kinds=[(k.value, v) for k, v in MLA_KIND_LABELS.items()],
            bases=list(MLA_BASES.items()),
            preservation_fields=list(PRESERVATION_FIELDS.items()),
            mla_fields=list(MLA_FIELDS.items()),
            values=extra.pop("values", {}),
            **extra,
        )
    )


@router.get("/mla/new")
def new_mla_form(request: Request, follows: str = "") -> Response:
    gate(request, Action.MLA_SEND)
    return _mla_new_page(request, values={"follows": follows})


@router.post("/mla/new")
def new_mla(request: Request, form: Form) -> Response:
    """Read into the API's `MlaIn`; the request's fields come from the kind's own inputs
    (`p_` for a preservation, `m_` otherwise)."""
    ws = gate_post(request, form, Action.MLA_SEND)
    c = ctx(request)
    kind = _s(form, "mla_kind", 30)
    keep = kind == MlaKind.PRESERVATION.value
    fields, prefix = (PRESERVATION_FIELDS, "p") if keep else (MLA_FIELDS, "m")
    req: dict[str, Any] = {k: _s(form, f"{prefix}_{k}") for k in fields}
    if keep:
        req["mla_intention"] = forms.checked(form, "p_mla_intention")
    values = {k: _s(form, k) for k in form if k != "csrf_token"}
    try:
        cmd = forms.read(MlaIn, form, request=req)
        case_id = mla_service.create_mla(c.db, ws.actor, c.settings, cmd)
    except (Invalid, Conflict) as exc:
        return _mla_new_page(request, status=exc.status, error=exc.detail, values=values)
    return redirect_to(f"/mla/cases/{case_id}", purpose="investigation")


# --- the case page ----------------------------------------------------------------------------


def _case_page(
    request: Request,
    actor: Actor,
    kind: CaseKind,
    case_id: str,
    purpose: str,
    status: int = 200,
    inputs: ext.CheckInputs | None = None,
    **extra: Any,
) -> Response:
    db = ctx(request).db
    p = parse_purpose(purpose)
    inputs = inputs or ext.CheckInputs()
    view = ext.get_case(db, actor, case_id, p, kind)
    checks = None
    if (
        kind == CaseKind.EXTRADITION
        and view.side is not None
        and any(d.kind == "request_file" for d in view.documents)
    ):
        checks = ext.checklist(db, actor, case_id, p, inputs)
    return _no_store(
        render(
            request,
            "extradition/case.html",
            status=status,
            case=view,
            kind=kind.value,
            path=f"/{kind.value}/cases/{view.id}",
            purpose=p.value,
            purpose_label=PURPOSE_LABELS[p],
            checks=checks,
            inputs=inputs,
            outcomes=[o.value for o in Outcome],
            mla_kinds={k.value: v for k, v in MLA_KIND_LABELS.items()},
            **extra,
        )
    )


def _open(request: Request, kind: CaseKind, case_id: str, purpose: str) -> Response:
    path = f"/{kind.value}/cases/{case_id}"
    ws = gate(request, ext.READ[kind])
    if not purpose:
        return render(request, "purpose.html", action=path, purposes=_purposes())
    q = request.query_params
    inputs = ext.CheckInputs(
        pending_proceedings=q.get("pending_proceedings") == "1",
        final_judgment_same_acts=q.get("final_judgment_same_acts") == "1",
        human_rights_sources=tuple(
            x.strip() for x in q.get("human_rights_sources", "")[:2000].split(";") if x.strip()
        ),
    )
    return _case_page(request, ws.actor, kind, case_id, purpose, inputs=inputs)


@router.get("/extradition/cases/{case_id}")
def extradition_case(request: Request, case_id: str, purpose: str = "") -> Response:
    return _open(request, CaseKind.EXTRADITION, case_id, purpose)


@router.get("/mla/cases/{case_id}")
def mla_case(request: Request, case_id: str, purpose: str = "") -> Response:
    return _open(request, CaseKind.MLA, case_id, purpose)


def _document(
    request: Request, kind: CaseKind, case_id: str, doc_id: str, purpose: str
) -> Response:
    path = f"/{kind.value}/cases/{case_id}/documents/{doc_id}"
    ws = gate(request, ext.READ[kind])
    if not purpose:
        return render(request, "purpose.html", action=path, purposes=_purposes())
    doc = ext.get_document(ctx(request).db, ws.actor, case_id, doc_id, parse_purpose(purpose), kind)
    return _no_store(
        Response(
            content=doc.content,
            media_type=doc.media_type,
            headers={
                "Content-Disposition": f'inline; filename="{doc.filename}"',
                "Digest": f"sha-256={doc.sha256}",
            },
        )
    )


@router.get("/extradition/cases/{case_id}/documents/{doc_id}")
def extradition_document(
    request: Request, case_id: str, doc_id: str, purpose: str = ""
) -> Response:
    return _document(request, CaseKind.EXTRADITION, case_id, doc_id, purpose)


@router.get("/mla/cases/{case_id}/documents/{doc_id}")
def mla_document(request: Request, case_id: str, doc_id: str, purpose: str = "") -> Response:
    return _document(request, CaseKind.MLA, case_id, doc_id, purpose)


def _act(
    request: Request,
    form: FormData,
    action: Action,
    kind: CaseKind,
    case_id: str,
    run: Callable[[Actor], None],
    **again: Any,
) -> Response:
    """Run one of the case page's forms past the page gate; a refusal re-renders the page with
    the reason (and `again`, what the form needs to show itself as typed)."""
    ws = gate_post(request, form, action)
    purpose = _s(form, "purpose", 40)  # the case page's hidden field: the purpose stated on it
    try:
        run(ws.actor)
    except (Invalid, Conflict) as exc:
        return _case_page(
            request, ws.actor, kind, case_id, purpose, status=exc.status, error=exc.detail, **again
        )
    return redirect_to(f"/{kind.value}/cases/{case_id}", purpose=purpose)


@router.post("/extradition/cases/{case_id}/step")
def extradition_step(request: Request, case_id: str, form: Form) -> Response:
    """Not `forms.read(StepIn)`: the page's date inputs carry no UTC offset (taken as UTC
    here), which the API's `StepIn` refuses by design."""
    c = ctx(request)

    def run(actor: Actor) -> None:
        data = ext.StepInput(
            text=_s(form, "text"),
            at=_when(form, "at"),
            place=_s(form, "place", 300),
            escort=_s(form, "escort", 300),
        )
        ext.act(c.db, actor, c.settings, case_id, _s(form, "step", 40), data)

    return _act(request, form, Action.EXTRADITION_SEND, CaseKind.EXTRADITION, case_id, run)


@router.post("/extradition/cases/{case_id}/formal")
def extradition_formal(request: Request, case_id: str, form: Form) -> Response:
    """The file read into the API's own `RequestFileIn`, as the API's formal step takes it
    (`read_request_file`), its EAW drawn from it between EU members. A refusal, and "add
    another offence", show the case page with the form as typed; nothing is sent then."""
    c = ctx(request)
    typed = FileForm.typed(form)
    if _s(form, "add", 20) == "offence":
        ws = gate_post(request, form, Action.EXTRADITION_SEND)
        purpose = _s(form, "purpose", 40)
        return _case_page(
            request, ws.actor, CaseKind.EXTRADITION, case_id, purpose, formal=typed.more()
        )

    def run(actor: Actor) -> None:
        file = read_request_file(form)
        with c.db.transaction() as s:
            basis = ext.load(s, actor, case_id, CaseKind.EXTRADITION).legal_basis
        ext.send_formal_request(c.db, actor, c.settings, case_id, file, _eaw_for(basis, file, form))

    return _act(
        request, form, Action.EXTRADITION_SEND, CaseKind.EXTRADITION, case_id, run, formal=typed
    )


@router.post("/extradition/cases/{case_id}/decision")
def extradition_decision(request: Request, case_id: str, form: Form) -> Response:
    c = ctx(request)

    def run(actor: Actor) -> None:
        ext.decide(c.db, actor, c.settings, case_id, forms.read(DecisionIn, form))

    return _act(request, form, Action.EXTRADITION_DECIDE, CaseKind.EXTRADITION, case_id, run)


@router.post("/extradition/cases/{case_id}/documents")
def extradition_add_document(request: Request, case_id: str, form: Form) -> Response:
    c = ctx(request)

    def run(actor: Actor) -> None:
        cmd = forms.read(DocumentIn, form, content={"text": _s(form, "text")})
        ext.add_case_document(c.db, actor, c.settings, case_id, cmd)

    return _act(request, form, Action.EXTRADITION_SEND, CaseKind.EXTRADITION, case_id, run)


@router.post("/mla/cases/{case_id}/step")
def mla_step(request: Request, case_id: str, form: Form) -> Response:
    c = ctx(request)

    def run(actor: Actor) -> None:
        mla_service.act(c.db, actor, c.settings, case_id, forms.read(MlaStepIn, form))

    return _act(request, form, Action.MLA_SEND, CaseKind.MLA, case_id, run)


# --- the EAW capture form ---------------------------------------------------------------------


def flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """A nested EAW dict as (path, leaf) pairs, for a form that has a field per leaf."""
    if isinstance(value, dict):
        out: list[tuple[str, Any]] = []
        for k, v in value.items():
            out += flatten(v, f"{prefix}.{k}" if prefix else str(k))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = []
        for i, v in enumerate(value):
            out += flatten(v, f"{prefix}.{i}")
        return out
    return [(prefix, value)]


def unflatten(template: Any, form: FormData, prefix: str = "") -> Any:
    """Read the form back into the shape (and the leaf types) of `template`."""
    if isinstance(template, dict):
        return {
            k: unflatten(v, form, f"{prefix}.{k}" if prefix else str(k))
            for k, v in template.items()
        }
    if isinstance(template, list) and template and all(isinstance(v, dict) for v in template):
        return [unflatten(v, form, f"{prefix}.{i}") for i, v in enumerate(template)]
    if isinstance(template, bool):
        return forms.checked(form, prefix)
    raw = _s(form, prefix)
    if isinstance(template, list):
        return [x.strip() for x in raw.split(";") if x.strip()]
    if isinstance(template, int) or (template is None and prefix.endswith(("months", "years"))):
        return _int(form, prefix)
    if template is None:
        return raw or None
    return raw


def _eaw_template(
    request: Request, actor: Actor, case_id: str, purpose: str
) -> tuple[ext.CaseView, Any]:
    """The case and its current EAW form: a read of the person's data, logged with the purpose
    the user stated (the purpose page first)."""
    view = ext.get_case(ctx(request).db, actor, case_id, parse_purpose(purpose))
    with ctx(request).db.transaction() as s:
        row = ext.load(s, actor, case_id, CaseKind.EXTRADITION)
        current = ext.latest_json(s, row, DocKind.EAW)
    if current is None and view.request is not None:
        current = ext.draft_eaw(view.request, {})
    if current is None:
        raise Conflict("the EAW is drawn from the formal request file: send the file first")
    return view, current


def _eaw_page(
    request: Request,
    view: ext.CaseView,
    current: Any,
    purpose: str,
    status: int = 200,
    **extra: Any,
) -> Response:
    sections = [
        (letter, SECTION_TITLES.get(letter, letter), flatten(current.get(letter), letter))
        for letter in EAW_SECTIONS
        if letter in current
    ]
    return _no_store(
        render(
            request,
            "extradition/eaw.html",
            status=status,
            case=view,
            sections=sections,
            purpose=purpose,
            **extra,
        )
    )


@router.get("/extradition/cases/{case_id}/eaw")
def eaw_form(request: Request, case_id: str, purpose: str = "") -> Response:
    path = f"/extradition/cases/{case_id}/eaw"
    ws = gate(request, Action.EXTRADITION_READ)
    if not purpose:
        return render(request, "purpose.html", action=path, purposes=_purposes())
    view, current = _eaw_template(request, ws.actor, case_id, purpose)
    return _eaw_page(request, view, current, purpose)


@router.post("/extradition/cases/{case_id}/eaw")
def eaw_save(request: Request, case_id: str, form: Form) -> Response:
    """A new version of the EAW, as the API's `DocumentIn`: the content is the form read back
    into the current version's shape, the note the form's own."""
    ws = gate_post(request, form, Action.EXTRADITION_SEND)
    c = ctx(request)
    purpose = _s(form, "purpose", 40)
    view, current = _eaw_template(request, ws.actor, case_id, purpose)
    try:
        data = unflatten(current, form)
        cmd = forms.read(DocumentIn, form, kind=DocKind.EAW.value, content=data)
        ext.add_case_document(c.db, ws.actor, c.settings, case_id, cmd)
    except (Invalid, Conflict) as exc:
        return _eaw_page(request, view, current, purpose, status=exc.status, error=exc.detail)
    return redirect_to(f"/extradition/cases/{case_id}", purpose=purpose)
