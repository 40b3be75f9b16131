"""The commission's case lifecycle and deadlines, as pure functions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from xborder.commission.domain import (
    OUTCOMES,
    TRANSITIONS,
    CaseKind,
    CaseState,
    CaseTimes,
    Deadline,
    DeadlineName,
    Outcome,
    Step,
    add_months,
    decision_due,
    implement_due,
    next_state,
    notify_due,
    open_deadlines,
    outcome_allowed,
    ready_to_close,
    steps_from,
    urgency,
)
from xborder.kernel.errors import Conflict

S = CaseState


def at(y: int, m: int, d: int, h: int = 12) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


# --- transitions -------------------------------------------------------------------------------


def test_a_deletion_case_walks_from_receipt_to_closure() -> None:
    state = S.RECEIVED
    for step, expected in [
        (Step.ADMIT, S.ADMISSIBLE),
        (Step.CONSULT, S.CONSULTATION),
        (Step.ANSWER, S.CONSULTATION),
        (Step.DECIDE, S.DECIDED),
        (Step.IMPLEMENT, S.IMPLEMENTED),
        (Step.NOTIFY, S.IMPLEMENTED),
        (Step.CLOSE, S.CLOSED),
    ]:
        state = next_state(state, step)
        assert state == expected


def test_the_applicant_may_be_told_before_the_decision_is_carried_out() -> None:
    state = next_state(S.DECIDED, Step.NOTIFY)
    assert state == S.DECIDED and not ready_to_close(state, notified=True)
    state = next_state(state, Step.IMPLEMENT)
    assert ready_to_close(state, notified=True)


def test_an_inadmissible_case_closes_once_the_applicant_is_told() -> None:
    state = next_state(S.RECEIVED, Step.REJECT)
    assert state == S.INADMISSIBLE
    assert not ready_to_close(state, notified=False)
    assert ready_to_close(next_state(state, Step.NOTIFY), notified=True)


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (S.RECEIVED, Step.DECIDE),  # admissibility first
        (S.RECEIVED, Step.CONSULT),
        (S.INADMISSIBLE, Step.DECIDE),
        (S.ADMISSIBLE, Step.ANSWER),  # nothing was asked
        (S.ADMISSIBLE, Step.IMPLEMENT),  # nothing decided
        (S.DECIDED, Step.DECIDE),  # a decision binds: no second one
        (S.DECIDED, Step.CONSULT),
        (S.IMPLEMENTED, Step.IMPLEMENT),
        (S.CLOSED, Step.NOTIFY),
        (S.DECIDED, Step.CLOSE),  # not before it is carried out
    ],
)
def test_transitions_outside_the_table_are_refused(state: CaseState, step: Step) -> None:
    with pytest.raises(Conflict):
        next_state(state, step)


def test_a_closed_case_has_no_next_step_and_every_state_is_reachable() -> None:
    assert steps_from(S.CLOSED) == []
    reached = {S.RECEIVED} | set(TRANSITIONS.values())
    assert reached == set(CaseState)


def test_outcomes_follow_the_kind_of_request() -> None:
    assert outcome_allowed(CaseKind.ACCESS, Outcome.DISCLOSE)
    assert not outcome_allowed(CaseKind.ACCESS, Outcome.DELETE)
    assert not outcome_allowed(CaseKind.DELETION, Outcome.DISCLOSE)
    assert Outcome.DELETE in OUTCOMES[CaseKind.CORRECTION]
    assert Outcome.DELETE in OUTCOMES[CaseKind.REVISION]


# --- month arithmetic and deadlines -------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 10, 31), 4, date(2026, 2, 28)),
        (date(2025, 5, 31), 9, date(2026, 2, 28)),
        (date(2027, 5, 31), 9, date(2028, 2, 29)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 4, 30), 9, date(2026, 1, 30)),
    ],
)
def test_months_are_calendar_months_with_the_day_clamped(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_a_datetime_keeps_its_time_and_zone() -> None:
    assert add_months(at(2025, 1, 31, 9), 1) == at(2025, 2, 28, 9)


def test_access_is_due_in_four_months_and_the_others_in_nine() -> None:
    admitted = at(2025, 10, 31)
    assert decision_due(CaseKind.ACCESS, admitted) == at(2026, 2, 28)
    assert decision_due(CaseKind.DELETION, admitted) == at(2026, 7, 31)
    assert decision_due(CaseKind.CORRECTION, admitted) == at(2026, 7, 31)
    assert decision_due(CaseKind.REVISION, admitted) == at(2026, 7, 31)


def test_implementation_and_notification_are_due_a_month_after_the_decision() -> None:
    decided = at(2028, 1, 31)
    assert implement_due(decided) == at(2028, 2, 29)
    assert notify_due(decided) == at(2028, 2, 29)


# --- the clock ---------------------------------------------------------------------------------


def test_clock_counts_days_left_then_days_overdue() -> None:
    d = Deadline(DeadlineName.DECISION, at(2026, 3, 10))
    c = d.clock(at(2026, 3, 1))
    assert (c.days_left, c.overdue, c.label, c.soon) == (9, False, "9 days left", True)
    assert d.clock(at(2026, 3, 9)).label == "1 day left"
    today = d.clock(at(2026, 3, 10, 8))
    assert today.label == "due today" and not today.overdue
    assert d.clock(at(2026, 3, 10, 13)).overdue
    late = d.clock(at(2026, 3, 13))
    assert (late.days_left, late.overdue, late.label) == (-3, True, "overdue by 3 days")
    assert not d.clock(at(2026, 1, 1)).soon


def test_a_met_deadline_says_whether_it_was_late() -> None:
    due = at(2026, 3, 10)
    on_time = Deadline(DeadlineName.IMPLEMENTATION, due, at(2026, 3, 2)).clock(at(2026, 5, 1))
    assert on_time.done and not on_time.late and not on_time.overdue and on_time.label == "met"
    late = Deadline(DeadlineName.IMPLEMENTATION, due, at(2026, 3, 12)).clock(at(2026, 5, 1))
    assert late.late and late.label == "met 2 days late"


def test_open_deadlines_put_the_most_urgent_first_and_closed_cases_have_none() -> None:
    decided = at(2026, 1, 10)
    t = CaseTimes(
        state=S.DECIDED,
        due_at=at(2026, 5, 1),
        decided_at=decided,
        implement_due=decided + timedelta(days=20),
        implemented_at=None,
        notify_due=decided + timedelta(days=10),
        notified_at=None,
    )
    names = [d.name for d in open_deadlines(t)]
    assert names == [DeadlineName.NOTIFICATION, DeadlineName.IMPLEMENTATION]
    assert urgency(t) == decided + timedelta(days=10)
    closed = CaseTimes(S.CLOSED, None, None, at(2020, 1, 1), None, None, None)
    assert open_deadlines(closed) == [] and urgency(closed) is None
