"""What the checks need to know beyond the request: the secretariat's country context (note,
art. 2 risks with their sources, elections and protests), the protected-status register, and
other notices on the same person. Maintained by the secretariat; read by the checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.kernel.countries import normalise_country
from xborder.kernel.dates import BirthDate, parse_birth_date
from xborder.kernel.errors import Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.names.scripts import detect_script, fold
from xborder.names.transliterate import latin_variants
from xborder.notices import rules
from xborder.persons.domain import Person, match_keys
from xborder.persons.repository import from_row
from xborder.store.db import Database
from xborder.store.tables import CountryContextRow, PersonRow, ProtectedStatusRow

ART2_RISKS = ("torture", "unfair_trial", "death_penalty", "prison_conditions", "other")
EVENT_KINDS = ("election", "protest", "other")


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


def protected_matches(session: Session, person: Person | None) -> tuple[rules.ProtectedStatus, ...]:
    if person is None:
        return ()
    keys = name_keys(person)
    found = []
    for r in session.scalars(select(ProtectedStatusRow)):
        if r.person_id == person.id:
            how = "linked record"
        elif keys & set(r.names) and dates_compatible(
            person.birth_dates, _birth_dates(r.birth_date)
        ):
            how = "name and date of birth"
        else:
            continue
        found.append(
            rules.ProtectedStatus(
                status=r.status,
                confirmed=r.confirmed,
                fled_country=r.fled_country,
                granting_country=r.granting_country,
                grounds_unrelated=r.grounds_unrelated,
                match=how,
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


def check_art2_risks(risks: list[dict[str, str]]) -> None:
    """An art. 2 risk names its kind and its source: a reviewer's hunch is not a source."""
    for r in risks:
        if r.get("risk") not in ART2_RISKS or not str(r.get("source", "")).strip():
            raise Invalid(
                f"an art. 2 risk is one of {ART2_RISKS} with its source", field="art2_risks"
            )


def get_context(db: Database, actor: Actor, country: str) -> CountryContext:
    authorize(actor, Action.CONTEXT_MANAGE)
    country = normalise_country(country)
    with db.transaction() as s:
        return context_of(s, country)


def set_context(
    db: Database,
    actor: Actor,
    country: str,
    note: str,
    art2_risks: list[dict[str, str]],
    events: list[dict[str, str]],
) -> CountryContext:
    """Replace a country's context (the secretariat keeps it current; each version is an
    event, so a decision can be traced to the context it was taken under)."""
    authorize(actor, Action.CONTEXT_MANAGE)
    country = normalise_country(country)
    check_art2_risks(art2_risks)
    for e in events:
        if e.get("kind") not in EVENT_KINDS:
            raise Invalid(f"an event kind is one of {EVENT_KINDS}", field="events")
        try:
            date.fromisoformat(str(e["starts_on"]))
            if e.get("ends_on"):
                date.fromisoformat(str(e["ends_on"]))
        except (KeyError, ValueError):
            raise Invalid(
                "event dates are ISO dates (starts_on, optional ends_on)", field="events"
            ) from None
    with db.transaction() as s:
        row = s.get(CountryContextRow, country)
        if row is None:
            row = CountryContextRow(country=country, art2_risks=[], events=[])
            s.add(row)
        row.note = note.strip()
        row.art2_risks = [
            {"risk": r["risk"], "source": r["source"].strip(), "note": r.get("note", "")}
            for r in art2_risks
        ]
        row.events = [
            {
                "kind": e["kind"],
                "starts_on": e["starts_on"],
                "ends_on": e.get("ends_on") or None,
                "label": e.get("label", ""),
            }
            for e in events
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


def record_protected_status(
    db: Database,
    actor: Actor,
    *,
    fled_country: str,
    granting_country: str,
    status: str = "refugee",
    confirmed: bool = True,
    person_id: str | None = None,
    names: list[str] | None = None,
    birth_date: str = "",
    granted_on: str = "",
    grounds_unrelated: bool = False,
) -> str:
    """Register a person's protected status (refugee, asylum, subsidiary protection), either
    linked to a record or by names and date of birth as the granting state reported them."""
    authorize(actor, Action.CONTEXT_MANAGE)
    if status not in ("refugee", "asylum", "subsidiary"):
        raise Invalid("status is refugee, asylum or subsidiary", field="status")
    fled = normalise_country(fled_country)
    granting = normalise_country(granting_country)
    if birth_date:
        parse_birth_date(birth_date)
    with db.transaction() as s:
        keys: set[str] = set()
        if person_id is not None:
            prow = s.get(PersonRow, person_id)
            if prow is None:
                raise NotFound("no such person")
            keys |= name_keys(from_row(prow))
        for n in names or []:
            keys |= _keys_of_text(n)
        if not keys:
            raise Invalid("give the person's record or at least one name", field="names")
        row = ProtectedStatusRow(
            id=new_id(),
            person_id=person_id,
            names=sorted(keys),
            birth_date=birth_date,
            status=status,
            confirmed=confirmed,
            fled_country=fled,
            granting_country=granting,
            granted_on=granted_on,
            grounds_unrelated=grounds_unrelated,
            recorded_by=actor.user_id,
            recorded_at=utcnow(),
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
            summary={"fled_country": fled, "status": status},
        )
        return row.id
