"""What the checks need beyond the request, gathered from the store: the country's sourced
record, the secretariat's researched profiles, earlier outcomes for the same person and the
requesting bureau's record on similar charges. Reads only; the rules stay pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.audit.service import log_access
from xborder.commission.tables import CommissionCaseRow
from xborder.extradition.tables import JudicialCaseRow
from xborder.kernel.actor import Actor
from xborder.kernel.purposes import Purpose
from xborder.notices import rulebase
from xborder.notices.context import dates_compatible
from xborder.notices.domain import NoticeContent
from xborder.notices.rulebase import texts
from xborder.notices.tables import DecisionRow, NoticeRow
from xborder.persons import repository as person_repo
from xborder.persons.domain import Person
from xborder.persons.tables import PersonRow
from xborder.safeguards import charges
from xborder.safeguards.charges import Kind
from xborder.screening.config import DEFAULT as MATCH_CONFIG
from xborder.screening.matching import prepare, score
from xborder.screening.model import NameForm, Subject
from xborder.screening.sources import notice_subject

_TURNED_DOWN = {"refused": "notice_refused", "cancelled": "notice_cancelled"}
_REQUESTER_WINDOW = 500
_HISTORY_SCAN = 500  # the most recent refused or cancelled requests read per check
REVIEW = Purpose.NOTICE_REVIEW
# extradition refusal grounds that say the request was political (extradition/grounds.py)
_POLITICAL_GROUNDS = {
    "political_offence",
    "military_offence",
    "extraneous_considerations",
    "human_rights",
}  # the bureau's most recent decided requests considered


def profiles(review_inputs: dict[str, Any]) -> tuple[rulebase.ProfileFact, ...]:
    return tuple(
        rulebase.ProfileFact(p["kind"], p["status"], p.get("source", ""), p.get("note", ""))
        for p in review_inputs.get("profiles", [])
    )


def birth_years(person: Person | None) -> tuple[int, int] | None:
    if person is None or not person.birth_dates:
        return None
    return (
        min(d.earliest().year for d in person.birth_dates),
        max(d.latest().year for d in person.birth_dates),
    )


def same_person_score(a: Person, b: Person) -> float:
    """The screening matcher's score between two records (scripts, spellings, dates)."""
    return score(prepare(notice_subject(a.id, a)), prepare(notice_subject(b.id, b))).score


def _grounds(s: Session, notice_id: str) -> tuple[tuple[str, ...], date | None]:
    d = s.scalars(
        select(DecisionRow)
        .where(DecisionRow.notice_id == notice_id)
        .order_by(DecisionRow.decided_at.desc())
    ).first()
    if d is None:
        return (), None
    return tuple(str(g) for g in d.grounds), d.decided_at.date()


def _turned_down(
    s: Session, row: NoticeRow, person: Person, candidates: Sequence[tuple[NoticeRow, Person]]
) -> list[tuple[NoticeRow, Person]]:
    """Refused and cancelled requests that may concern the person: those the name-key index
    found, plus the most recent others (spellings the keys do not join: "Sergei"/"Sergey"),
    which the screening matcher then judges. Bounded, since the checks run per request."""
    seen = {other.id for other, _ in candidates}
    out = [(o, p) for o, p in candidates if o.state in _TURNED_DOWN]
    q = (
        select(NoticeRow)
        .where(
            NoticeRow.state.in_(list(_TURNED_DOWN)),
            NoticeRow.person_id.is_not(None),
            NoticeRow.id != row.id,
        )
        .order_by(NoticeRow.created_at.desc())
        .limit(_HISTORY_SCAN)
    )
    for other in s.scalars(q):
        if other.id in seen or other.person_id is None:
            continue
        prow = s.get(PersonRow, other.person_id)
        if prow is None:
            continue
        op = person_repo.from_row(prow)
        # the matcher only where the dates of birth can be the same person's
        if dates_compatible(person.birth_dates, op.birth_dates):
            out.append((other, op))
    return out


_COMMISSION_SCAN = 200  # the same state's most recent commission deletions read per check
_WEIGHTY = {"art2", "art3", "refugee"}  # commission grounds that say what a deletion means


def _commission_deletions(
    s: Session, row: NoticeRow, person: Person
) -> list[tuple[str, rulebase.HistoryItem]]:
    """Deletions the files commission ordered on human-rights, political or refugee grounds
    and carried out, for an applicant the screening matcher finds to be this person; with
    the case id each rests on. The notice's own data are erased, but the commission's case
    file is the applicant's request and keeps the applicant's name (no date of birth), so
    the match is on names alone, only for requests from the same state, and weighs less
    (`HistoryItem.name_only`). Reads the name, number and decision only."""
    q = (
        select(
            CommissionCaseRow.id,
            CommissionCaseRow.number,
            CommissionCaseRow.applicant_name,
            CommissionCaseRow.decision,
            CommissionCaseRow.decided_at,
            NoticeRow.number,
        )
        .join(NoticeRow, NoticeRow.id == CommissionCaseRow.notice_id)
        .where(
            CommissionCaseRow.implemented_at.is_not(None),
            NoticeRow.state == "deleted",
            NoticeRow.id != row.id,
            # names alone are weak: only the same requesting state's earlier requests count
            NoticeRow.requesting_country == row.requesting_country,
        )
        .order_by(CommissionCaseRow.decided_at.desc())
        .limit(_COMMISSION_SCAN)
    )
    subject = prepare(notice_subject(person.id, person))
    out = []
    for case_id, case_number, applicant, decision, decided_at, number in s.execute(q).all():
        final = (decision or {}).get("final") or {}
        grounds = tuple(str(g) for g in final.get("grounds", []))
        if final.get("outcome") != "delete" or not _WEIGHTY & set(grounds):
            continue
        if not str(applicant).strip():
            continue
        applicant_subject = Subject(id=case_id, names=(NameForm(full=applicant),))
        sc = score(subject, prepare(applicant_subject)).score
        if sc < MATCH_CONFIG.threshold:
            continue
        out.append(
            (
                case_id,
                rulebase.HistoryItem(
                    "commission_deletion",
                    f"{case_number} (notice {number})",
                    row.requesting_country,
                    grounds,
                    decided_at.date() if decided_at else None,
                    f"screening score {sc:.2f} on the applicant's name alone (the commission's"
                    " file holds no date of birth)",
                    name_only=True,
                ),
            )
        )
    return out


def history(
    s: Session,
    row: NoticeRow,
    person: Person | None,
    candidates: Sequence[tuple[NoticeRow, Person]],
    actor: Actor | None = None,
) -> tuple[rulebase.HistoryItem, ...]:
    """Earlier refusals and cancellations of requests for this person, confirmed by the
    screening matcher at its threshold (names across scripts and spellings, dates of birth),
    extradition cases linked to them that were refused on political grounds, and deletions
    the files commission ordered for an applicant of the same name."""
    if person is None:
        return ()
    deletions = _commission_deletions(s, row, person)
    out = [item for _, item in deletions]
    matched_persons: list[str] = []
    for other, op in _turned_down(s, row, person, candidates):
        kind = _TURNED_DOWN[other.state]
        sc = same_person_score(person, op)
        if sc < MATCH_CONFIG.threshold:
            continue
        grounds, on = _grounds(s, other.id)
        matched_persons.append(op.id)
        out.append(
            rulebase.HistoryItem(
                kind,
                other.number,
                other.requesting_country,
                grounds,
                on,
                f"screening score {sc:.2f}",
            )
        )
        for case in s.scalars(
            select(JudicialCaseRow).where(
                JudicialCaseRow.notice_id == other.id, JudicialCaseRow.outcome == "refused"
            )
        ):
            picked = (case.data or {}).get("decision", {}).get("grounds", [])
            refused_on = [
                str(g.get("ground", "")) if isinstance(g, dict) else str(g) for g in picked
            ]
            if set(refused_on) & _POLITICAL_GROUNDS:
                out.append(
                    rulebase.HistoryItem(
                        "extradition_refused",
                        case.number,
                        case.requesting_country,
                        ("political", *refused_on),
                        None,
                        f"linked to {other.number}",
                    )
                )
    if actor is not None:
        # what the automated checks read about other persons and cases to produce evidence,
        # logged for the review they serve, on the action of whoever triggered them
        if matched_persons:
            log_access(s, actor, "checks.history", "person", matched_persons, REVIEW)
        if deletions:
            log_access(
                s, actor, "checks.history", "commission_case", [c for c, _ in deletions], REVIEW
            )
    return tuple(out)


def charge_families(content: NoticeContent) -> tuple[str, ...]:
    """The art. 3 charge families of a request (strong and context kinds)."""
    return tuple(
        charges.families_in(
            charges.analyse(texts(content)), Kind.DISSENT, Kind.POLITICAL, Kind.CONTEXT
        )
    )


def requester(
    s: Session, row: NoticeRow, content: NoticeContent
) -> rulebase.RequesterRecord | None:
    """The requesting bureau's decided requests sharing a charge family with this one (read
    from each request's stored families), and how many were refused under art. 3."""
    families = set(charge_families(content))
    if not families:
        return None
    decided = s.execute(
        select(NoticeRow.id, NoticeRow.charge_families, DecisionRow.grounds, DecisionRow.decision)
        .join(DecisionRow, DecisionRow.notice_id == NoticeRow.id)
        .where(
            NoticeRow.requesting_country == row.requesting_country,
            NoticeRow.id != row.id,
            DecisionRow.decision.in_(("publish", "refuse", "cancel")),
        )
        .order_by(DecisionRow.decided_at.desc())
        .limit(_REQUESTER_WINDOW)
    ).all()
    latest: dict[str, tuple[Any, str]] = {}  # a request counts once: its latest decision
    for nid, fams, g, d in decided:
        if nid not in latest and families & set(fams or []):
            latest[nid] = (g, d)
    similar = list(latest.values())
    refused = sum(1 for g, d in similar if d in ("refuse", "cancel") and "art3" in (g or []))
    return rulebase.RequesterRecord(
        row.requesting_country, tuple(sorted(families)), len(similar), refused
    )
