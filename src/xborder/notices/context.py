"""What the checks need to know beyond the request: the secretariat's country context (note,
art. 2 risks with their sources, elections and protests), the protected-status register, and
other notices on the same person. Maintained by the secretariat; read by the checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.audit.service import log_access, record_event
from xborder.exchange.schemas import ProtectionNotice
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.kernel.countries import normalise_country
from xborder.kernel.dates import BirthDate, parse_birth_date
from xborder.kernel.errors import Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.kernel.purposes import Purpose
from xborder.names.scripts import detect_script, fold
from xborder.names.transliterate import latin_variants
from xborder.notices import rules
from xborder.notices.commands import ContextIn, ProtectedIn, RiskIn
from xborder.notices.tables import CountryContextRow, ProtectedStatusRow
from xborder.persons.domain import Person, match_keys
from xborder.persons.repository import from_row
from xborder.persons.tables import PersonRow
from xborder.screening import matching
from xborder.screening.config import DEFAULT as MATCH_CONFIG
from xborder.screening.matching import Prepared, prepare
from xborder.screening.model import NameForm, Subject
from xborder.screening.sources import notice_subject
from xborder.store.db import Database

PROTECTION_TYPES = ("refugee", "asylum", "subsidiary")
GRANTED, PENDING, REVOKED = "granted", "pending", "revoked"
LIVE_STATES = (GRANTED, PENDING)  # revoked entries are kept but never matched
ART2_RISKS = ("torture", "unfair_trial", "death_penalty", "prison_conditions", "other")
EVENT_KINDS = ("election", "protest", "coup", "government_change", "other")


# --- matching a person against the register and other notices --------------------------------


def name_keys(person: Person) -> set[str]:
    """The keys that find other records of the same person (see `persons.domain.match_keys`)."""
    return match_keys(person)


def _keys_of_text(full: str) -> set[str]:
    """Keys for a name as the granting state wrote it, in any script (with its usual Latin
    spellings, so "Евгений" meets "Yevgeniy" as well as "Evgenii")."""
    script = detect_script(full)
    forms = [full] + (
        [v for _, v in latin_variants([full], script, "")] if script != "Latn" else []
    )
    return {" ".join(sorted(fold(f).split())) for f in forms if fold(f).split()}


def dates_compatible(a: tuple[BirthDate, ...], b: tuple[BirthDate, ...]) -> bool:
    """Unknown on either side is compatible; else some pair of (partial) dates overlaps."""
    if not a or not b:
        return True
    return any(x.earliest() <= y.latest() and y.earliest() <= x.latest() for x in a for y in b)


def _birth_dates(raw: list[Any] | str) -> tuple[BirthDate, ...]:
    items = [raw] if isinstance(raw, str) else raw
    out = []
    for t in items:
        if t:
            try:
                out.append(parse_birth_date(str(t)))
            except Invalid:
                continue
    return tuple(out)


def _row_subject(r: ProtectedStatusRow) -> Subject:
    """A register entry as the screening matcher reads it. Nationalities are left out: a
    refugee's nationality changes (naturalisation in the protecting state) and must never
    count against a match."""
    return Subject(
        id=r.id,
        names=tuple(
            NameForm(
                full=str(f.get("full", "")),
                script=str(f.get("script", "")),
                lang=str(f.get("lang", "")),
                given=str(f.get("given", "")),
                family=str(f.get("family", "")),
                patronymic=str(f.get("patronymic", "")),
            )
            for f in r.name_forms
            if str(f.get("full", "")).strip()
        ),
        birth_dates=tuple(str(d) for d in r.birth_dates),
        sex=r.sex or "U",
    )


@lru_cache(maxsize=4096)
def _prepared(subject: Subject) -> Prepared:
    """Keyed by the whole subject (names, dates, sex), so an updated entry is prepared anew."""
    return prepare(subject)


def protected_matches(session: Session, person: Person | None) -> tuple[rules.ProtectedStatus, ...]:
    """The register entries (granted or pending; never revoked) that may be `person`: the
    linked record, or the screening matcher's score of the names (any script, any spelling)
    at or above the evaluated screening threshold with compatible dates of birth.

    The register is small, so every live entry is scored: no prefilter can lose a refugee."""
    if person is None:
        return ()
    query = _prepared(replace(notice_subject("request", person), nationalities=()))
    threshold = MATCH_CONFIG.threshold
    found = []
    rows = session.scalars(
        select(ProtectedStatusRow)
        .where(ProtectedStatusRow.state.in_(LIVE_STATES))
        .order_by(ProtectedStatusRow.recorded_at, ProtectedStatusRow.id)
    )
    for r in rows:
        score: float | None = None
        if r.person_id is not None and r.person_id == person.id:
            how = "linked record"
        else:
            theirs = _birth_dates(r.birth_dates)
            if not dates_compatible(person.birth_dates, theirs):
                continue
            subject = _row_subject(r)
            if not subject.names:
                continue
            score = matching.score(query, _prepared(subject), MATCH_CONFIG).score
            if score < threshold:
                continue
            both = bool(person.birth_dates) and bool(theirs)
            how = f"name{' and date of birth' if both else ''} (score {score:.2f})"
        found.append(
            rules.ProtectedStatus(
                status=r.protection_type,
                confirmed=r.state == GRANTED,
                fled_country=r.fled_country,
                granting_country=r.granting_country,
                grounds_unrelated=r.grounds_unrelated,
                match=how,
                state=r.state,
                naturalised=r.naturalised,
                score=score,
            )
        )
    return tuple(found)


# --- country context ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryContext:
    country: str
    note: str
    art2_risks: tuple[rules.Art2Risk, ...]
    events: tuple[rules.ContextEvent, ...]


def _context(row: CountryContextRow | None, country: str) -> CountryContext:
    if row is None:
        return CountryContext(country, "", (), ())
    return CountryContext(
        country=country,
        note=row.note,
        art2_risks=tuple(
            rules.Art2Risk(risk=r["risk"], source=r["source"], note=r.get("note", ""))
            for r in row.art2_risks
        ),
        events=tuple(
            rules.ContextEvent(
                kind=e["kind"],
                starts_on=date.fromisoformat(e["starts_on"]),
                ends_on=date.fromisoformat(e["ends_on"]) if e.get("ends_on") else None,
                label=e.get("label", ""),
            )
            for e in row.events
        ),
    )


def context_of(session: Session, country: str) -> CountryContext:
    return _context(session.get(CountryContextRow, country), country)


def check_art2_risks(risks: Sequence[RiskIn]) -> None:
    """An art. 2 risk names its kind and its source: a reviewer's hunch is not a source."""
    for r in risks:
        if r.risk not in ART2_RISKS or not r.source.strip():
            raise Invalid(
                f"an art. 2 risk is one of {ART2_RISKS} with its source", field="art2_risks"
            )


def get_context(db: Database, actor: Actor, country: str) -> CountryContext:
    authorize(actor, Action.CONTEXT_MANAGE)
    country = normalise_country(country)
    with db.transaction() as s:
        return context_of(s, country)


def set_context(db: Database, actor: Actor, country: str, cmd: ContextIn) -> CountryContext:
    """Replace a country's context (the secretariat keeps it current; each version is an
    event, so a decision can be traced to the context it was taken under)."""
    authorize(actor, Action.CONTEXT_MANAGE)
    country = normalise_country(country)
    check_art2_risks(cmd.art2_risks)
    for e in cmd.events:
        if e.kind not in EVENT_KINDS:
            raise Invalid(f"an event kind is one of {EVENT_KINDS}", field="events")
    with db.transaction() as s:
        row = s.get(CountryContextRow, country)
        if row is None:
            row = CountryContextRow(country=country, art2_risks=[], events=[])
            s.add(row)
        row.note = cmd.note.strip()
        row.art2_risks = [
            {"risk": r.risk, "source": r.source.strip(), "note": r.note} for r in cmd.art2_risks
        ]
        row.events = [
            {
                "kind": e.kind,
                "starts_on": e.starts_on.isoformat(),
                "ends_on": e.ends_on.isoformat() if e.ends_on else None,
                "label": e.label,
            }
            for e in cmd.events
        ]
        row.updated_by = actor.user_id
        row.updated_at = utcnow()
        s.flush()
        record_event(
            s,
            actor,
            "context.updated",
            "country_context",
            country,
            {"note": row.note, "art2_risks": row.art2_risks, "events": row.events},
            summary={"country": country, "risks": len(row.art2_risks), "events": len(row.events)},
        )
        return _context(row, country)


# --- protected-status register -------------------------------------------------------------------


def _form(full: str, script: str = "", **parts: str) -> dict[str, str]:
    """A name as the register keeps it for the matcher (its script detected when not given)."""
    form = {"full": full.strip(), "script": script or detect_script(full), **parts}
    return {k: v for k, v in form.items() if v}


def _keys_of_forms(forms: list[dict[str, str]]) -> list[str]:
    keys: set[str] = set()
    for f in forms:
        keys |= _keys_of_text(f["full"])
    return sorted(keys)


def record_protected_status(db: Database, actor: Actor, cmd: ProtectedIn) -> str:
    """The secretariat registers a person's protected status (refugee, asylum, subsidiary
    protection; `status` is the protection type), either linked to a record or by names and
    date of birth as the granting state reported them; unconfirmed, it is a pending claim.
    States notify theirs over the exchange (`apply_protection_notice`)."""
    authorize(actor, Action.CONTEXT_MANAGE)
    status, person_id, birth_date = cmd.status, cmd.person_id, cmd.birth_date
    if status not in PROTECTION_TYPES:
        raise Invalid("status is refugee, asylum or subsidiary", field="status")
    fled = normalise_country(cmd.fled_country)
    granting = normalise_country(cmd.granting_country)
    if birth_date:
        parse_birth_date(birth_date)
    with db.transaction() as s:
        forms: list[dict[str, str]] = []
        dates = [birth_date] if birth_date else []
        nationalities: list[str] = []
        sex = "U"
        if person_id is not None:
            prow = s.get(PersonRow, person_id)
            if prow is None:
                raise NotFound("no such person")
            linked = from_row(prow)
            forms += [
                _form(n.full, n.script, lang=n.lang, given=n.given, family=n.family)
                for n in linked.names
            ]
            dates = dates or [d.iso() for d in linked.birth_dates]
            nationalities = list(linked.nationalities)
            sex = linked.sex.value
        forms += [_form(n) for n in cmd.names if n.strip()]
        if not forms:
            raise Invalid("give the person's record or at least one name", field="names")
        now = utcnow()
        row = ProtectedStatusRow(
            id=new_id(),
            person_id=person_id,
            names=_keys_of_forms(forms),
            name_forms=forms,
            birth_dates=dates,
            nationalities=nationalities,
            sex=sex,
            protection_type=status,
            state=GRANTED if cmd.confirmed else PENDING,
            fled_country=fled,
            granting_country=granting,
            reference=None,
            granted_on=cmd.granted_on,
            grounds_unrelated=cmd.grounds_unrelated,
            naturalised=False,
            naturalised_on="",
            source="secretariat",
            msg_id=None,
            recorded_by=actor.user_id,
            recorded_at=now,
            updated_at=None,
        )
        s.add(row)
        s.flush()
        record_event(
            s,
            actor,
            "protected_status.recorded",
            "protected_status",
            row.id,
            {"names": row.names, "birth_date": birth_date, "granting": granting},
            summary={"fled_country": fled, "status": status, "state": row.state},
        )
        return row.id


# --- protection notices from member states (the exchange's protection/notify) ---------------


def _by_reference(s: Session, granting: str, reference: str) -> ProtectedStatusRow | None:
    return s.scalar(
        select(ProtectedStatusRow).where(
            ProtectedStatusRow.granting_country == granting,
            ProtectedStatusRow.reference == reference,
        )
    )


def check_protection_notice(s: Session, granting: str, document: dict[str, Any]) -> None:
    """What the schema cannot say, checked before the hub accepts the notice (`Invalid`:
    the hub answers with a signed rejection and nothing is written). `granting` is the
    envelope's verified sender."""
    doc = ProtectionNotice.model_validate(document)
    if doc.fled_country == granting:
        raise Invalid("a state does not grant protection from itself", field="fled_country")
    if doc.naturalised_on is not None and not doc.naturalised:
        raise Invalid("naturalised_on is given for a naturalised person", field="naturalised")
    if doc.status == REVOKED and _by_reference(s, granting, doc.reference) is None:
        raise Invalid(
            f"no entry with reference {doc.reference!r} from {granting} to revoke",
            field="reference",
        )


def apply_protection_notice(
    s: Session,
    actor: Actor,
    *,
    granting: str,
    msg_id: str,
    document: dict[str, Any],
    now: datetime,
) -> str:
    """Write an accepted protection notice into the register, in the hub's transaction:
    insert or update the entry (granting state, its reference); `revoked` marks the entry
    revoked, kept with its history. The granting state is the envelope's verified sender,
    never a field of the document. One event per change; its summary names no one."""
    check_protection_notice(s, granting, document)
    doc = ProtectionNotice.model_validate(document)
    p = doc.person
    forms = [
        _form(
            n.full,
            n.script,
            lang=n.lang,
            given=n.given,
            family=n.family,
            patronymic=n.patronymic,
        )
        for n in p.names
    ]
    fields: dict[str, Any] = {
        "names": _keys_of_forms(forms),
        "name_forms": forms,
        "birth_dates": list(p.birth_dates),
        "nationalities": list(p.nationalities),
        "sex": p.sex,
        "protection_type": doc.protection_type,
        "state": doc.status,
        "fled_country": doc.fled_country,
        "granted_on": doc.granted_on.isoformat() if doc.granted_on else "",
        "grounds_unrelated": doc.grounds_unrelated,
        "naturalised": doc.naturalised,
        "naturalised_on": doc.naturalised_on.isoformat() if doc.naturalised_on else "",
        "msg_id": msg_id,
    }
    row = _by_reference(s, granting, doc.reference)
    if row is None:
        action = "protected_status.notified"
        before = None
        row = ProtectedStatusRow(
            id=new_id(),
            person_id=None,
            granting_country=granting,
            reference=doc.reference,
            source="exchange",
            recorded_by=actor.user_id,
            recorded_at=now,
            updated_at=None,
            **fields,
        )
        s.add(row)
    else:
        before = row.state
        action = "protected_status.revoked" if doc.status == REVOKED else "protected_status.updated"
        for k, v in fields.items():
            setattr(row, k, v)
        row.updated_at = now
    s.flush()
    record_event(
        s,
        actor,
        action,
        "protected_status",
        row.id,
        {
            "names": row.names,
            "birth_dates": row.birth_dates,
            "granting": granting,
            "reference": doc.reference,
            "msg_id": msg_id,
        },
        summary={
            "fled_country": row.fled_country,
            "status": row.protection_type,
            "state": row.state,
            "previous_state": before,
            "source": "exchange",
        },
    )
    return row.id


# --- reading the register (the secretariat; a notifying state its own entries) --------------


def _entry(r: ProtectedStatusRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "source": r.source,
        "reference": r.reference,
        "state": r.state,
        "protection_type": r.protection_type,
        "fled_country": r.fled_country,
        "granting_country": r.granting_country,
        "person_id": r.person_id,
        "names": list(r.name_forms),
        "birth_dates": list(r.birth_dates),
        "nationalities": list(r.nationalities),
        "sex": r.sex,
        "granted_on": r.granted_on or None,
        "grounds_unrelated": r.grounds_unrelated,
        "naturalised": r.naturalised,
        "naturalised_on": r.naturalised_on or None,
        "msg_id": r.msg_id,
        "recorded_at": r.recorded_at,
        "updated_at": r.updated_at,
    }


def list_protected_statuses(
    db: Database,
    actor: Actor,
    purpose: Purpose,
    *,
    fled_country: str | None = None,
    state: str | None = None,
) -> list[dict[str, Any]]:
    """The register, for the secretariat (who granted protection included). Each entry read
    is an access-log row with its purpose."""
    authorize(actor, Action.CONTEXT_MANAGE)
    q = select(ProtectedStatusRow).order_by(ProtectedStatusRow.recorded_at, ProtectedStatusRow.id)
    if fled_country:
        q = q.where(ProtectedStatusRow.fled_country == normalise_country(fled_country))
    if state:
        if state not in (GRANTED, PENDING, REVOKED):
            raise Invalid("state is granted, pending or revoked", field="state")
        q = q.where(ProtectedStatusRow.state == state)
    with db.transaction() as s:
        rows = list(s.scalars(q))
        if rows:
            log_access(
                s, actor, "protected_status.list", "protected_status", [r.id for r in rows], purpose
            )
        return [_entry(r) for r in rows]


def my_protection_notices(db: Database, actor: Actor, purpose: Purpose) -> list[dict[str, Any]]:
    """The entries the actor's state notified over the exchange, read back by that state
    (never another state's; nobody else's grant is ever shown to a bureau). Logged."""
    authorize(actor, Action.EXCHANGE_READ)
    if not actor.country:
        return []
    with db.transaction() as s:
        rows = list(
            s.scalars(
                select(ProtectedStatusRow)
                .where(
                    ProtectedStatusRow.granting_country == actor.country,
                    ProtectedStatusRow.source == "exchange",
                )
                .order_by(ProtectedStatusRow.recorded_at, ProtectedStatusRow.id)
            )
        )
        if rows:
            log_access(
                s, actor, "protected_status.mine", "protected_status", [r.id for r in rows], purpose
            )
        return [_entry(r) for r in rows]
