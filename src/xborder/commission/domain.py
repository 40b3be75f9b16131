"""A case before the files commission, as data: its kinds, its lifecycle as an explicit state
machine, the outcomes each kind may end in, and the statutory deadlines with a clock a page
can show (docs/reference/commission.md). Pure: no I/O, no framework.

Deadlines run from admissibility: access 4 months, correction and deletion 9 months. The
statute names no period for a revision; it is given the 9 months of correction and deletion
(the heaviest of the commission's usual work), which is a choice of this code, not a rule.
After a decision, the applicant must be told within one month and the decision carried out
(a deletion in particular) within one month.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from xborder.kernel.errors import Conflict


class CaseKind(StrEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    DELETION = "deletion"
    REVISION = "revision"  # of an earlier decision of the commission


KIND_LABELS: dict[CaseKind, str] = {
    CaseKind.ACCESS: "Access to the data held about me",
    CaseKind.CORRECTION: "Correction of the data held about me",
    CaseKind.DELETION: "Deletion of the data held about me",
    CaseKind.REVISION: "Revision of a decision of the Commission",
}


class CaseState(StrEnum):
    RECEIVED = "received"
    ADMISSIBLE = "admissible"
    INADMISSIBLE = "inadmissible"
    CONSULTATION = "consultation"  # the owning bureau has been asked
    DECIDED = "decided"
    IMPLEMENTED = "implemented"
    CLOSED = "closed"


class Step(StrEnum):
    ADMIT = "admit"
    REJECT = "reject"  # inadmissible
    CONSULT = "consult"
    ANSWER = "answer"  # the owning bureau answers the consultation
    DECIDE = "decide"
    IMPLEMENT = "implement"
    NOTIFY = "notify"  # the applicant was told
    CLOSE = "close"


S = CaseState
TRANSITIONS: dict[tuple[CaseState, Step], CaseState] = {
    (S.RECEIVED, Step.ADMIT): S.ADMISSIBLE,
    (S.RECEIVED, Step.REJECT): S.INADMISSIBLE,
    (S.ADMISSIBLE, Step.CONSULT): S.CONSULTATION,
    # A further question once the bureau has answered the last one.
    (S.CONSULTATION, Step.CONSULT): S.CONSULTATION,
    (S.CONSULTATION, Step.ANSWER): S.CONSULTATION,
    (S.ADMISSIBLE, Step.DECIDE): S.DECIDED,
    (S.CONSULTATION, Step.DECIDE): S.DECIDED,
    (S.DECIDED, Step.IMPLEMENT): S.IMPLEMENTED,
    # Telling the applicant and carrying out the decision are owed in either order; the case
    # closes once both are done (an inadmissible case once the applicant is told).
    (S.DECIDED, Step.NOTIFY): S.DECIDED,
    (S.IMPLEMENTED, Step.NOTIFY): S.IMPLEMENTED,
    (S.INADMISSIBLE, Step.NOTIFY): S.INADMISSIBLE,
    (S.IMPLEMENTED, Step.CLOSE): S.CLOSED,
    (S.INADMISSIBLE, Step.CLOSE): S.CLOSED,
}

# While a case is open and undecided-or-unimplemented the data may be blocked as a precaution.
BLOCKABLE_STATES = frozenset({S.RECEIVED, S.ADMISSIBLE, S.CONSULTATION, S.DECIDED})
# The notice a case is about may be named until the bureau is consulted.
LINKABLE_STATES = frozenset({S.RECEIVED, S.ADMISSIBLE})
UNDER_EXAMINATION = frozenset({S.ADMISSIBLE, S.CONSULTATION})


def next_state(state: CaseState, step: Step) -> CaseState:
    try:
        return TRANSITIONS[(state, step)]
    except KeyError:
        raise Conflict(f"a case in state {state.value} cannot {step.value}") from None


def steps_from(state: CaseState) -> list[Step]:
    """What may happen next, for pages that offer only possible actions."""
    return [step for (s, step) in TRANSITIONS if s == state]


def ready_to_close(state: CaseState, notified: bool) -> bool:
    return notified and (state, Step.CLOSE) in TRANSITIONS


# --- outcomes ------------------------------------------------------------------------------


class Outcome(StrEnum):
    DISCLOSE = "disclose"  # access: the owning bureau agreed
    WITHHOLD = "withhold"  # access: nothing is disclosed (no consent, or nothing held)
    DELETE = "delete"
    CORRECT = "correct"  # the owning bureau corrects the data as the decision says
    KEEP = "keep"  # the data comply; they stay


OUTCOMES: dict[CaseKind, tuple[Outcome, ...]] = {
    CaseKind.ACCESS: (Outcome.DISCLOSE, Outcome.WITHHOLD),
    CaseKind.CORRECTION: (Outcome.CORRECT, Outcome.DELETE, Outcome.KEEP),
    CaseKind.DELETION: (Outcome.DELETE, Outcome.KEEP),
    CaseKind.REVISION: (Outcome.DELETE, Outcome.CORRECT, Outcome.KEEP),
}


class DecisionGround(StrEnum):
    """Why data were found not to comply, recorded with a deletion or correction so that the
    secretariat's checks can weigh an earlier deletion when the person is requested again."""

    ART2 = "art2"  # human rights (Constitution art. 2)
    ART3 = "art3"  # political, military, religious or racial character (art. 3)
    REFUGEE = "refugee"  # the refugee policy
    DATA = "data"  # data quality, basis or conditions of the notice
    OTHER = "other"


GROUND_LABELS: dict[DecisionGround, str] = {
    DecisionGround.ART2: "Human rights (art. 2)",
    DecisionGround.ART3: "Political, military, religious or racial character (art. 3)",
    DecisionGround.REFUGEE: "Refugee policy",
    DecisionGround.DATA: "Data quality or conditions of the notice",
    DecisionGround.OTHER: "Other",
}

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.DISCLOSE: "Disclose the data (the owning bureau consented)",
    Outcome.WITHHOLD: "Disclose nothing",
    Outcome.DELETE: "Delete the data",
    Outcome.CORRECT: "Have the data corrected",
    Outcome.KEEP: "Keep the data (compliant)",
}

# What the applicant reads. The texts for access never say whether data exist: a refusal of
# consent and "nothing held" read the same (indirect access).
APPLICANT_OUTCOME_TEXT: dict[Outcome, str] = {
    Outcome.DISCLOSE: (
        "The bureau that provided the data agreed to their disclosure. The data held about"
        " you are shown below."
    ),
    Outcome.WITHHOLD: (
        "The Commission has carried out the checks it deems appropriate. It can neither"
        " confirm nor deny that data about you are held, nor disclose any data."
    ),
    Outcome.DELETE: (
        "The Commission found that the data concerned did not comply with the rules and"
        " decided that they be deleted."
    ),
    Outcome.CORRECT: "The Commission decided that the data concerned be corrected.",
    # Neutral, like WITHHOLD: a case without data must read the same as one whose data comply.
    Outcome.KEEP: (
        "The Commission has carried out the checks it deems appropriate. It found no data"
        " about you that the rules require to be deleted or corrected."
    ),
}

# What the applicant reads about the state of the case. Admissible and consultation read the
# same: that a bureau was consulted would tell the applicant that data about them exist.
APPLICANT_STATE_TEXT: dict[CaseState, str] = {
    S.RECEIVED: "Received: the Commission is examining whether the request is admissible.",
    S.ADMISSIBLE: "Admissible: the Commission is examining the request.",
    S.CONSULTATION: "Admissible: the Commission is examining the request.",
    S.INADMISSIBLE: "The request is not admissible.",
    S.DECIDED: "Decided.",
    S.IMPLEMENTED: "Decided, and the decision carried out.",
    S.CLOSED: "Closed.",
}


def outcome_allowed(kind: CaseKind, outcome: Outcome) -> bool:
    return outcome in OUTCOMES[kind]


# --- deadlines -------------------------------------------------------------------------------

DECISION_MONTHS: dict[CaseKind, int] = {
    CaseKind.ACCESS: 4,
    CaseKind.CORRECTION: 9,
    CaseKind.DELETION: 9,
    CaseKind.REVISION: 9,  # not set by the statute; see the module docstring
}
IMPLEMENT_MONTHS = 1
NOTIFY_MONTHS = 1
DUE_SOON_DAYS = 14  # how far ahead the dashboard and the job warn

D = TypeVar("D", bound=date)


def add_months(d: D, months: int) -> D:
    """Calendar months, clamping the day: 31 January + 1 month is the last day of February
    (28th, or 29th in a leap year). A datetime keeps its time and zone."""
    years, month0 = divmod(d.month - 1 + months, 12)
    year = d.year + years
    month = month0 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return d.replace(year=year, month=month, day=day)


def decision_due(kind: CaseKind, admissible_at: datetime) -> datetime:
    return add_months(admissible_at, DECISION_MONTHS[kind])


def implement_due(decided_at: datetime) -> datetime:
    return add_months(decided_at, IMPLEMENT_MONTHS)


def notify_due(decided_at: datetime) -> datetime:
    """Also used from a finding of inadmissibility: the applicant is told within a month."""
    return add_months(decided_at, NOTIFY_MONTHS)


@dataclass(frozen=True)
class Clock:
    """A deadline seen from `now`: days left (negative once overdue), or how it was met."""

    due: datetime
    days_left: int
    overdue: bool
    done: bool
    late: bool  # done after the due time

    @property
    def label(self) -> str:
        if self.done:
            if not self.late:
                return "met"
            return f"met {_days(-self.days_left)} late" if self.days_left < 0 else "met late"
        if self.overdue:
            return f"overdue by {_days(-self.days_left)}" if self.days_left < 0 else "overdue"
        if self.days_left == 0:
            return "due today"
        return f"{_days(self.days_left)} left"

    @property
    def soon(self) -> bool:
        return not self.done and not self.overdue and self.days_left <= DUE_SOON_DAYS


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


class DeadlineName(StrEnum):
    DECISION = "decision"
    IMPLEMENTATION = "implementation"
    NOTIFICATION = "notification"


DEADLINE_LABELS: dict[DeadlineName, str] = {
    DeadlineName.DECISION: "Decision",
    DeadlineName.IMPLEMENTATION: "Decision carried out",
    DeadlineName.NOTIFICATION: "Applicant told",
}


@dataclass(frozen=True)
class Deadline:
    name: DeadlineName
    due: datetime
    done_at: datetime | None = None

    def clock(self, now: datetime) -> Clock:
        """Days are counted in calendar days (UTC) between `now` (or completion) and the due
        day, so a page shows the same number all day long."""
        at = self.done_at or now
        days_left = (self.due.date() - at.date()).days
        late = at > self.due
        return Clock(
            due=self.due,
            days_left=days_left,
            overdue=self.done_at is None and late,
            done=self.done_at is not None,
            late=self.done_at is not None and late,
        )


@dataclass(frozen=True)
class CaseTimes:
    """The times of a case that its deadlines depend on."""

    state: CaseState
    due_at: datetime | None
    decided_at: datetime | None
    implement_due: datetime | None
    implemented_at: datetime | None
    notify_due: datetime | None
    notified_at: datetime | None


def deadlines(t: CaseTimes) -> list[Deadline]:
    """Every deadline the case has had, met or running, in the order they arise."""
    out: list[Deadline] = []
    if t.due_at is not None:
        out.append(Deadline(DeadlineName.DECISION, t.due_at, t.decided_at))
    if t.implement_due is not None:
        out.append(Deadline(DeadlineName.IMPLEMENTATION, t.implement_due, t.implemented_at))
    if t.notify_due is not None:
        out.append(Deadline(DeadlineName.NOTIFICATION, t.notify_due, t.notified_at))
    return out


def open_deadlines(t: CaseTimes) -> list[Deadline]:
    """The deadlines still running, most urgent first."""
    if t.state == S.CLOSED:
        return []
    return sorted((d for d in deadlines(t) if d.done_at is None), key=lambda d: d.due)


def urgency(t: CaseTimes) -> datetime | None:
    """The due time of the most urgent running deadline; sorting by it puts overdue cases
    first, since every overdue due time lies before every running one."""
    running = open_deadlines(t)
    return running[0].due if running else None
