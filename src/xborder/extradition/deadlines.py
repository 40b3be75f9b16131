"""Deadlines of an extradition or MLA case, from its legal basis and its events.

Day counting convention (chosen here; every deadline uses it): a period of N days runs in the
*requested state's* local calendar, the day of the event is not counted, and the period ends
at the end of the N-th day after it, i.e. at local midnight beginning day N + 1. This is the
rule of Regulation (EEC, Euratom) No 1182/71 art. 3(1)-(2) and of the European Convention on
the Calculation of Time-Limits (1972) arts. 3-4, and it is the calendar of the authority that
must act (it holds the person, it receives the request): an arrest at 23:30 in Tokyo is on
that Tokyo day, whatever the date in UTC. Unlike those texts, a period ending on a weekend or
holiday is NOT extended: the deadlines here bound a deprivation of liberty, and a holiday must
not keep a person detained longer. Results are UTC instants; `local_due` is the same instant
in the zone the days were counted in.

Pure: the caller passes every instant (and `now`); nothing reads a clock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from xborder.extradition.legal_bases import BasisKind, LegalBasis


@dataclass(frozen=True)
class CaseClock:
    """The events of an extradition case that start or stop a clock (tz-aware instants).
    For an EAW, `provisional_arrest_at` is the arrest on the warrant."""

    provisional_arrest_at: datetime | None = None
    formal_request_received_at: datetime | None = None
    consent_at: datetime | None = None
    decision_extended: bool = False
    final_decision_at: datetime | None = None
    surrendered_at: datetime | None = None
    released_at: datetime | None = None
    # The date agreed for the handover (ECE art. 18(4) counts from it).
    surrender_agreed_for: datetime | None = None
    # ECE 3rd Add. Prot. art. 6(1): the requested state is a party to the protocol, so it must
    # say within 10 days of the provisional arrest whether the person consents; and when it
    # did say so. The protocol binds only its parties: without the flag no such deadline.
    simplified_procedure: bool = False
    consent_notified_at: datetime | None = None


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    due: datetime  # UTC
    local_due: datetime  # the same instant in `zone`
    zone: str
    legal_ref: str
    met: bool  # the event it waited for happened (in time or not: see `late`)
    met_at: datetime | None = None

    @property
    def late(self) -> bool:
        """Met, but after it was due: a breach that "met" alone would hide."""
        return self.met_at is not None and self.met_at >= self.due


class MlaKind(StrEnum):
    EVIDENCE = "evidence"
    HEARING = "hearing"
    SEARCH_SEIZURE = "search_seizure"
    BANK_INFORMATION = "bank_information"
    PRESERVATION = "preservation"


@dataclass(frozen=True)
class MlaClock:
    received_at: datetime | None = None
    preserved_at: datetime | None = None  # data preserved (Budapest art. 29)
    follow_up_request_at: datetime | None = None  # the formal MLA request for the data
    answered_at: datetime | None = None


# Budapest Convention art. 29(7): preserved data are kept for at least 60 days pending the
# mutual assistance request for them.
PRESERVATION_DAYS = 60


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    raw = json.loads(
        resources.files("xborder.extradition").joinpath("data/timezones.json").read_text("utf-8")
    )
    return {str(k): str(v) for k, v in raw["zones"].items()}


def timezone_of(country: str) -> str:
    """The IANA zone in which a country's authorities count days. For a country with several
    zones it is the capital's (the seat of the central authority, where extradition is decided)."""
    zone = _zones().get(country.upper())
    if zone is None:
        raise ValueError(f"no time zone for country {country!r}")
    return zone


def _zone(zone: str) -> ZoneInfo:
    try:
        return ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        raise ValueError(f"unknown IANA time zone: {zone!r}") from None


def _aware(name: str, at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {at!r}")
    return at


def end_of_period(start: datetime, days: int, zone: str) -> tuple[datetime, datetime]:
    """(due in UTC, due in `zone`) for a period of `days` days from the event at `start`: the
    end of the `days`-th local day after the event's local day (the event's day not counted)."""
    if days < 0:
        raise ValueError("a period cannot be negative")
    tz = _zone(zone)
    local_day: date = _aware("start", start).astimezone(tz).date()
    last_day_end = local_day + timedelta(days=days + 1)
    # fold=0 on a skipped local midnight (DST at 00:00) takes the offset before the gap, which
    # is the first instant of that day; the UTC round trip normalises it.
    due_utc = datetime.combine(last_day_end, time(0, 0), tzinfo=tz).astimezone(UTC)
    return due_utc, due_utc.astimezone(tz)


def _deadline(
    key: str,
    label: str,
    start: datetime,
    days: int,
    zone: str,
    legal_ref: str,
    met_at: datetime | None,
) -> Deadline:
    due, local_due = end_of_period(start, days, zone)
    return Deadline(key, label, due, local_due, zone, legal_ref, met_at is not None, met_at)


def _first(*events: datetime | None) -> datetime | None:
    present = [e for e in events if e is not None]
    return min(present) if present else None


def extradition_deadlines(basis: LegalBasis, clock: CaseClock, zone: str) -> list[Deadline]:
    """The deadlines the basis sets for the events so far, in the order they arise.

    A detention deadline (formal request after a provisional arrest) is met by the formal
    request, by the person's consent where the basis has a simplified procedure, or by the end
    of the detention (release or surrender), whichever comes first.
    """
    _zone(zone)  # unknown zone: fail here, not halfway
    for name in (
        "provisional_arrest_at",
        "formal_request_received_at",
        "consent_at",
        "final_decision_at",
        "surrendered_at",
        "released_at",
        "surrender_agreed_for",
        "consent_notified_at",
    ):
        value = getattr(clock, name)
        if value is not None:
            _aware(name, value)
    out: list[Deadline] = []
    arrest = clock.provisional_arrest_at
    is_eaw = basis.kind is BasisKind.EAW
    if arrest is not None and not is_eaw:
        # Where the basis has a simplified procedure, consent replaces the formal request
        # (ECE 3rd Add. Prot.: no formal request is needed once the person consents).
        simplified = clock.consent_at if basis.consent_decision_days is not None else None
        ended = _first(
            clock.formal_request_received_at, simplified, clock.released_at, clock.surrendered_at
        )
        if basis.provisional_arrest_days is not None:
            out.append(
                _deadline(
                    "formal_request",
                    f"Formal request due ({basis.provisional_arrest_days} days after the"
                    " provisional arrest; release possible after)",
                    arrest,
                    basis.provisional_arrest_days,
                    zone,
                    basis.ref("provisional_arrest", basis.source),
                    ended,
                )
            )
        if (
            basis.provisional_arrest_max_days is not None
            and basis.provisional_arrest_max_days != basis.provisional_arrest_days
        ):
            out.append(
                _deadline(
                    "formal_request_max",
                    f"Release without a formal request ({basis.provisional_arrest_max_days}"
                    " days after the provisional arrest at the latest)",
                    arrest,
                    basis.provisional_arrest_max_days,
                    zone,
                    basis.ref("provisional_arrest_max", basis.source),
                    ended,
                )
            )
        if clock.simplified_procedure and basis.consent_notice_days is not None:
            out.append(
                _deadline(
                    "consent_notice",
                    "Say whether the person consents to simplified extradition"
                    f" ({basis.consent_notice_days} days after the provisional arrest)",
                    arrest,
                    basis.consent_notice_days,
                    zone,
                    basis.ref("consent_notice", basis.source),
                    _first(clock.consent_notified_at, clock.released_at, clock.surrendered_at),
                )
            )
    if clock.consent_at is not None and basis.consent_decision_days is not None:
        days = basis.consent_decision_days
        label = f"Decision on surrender after consent ({days} days)"
        ref = basis.ref("consent_decision", basis.source)
        # EAW art. 17(4): "the time limits laid down in paragraphs 2 or 3" may be extended by
        # 30 days: the consent period as much as the 60 days.
        if clock.decision_extended and basis.decision_extension_days is not None:
            days += basis.decision_extension_days
            label = (
                f"Decision on surrender after consent, extended ({basis.consent_decision_days}"
                f" + {basis.decision_extension_days} days)"
            )
            ref = basis.ref("decision_extension", ref)
        out.append(
            _deadline(
                "consent_decision",
                label,
                clock.consent_at,
                days,
                zone,
                ref,
                clock.final_decision_at,
            )
        )
    elif arrest is not None and basis.decision_days is not None:
        days = basis.decision_days
        label = f"Final decision ({days} days after the arrest)"
        ref = basis.ref("decision", basis.source)
        if clock.decision_extended and basis.decision_extension_days is not None:
            days += basis.decision_extension_days
            label = (
                f"Final decision, extended ({basis.decision_days} + "
                f"{basis.decision_extension_days} days after the arrest)"
            )
            ref = basis.ref("decision_extension", ref)
        out.append(_deadline("decision", label, arrest, days, zone, ref, clock.final_decision_at))
    if clock.final_decision_at is not None and basis.surrender_days is not None:
        out.append(
            _deadline(
                "surrender",
                f"Surrender ({basis.surrender_days} days after the final decision)",
                clock.final_decision_at,
                basis.surrender_days,
                zone,
                basis.ref("surrender", basis.source),
                _first(clock.surrendered_at, clock.released_at),
            )
        )
    agreed = clock.surrender_agreed_for
    if agreed is not None:
        handed = _first(clock.surrendered_at, clock.released_at)
        release: tuple[tuple[str, int | None, str], ...] = (
            ("surrender_release", basis.surrender_release_days, "release possible"),
            ("surrender_release_max", basis.surrender_release_max_days, "release due"),
        )
        for key, period, label in release:
            if period is not None:
                out.append(
                    _deadline(
                        key,
                        f"Person not taken over: {label} ({period} days after the agreed"
                        " surrender date)",
                        agreed,
                        period,
                        zone,
                        basis.ref(key, basis.source),
                        handed,
                    )
                )
    return out


def deadline_state(d: Deadline, now: datetime, warn_before: timedelta = timedelta(days=3)) -> str:
    """Return "met" | "ok" | "warning" (due within `warn_before`) | "overdue" (due has passed)."""
    if d.met:
        return "met"
    left = time_left(d, now)
    if left <= timedelta(0):
        return "overdue"
    if left <= warn_before:
        return "warning"
    return "ok"


def time_left(d: Deadline, now: datetime) -> timedelta:
    """Negative when overdue."""
    return d.due - _aware("now", now)


def mla_deadlines(
    kind: MlaKind, clock: MlaClock, zone: str, answer_days: int = 90
) -> list[Deadline]:
    """Preservation: the data are kept at least 60 days pending the follow-up request
    (Budapest art. 29(7)); the other kinds: the answer within `answer_days` of receipt (a
    practice target, not a treaty period: MLA treaties ask for execution "as soon as
    possible")."""
    _zone(zone)
    for name in ("received_at", "preserved_at", "follow_up_request_at", "answered_at"):
        value = getattr(clock, name)
        if value is not None:
            _aware(name, value)
    out: list[Deadline] = []
    if kind is MlaKind.PRESERVATION:
        start = clock.preserved_at
        if start is not None:
            out.append(
                _deadline(
                    "preservation",
                    f"Preservation: follow-up MLA request expected ({PRESERVATION_DAYS} days"
                    " minimum)",
                    start,
                    PRESERVATION_DAYS,
                    zone,
                    "Budapest Convention art. 29(7)",
                    clock.follow_up_request_at,
                )
            )
        return out
    if clock.received_at is not None:
        out.append(
            _deadline(
                "mla_answer",
                f"Answer to the request ({answer_days} days)",
                clock.received_at,
                answer_days,
                zone,
                "practice target (MLA treaties: execute as soon as possible)",
                clock.answered_at,
            )
        )
    return out
