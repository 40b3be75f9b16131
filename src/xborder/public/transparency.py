"""The transparency report: what the system did in one calendar year (UTC), counted from the
tables, never estimated. The public sees these numbers at `/transparency`, and as JSON and
CSV.

Each figure says what it counts (DEFINITIONS) so that a reader can check it:

- requests: notice requests submitted to the secretariat in the year (drafts never sent are
  not requests), by type;
- published, refused, cancelled: the decisions taken in the year, by type, and the refusals
  and cancellations by ground (a decision citing two grounds counts once under each ground,
  once in the total);
- deleted: notices in state `deleted` whose deletion (closed_at) falls in the year;
- in circulation: notices published before the end of the year (or today, for the current
  year) and not closed by then;
- diffusions: diffusions created in the year, by state and by kind;
- commission: cases received in the year, by kind; cases decided in the year, by outcome
  of the binding decision, with requests declared inadmissible in the year as their own
  outcome.

Decision rows and notice rows outlive a commission deletion (the erasure empties their
personal data, not their type, dates or grounds), so a deleted notice is still counted in
every figure it contributed to.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from xborder.commission.tables import CommissionCaseRow
from xborder.extradition import stats as judicial_stats
from xborder.extradition.legal_bases import BasisKind, get_basis
from xborder.extradition.tables import JudicialCaseRow
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Invalid
from xborder.notices.domain import GROUND_LABELS, Decision, NoticeType, RefusalGround, State
from xborder.notices.tables import DecisionRow, DiffusionRow, NoticeRow
from xborder.store.db import Database

FIRST_YEAR = 2000
NOTICE_TYPES = tuple(t.value for t in NoticeType)
GROUNDS = tuple(g.value for g in RefusalGround)
CASE_KINDS = ("access", "correction", "deletion", "revision")  # docs/reference/commission.md
UNSPECIFIED = "unspecified"
_NOT_KEY = re.compile(r"[^a-z0-9]+")

DEFINITIONS: dict[str, str] = {
    "requests": "notice requests submitted to the secretariat in the year",
    "published": "decisions to publish taken in the year",
    "refused": "decisions to refuse taken in the year",
    "cancelled": "published notices cancelled by the secretariat in the year",
    "refused_or_cancelled": "refusals and cancellations together (the published statistics' "
    "'refused or cancelled')",
    "by_ground": "a decision citing several grounds counts once under each",
    "deleted": "notices deleted (commission decision) in the year",
    "in_circulation": "notices published and not closed on the report date",
    "diffusions": "diffusions created in the year",
    "commission_received": "individuals' requests received by the commission in the year",
    "commission_decided": "commission cases decided in the year, by outcome (requests "
    "declared inadmissible in the year count as 'inadmissible')",
    "extradition_and_mla": "extradition and mutual legal assistance cases requested in the "
    "year over the channel: by legal basis, outcome, ground of refusal, and the median days "
    "from the (provisional) arrest to the decision",
}


@dataclass(frozen=True)
class Report:
    year: int
    period_start: date
    period_end: date  # inclusive
    as_of: date  # the date "in circulation" refers to
    generated_at: datetime
    requests: dict[str, int]
    published: dict[str, int]
    refused: dict[str, int]
    refused_by_ground: dict[str, int]
    cancelled: dict[str, int]
    cancelled_by_ground: dict[str, int]
    deleted: dict[str, int]
    in_circulation: dict[str, int]
    diffusions_by_state: dict[str, int]
    diffusions_by_kind: dict[str, int]
    cases_by_kind: dict[str, int]
    cases_by_outcome: dict[str, int]
    # Extradition and MLA cases requested in the year (xborder.extradition.stats).
    judicial: judicial_stats.Stats

    @property
    def refused_or_cancelled_by_ground(self) -> dict[str, int]:
        return {g: self.refused_by_ground[g] + self.cancelled_by_ground[g] for g in GROUNDS}


def check_year(year: int | str | None, today: date | None = None) -> int:
    """The year asked for, or this year; refuses years before FIRST_YEAR or in the future."""
    today = today or utcnow().date()
    if year is None or (isinstance(year, str) and not year.strip()):
        return today.year
    try:
        y = int(year)
    except ValueError:
        raise Invalid("year is a four-digit year", field="year") from None
    if not FIRST_YEAR <= y <= today.year:
        raise Invalid(f"year is between {FIRST_YEAR} and {today.year}", field="year")
    return y


def _bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def _zeros(keys: tuple[str, ...]) -> dict[str, int]:
    return dict.fromkeys(keys, 0)


def _by_type(s: Session, *where: Any) -> dict[str, int]:
    out = _zeros(NOTICE_TYPES)
    q = select(NoticeRow.notice_type, func.count()).where(*where).group_by(NoticeRow.notice_type)
    for t, n in s.execute(q):
        out[t] = out.get(t, 0) + n
    return out


def _grouped(s: Session, column: Any, *where: Any, keys: tuple[str, ...] = ()) -> dict[str, int]:
    out = _zeros(keys)
    for k, n in s.execute(select(column, func.count()).where(*where).group_by(column)):
        out[str(k)] = out.get(str(k), 0) + n
    return out


def compute(db: Database, year: int, now: datetime | None = None) -> Report:
    """The report for `year`, read in one transaction (one consistent snapshot)."""
    now = now or utcnow()
    start, end = _bounds(year)
    as_of = min(end, now)
    with db.transaction() as s:
        requests = _by_type(s, NoticeRow.submitted_at >= start, NoticeRow.submitted_at < end)
        decided: dict[str, dict[str, int]] = {
            d.value: _zeros(NOTICE_TYPES)
            for d in (Decision.PUBLISH, Decision.REFUSE, Decision.CANCEL)
        }
        grounds: dict[str, Counter[str]] = {
            Decision.REFUSE.value: Counter(),
            Decision.CANCEL.value: Counter(),
        }
        q = (
            select(DecisionRow.decision, DecisionRow.grounds, NoticeRow.notice_type)
            .join(NoticeRow, NoticeRow.id == DecisionRow.notice_id)
            .where(
                DecisionRow.decided_at >= start,
                DecisionRow.decided_at < end,
                DecisionRow.decision.in_(list(decided)),
            )
        )
        for decision, gs, notice_type in s.execute(q):
            decided[decision][notice_type] = decided[decision].get(notice_type, 0) + 1
            if decision in grounds:
                grounds[decision].update(set(gs or []))
        deleted = _by_type(
            s,
            NoticeRow.state == State.DELETED.value,
            NoticeRow.closed_at >= start,
            NoticeRow.closed_at < end,
        )
        in_circulation = _by_type(
            s,
            NoticeRow.published_at.is_not(None),
            NoticeRow.published_at < as_of,
            or_(NoticeRow.closed_at.is_(None), NoticeRow.closed_at >= as_of),
        )
        in_year = and_(DiffusionRow.created_at >= start, DiffusionRow.created_at < end)
        diffusions_by_state = _grouped(s, DiffusionRow.state, in_year)
        diffusions_by_kind = _grouped(s, DiffusionRow.kind, in_year)
        cases_by_kind = _grouped(
            s,
            CommissionCaseRow.kind,
            CommissionCaseRow.received_at >= start,
            CommissionCaseRow.received_at < end,
            keys=CASE_KINDS,
        )
        outcomes: Counter[str] = Counter()
        q2 = select(CommissionCaseRow.decided_at, CommissionCaseRow.decision).where(
            or_(
                and_(CommissionCaseRow.decided_at >= start, CommissionCaseRow.decided_at < end),
                and_(CommissionCaseRow.decided_at.is_(None), CommissionCaseRow.updated_at >= start),
            )
        )
        for decided_at, decision_doc in s.execute(q2):
            outcome = case_outcome(decision_doc, start, end, decided=decided_at is not None)
            if outcome is not None:
                outcomes[outcome] += 1
        judicial = judicial_stats.compute(
            list(
                s.scalars(
                    select(JudicialCaseRow).where(
                        JudicialCaseRow.requested_at >= start, JudicialCaseRow.requested_at < end
                    )
                )
            )
        )

    def by_ground(c: Counter[str]) -> dict[str, int]:
        return {g: c.get(g, 0) for g in GROUNDS}

    return Report(
        year=year,
        period_start=start.date(),
        period_end=date(year, 12, 31),
        as_of=(as_of.date() if as_of < end else date(year, 12, 31)),
        generated_at=now,
        requests=requests,
        published=decided[Decision.PUBLISH.value],
        refused=decided[Decision.REFUSE.value],
        refused_by_ground=by_ground(grounds[Decision.REFUSE.value]),
        cancelled=decided[Decision.CANCEL.value],
        cancelled_by_ground=by_ground(grounds[Decision.CANCEL.value]),
        deleted=deleted,
        in_circulation=in_circulation,
        diffusions_by_state=dict(sorted(diffusions_by_state.items())),
        diffusions_by_kind=dict(sorted(diffusions_by_kind.items())),
        cases_by_kind=cases_by_kind,
        cases_by_outcome=dict(sorted(outcomes.items())),
        judicial=judicial,
    )


def case_outcome(
    decision: dict[str, Any] | None,
    start: datetime | None = None,
    end: datetime | None = None,
    decided: bool = True,
) -> str | None:
    """The outcome of a commission case as a short public key: the binding decision's
    (`final.outcome`: delete, correct, keep, disclose, withhold), or `inadmissible` for a
    request declared inadmissible between `start` and `end`; None when the case has no
    outcome in that period. A decided case without a recorded outcome counts as
    `unspecified` rather than vanishing."""
    d = decision or {}
    if decided:
        final = d.get("final") or {}
        value = str(final.get("outcome") or d.get("outcome") or "").strip().lower()
        # A key, not prose: it also lands in a CSV cell, where "=..." would be a formula.
        return _NOT_KEY.sub("_", value)[:40].strip("_") or UNSPECIFIED
    admissibility = d.get("admissibility") or {}
    if admissibility.get("admissible") is not False:
        return None
    try:
        at = datetime.fromisoformat(str(admissibility.get("at")))
    except ValueError:
        return None
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    if (start is None or at >= start) and (end is None or at < end):
        return "inadmissible"
    return None


def available_years(db: Database, today: date | None = None) -> list[int]:
    """Every year from the first recorded activity to this year, newest first."""
    today = today or utcnow().date()
    with db.transaction() as s:
        firsts = [
            s.scalar(select(func.min(NoticeRow.created_at))),
            s.scalar(select(func.min(DiffusionRow.created_at))),
            s.scalar(select(func.min(CommissionCaseRow.received_at))),
        ]
    years = [f.year for f in firsts if f is not None]
    first = max(FIRST_YEAR, min([*years, today.year]))
    return list(range(today.year, first - 1, -1))


def _total(d: dict[str, int]) -> dict[str, Any]:
    return {"total": sum(d.values())}


def _public_judicial(st: judicial_stats.Stats) -> dict[str, Any]:
    """The extradition figures as published: a bilateral treaty names the two states, so its
    cases are counted together with the other bilateral treaties', never per treaty (that
    would show two named states' case activity year by year)."""
    doc = judicial_stats.as_json(st)
    doc["by_legal_basis"] = public_bases(st.by_legal_basis)
    return doc


def public_bases(by_basis: dict[str, int]) -> dict[str, int]:
    out: Counter[str] = Counter()
    for basis_id, n in by_basis.items():
        try:
            bilateral = get_basis(basis_id).kind == BasisKind.BILATERAL
        except ValueError:  # a basis no longer configured: publish it under its kind unknown
            bilateral = True
        out["bilateral treaties" if bilateral else basis_id] += n
    return dict(sorted(out.items()))


def to_json(r: Report) -> dict[str, Any]:
    """The report as published at `/transparency.json`."""
    return {
        "year": r.year,
        "period": {"from": r.period_start.isoformat(), "to": r.period_end.isoformat()},
        "as_of": r.as_of.isoformat(),
        "generated_at": r.generated_at.isoformat(timespec="seconds"),
        "notices": {
            "requests": {**_total(r.requests), "by_type": r.requests},
            "published": {**_total(r.published), "by_type": r.published},
            "refused": {
                **_total(r.refused),
                "by_type": r.refused,
                "by_ground": r.refused_by_ground,
            },
            "cancelled": {
                **_total(r.cancelled),
                "by_type": r.cancelled,
                "by_ground": r.cancelled_by_ground,
            },
            "refused_or_cancelled": {
                "total": sum(r.refused.values()) + sum(r.cancelled.values()),
                "by_ground": r.refused_or_cancelled_by_ground,
            },
            "deleted": {**_total(r.deleted), "by_type": r.deleted},
            "in_circulation": {**_total(r.in_circulation), "by_type": r.in_circulation},
        },
        "diffusions": {
            **_total(r.diffusions_by_state),
            "by_state": r.diffusions_by_state,
            "by_kind": r.diffusions_by_kind,
        },
        "commission": {
            "received": {**_total(r.cases_by_kind), "by_kind": r.cases_by_kind},
            "decided": {**_total(r.cases_by_outcome), "by_outcome": r.cases_by_outcome},
        },
        "extradition_and_mla": _public_judicial(r.judicial),
        "ground_labels": {g.value: GROUND_LABELS[g] for g in RefusalGround},
        "definitions": DEFINITIONS,
    }


CSV_HEADER = ("year", "section", "measure", "breakdown", "key", "value")


def rows(r: Report) -> list[tuple[int, str, str, str, str, int]]:
    """Every figure of the report as one row: (year, section, measure, breakdown, key,
    value); a total has breakdown and key `total`."""
    doc = to_json(r)
    out: list[tuple[int, str, str, str, str, int]] = []
    for section in ("notices", "diffusions", "commission"):
        body: dict[str, Any] = doc[section]
        measures: dict[str, Any] = {"": body} if "total" in body else body
        for measure, figures in measures.items():
            name = measure or section
            out.append((r.year, section, name, "total", "total", int(figures["total"])))
            for breakdown, values in figures.items():
                if breakdown == "total":
                    continue
                for key, value in values.items():
                    out.append((r.year, section, name, breakdown, key, int(value)))
    return out


def to_csv(r: Report) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    w.writerows(rows(r))
    return buf.getvalue()
