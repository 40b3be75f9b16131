"""What every commission use case shares: loading a case, moving it with an event, its
rounds and decision, numbering, portal codes."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.commission.domain import (
    CaseState,
    CaseTimes,
    Outcome,
    Step,
    next_state,
)
from xborder.commission.tables import CommissionCaseRow
from xborder.identity import secrets as xsecrets
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc
from xborder.kernel.errors import Invalid, NotFound
from xborder.store.db import next_number

SUBJECT = "commission_case"


APPLICANT_LABEL = "applicant (public form)"


PORTAL_MISS = "no case matches this number and code"  # one answer for either being wrong


# The portal code: 20 characters from an alphabet without look-alikes (0/O, 1/I), 100 bits,
# grouped by five for reading over the phone. Stored only as SHA-256, like a token.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


CODE_LENGTH = 20


_NO_CASE_HASH = "0" * 64


MAX_NAME = 300


MAX_STATEMENT = 20_000


MAX_REASONS = 20_000


def new_portal_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 5] for i in range(0, CODE_LENGTH, 5))


def _code_digest(code: str) -> str:
    """Case, spaces and hyphens do not matter when the applicant types the code back."""
    return xsecrets.digest("".join(ch for ch in code.upper() if ch.isalnum()))


def checked_text(value: str, field_name: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid(f"{field_name.replace('_', ' ')} is required", field=field_name)
    if len(value) > limit:
        raise Invalid(f"{field_name.replace('_', ' ')} is too long (max {limit})", field=field_name)
    return value


def utc_or_none(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def times(row: CommissionCaseRow) -> CaseTimes:
    return CaseTimes(
        state=CaseState(row.state),
        due_at=utc_or_none(row.due_at),
        decided_at=utc_or_none(row.decided_at),
        implement_due=utc_or_none(row.implement_due),
        implemented_at=utc_or_none(row.implemented_at),
        notify_due=utc_or_none(row.notify_due),
        notified_at=utc_or_none(row.notified_at),
    )


def load_case(s: Session, case_id: str) -> CommissionCaseRow:
    row = s.get(CommissionCaseRow, case_id)
    if row is None:
        raise NotFound("no such case")
    return row


def move(row: CommissionCaseRow, step: Step, now: datetime) -> None:
    row.state = next_state(CaseState(row.state), step).value
    row.updated_at = now


def case_event(
    s: Session,
    actor: Actor | None,
    row: CommissionCaseRow,
    action: str,
    payload: Any,
    label: str | None = None,
    **summary: Any,
) -> None:
    record_event(
        s,
        actor,
        f"commission.{action}",
        SUBJECT,
        row.id,
        payload,
        summary={
            "number": row.number,
            "kind": row.kind,
            "state": row.state,
            "owning_country": row.owning_country,
            **summary,
        },
        label=label,
    )


def rounds_of(row: CommissionCaseRow) -> list[dict[str, Any]]:
    return [dict(r) for r in (row.consultation or {}).get("rounds", [])]


def _final(row: CommissionCaseRow) -> dict[str, Any] | None:
    final = (row.decision or {}).get("final")
    return dict(final) if final else None


def ordered_deleted(row: CommissionCaseRow) -> bool:
    final = _final(row)
    return final is not None and final.get("outcome") == Outcome.DELETE.value


def _set_decision(row: CommissionCaseRow, key: str, value: Any) -> None:
    # JSON columns are not mutation-tracked: assign a new dict.
    row.decision = {**(row.decision or {}), key: value}


def _next_number(s: Session, now: datetime) -> str:
    return next_number(s, CommissionCaseRow.number, f"CCF/{now.year}/")


def _notice_reason(row: CommissionCaseRow, what: str) -> str:
    """The reason written on the notice's own events: no personal data, only the case."""
    return f"{what} (Files Commission case {row.number})"
