"""Deadlines per legal basis: days counted in the requested state's local calendar (the day of
the event not counted, the period ending at local midnight), results in UTC. Leap years, time
zones, DST, a missing formal request, EAW 60 + 30, consent, surrender, MLA preservation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xborder.extradition.deadlines import (
    CaseClock,
    Deadline,
    MlaClock,
    MlaKind,
    deadline_state,
    end_of_period,
    extradition_deadlines,
    mla_deadlines,
    time_left,
    timezone_of,
)
from xborder.extradition.legal_bases import all_bases, get_basis

PARIS = "Europe/Paris"
TOKYO = "Asia/Tokyo"
AUCKLAND = "Pacific/Auckland"


def at(zone: str, y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=ZoneInfo(zone))


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def by_key(ds: list[Deadline]) -> dict[str, Deadline]:
    return {d.key: d for d in ds}


def test_ece_18_days_in_a_leap_year() -> None:
    """2028-02-12 + 18 days: February 2028 has 29 days, so the last day is 1 March (not 2)."""
    ece = get_basis("ece-1957")
    ds = by_key(
        extradition_deadlines(
            ece, CaseClock(provisional_arrest_at=at(PARIS, 2028, 2, 12, 10)), PARIS
        )
    )
    fr = ds["formal_request"]
    assert fr.local_due == at(PARIS, 2028, 3, 2, 0)  # end of 1 March, local
    assert fr.due == utc(2028, 3, 1, 23, 0)
    assert fr.due.tzinfo is UTC and fr.zone == PARIS
    assert fr.legal_ref == "ECE art. 16(4)"
    assert not fr.met
    mx = ds["formal_request_max"]
    assert mx.local_due == at(PARIS, 2028, 3, 24, 0)  # 12 Feb + 40 days = 23 March
    assert mx.due == utc(2028, 3, 23, 23, 0)


def test_ece_18_days_in_a_common_year() -> None:
    ece = get_basis("ece-1957")
    (fr, _) = extradition_deadlines(
        ece, CaseClock(provisional_arrest_at=at(PARIS, 2027, 2, 12, 10)), PARIS
    )
    assert fr.local_due == at(PARIS, 2027, 3, 3, 0)  # end of 2 March


def test_late_evening_in_tokyo_counts_on_the_tokyo_day() -> None:
    """Two arrests on the same UTC date but on different Tokyo days get different deadlines;
    counting in UTC would have given both the same."""
    ece = get_basis("ece-1957")
    late = at(TOKYO, 2028, 2, 12, 23, 30)  # 14:30 UTC on the 12th
    after_midnight = at(TOKYO, 2028, 2, 13, 0, 30)  # 15:30 UTC on the 12th
    assert late.astimezone(UTC).date() == after_midnight.astimezone(UTC).date()
    d1 = extradition_deadlines(ece, CaseClock(provisional_arrest_at=late), TOKYO)[0]
    d2 = extradition_deadlines(ece, CaseClock(provisional_arrest_at=after_midnight), TOKYO)[0]
    assert d1.local_due == at(TOKYO, 2028, 3, 2, 0)
    assert d1.due == utc(2028, 3, 1, 15, 0)
    assert d2.due - d1.due == timedelta(days=1)
    # The same instant counted in Paris falls on the 12th there too, but ends at Paris midnight.
    d3 = extradition_deadlines(ece, CaseClock(provisional_arrest_at=late), PARIS)[0]
    assert d3.due == utc(2028, 3, 1, 23, 0)


def test_auckland_early_morning_is_the_previous_utc_day() -> None:
    """00:30 on 13 February in Auckland (UTC+13) is 11:30 UTC on the 12th: the local day (13th)
    counts, so the deadline is a day later than a UTC count would make it."""
    ece = get_basis("ece-1957")
    arrest = at(AUCKLAND, 2028, 2, 13, 0, 30)
    assert arrest.astimezone(UTC) == utc(2028, 2, 12, 11, 30)
    fr = extradition_deadlines(ece, CaseClock(provisional_arrest_at=arrest), AUCKLAND)[0]
    assert fr.local_due == at(AUCKLAND, 2028, 3, 3, 0)
    assert fr.due == utc(2028, 3, 2, 11, 0)
    utc_count = extradition_deadlines(ece, CaseClock(provisional_arrest_at=arrest), "UTC")[0]
    assert utc_count.due == utc(2028, 3, 2, 0, 0)


def test_period_across_a_dst_change_ends_at_local_midnight() -> None:
    """Reciprocity, 60 days at most, from Auckland summer time (UTC+13) into winter (UTC+12)."""
    rec = get_basis("reciprocity")
    arrest = at(AUCKLAND, 2028, 2, 13, 0, 30)
    mx = by_key(extradition_deadlines(rec, CaseClock(provisional_arrest_at=arrest), AUCKLAND))[
        "formal_request_max"
    ]
    assert mx.local_due.replace(tzinfo=None) == datetime(2028, 4, 14, 0, 0)
    assert mx.local_due.utcoffset() == timedelta(hours=12)
    assert mx.due == utc(2028, 4, 13, 12, 0)


def test_skipped_local_midnight_gives_the_first_instant_of_the_day() -> None:
    """Santiago skips 00:00-01:00 on 3 September 2028: the period ends at 01:00 local."""
    due, local = end_of_period(at("America/Santiago", 2028, 8, 23, 12), 10, "America/Santiago")
    assert local.date() == date(2028, 9, 3) and local.hour == 1
    assert (due - timedelta(seconds=1)).astimezone(ZoneInfo("America/Santiago")).date() == date(
        2028, 9, 2
    )


def test_missing_formal_request_is_overdue_then_max_passes() -> None:
    ece = get_basis("ece-1957")
    arrest = at(PARIS, 2027, 10, 1, 9)
    ds = by_key(extradition_deadlines(ece, CaseClock(provisional_arrest_at=arrest), PARIS))
    fr, mx = ds["formal_request"], ds["formal_request_max"]
    day = timedelta(days=1)
    assert deadline_state(fr, arrest + 10 * day) == "ok"
    assert deadline_state(fr, fr.due - 2 * day) == "warning"
    assert deadline_state(fr, fr.due) == "overdue"
    assert deadline_state(fr, arrest + 19 * day) == "overdue"
    assert time_left(fr, arrest + 19 * day) < timedelta(0)
    assert deadline_state(mx, arrest + 19 * day) == "ok"
    assert deadline_state(mx, arrest + 38 * day) == "warning"
    assert deadline_state(mx, arrest + 41 * day) == "overdue"
    assert deadline_state(mx, mx.due - timedelta(seconds=1)) == "warning"


def test_formal_request_or_release_meets_the_detention_deadlines() -> None:
    ece = get_basis("ece-1957")
    arrest = at(PARIS, 2027, 10, 1, 9)
    received = arrest + timedelta(days=25)  # late, but received
    ds = extradition_deadlines(
        ece, CaseClock(provisional_arrest_at=arrest, formal_request_received_at=received), PARIS
    )
    assert [(d.key, d.met, d.met_at) for d in ds] == [
        ("formal_request", True, received),
        ("formal_request_max", True, received),
    ]
    assert deadline_state(ds[0], arrest + timedelta(days=100)) == "met"
    released = arrest + timedelta(days=18, hours=1)
    ds = extradition_deadlines(
        ece, CaseClock(provisional_arrest_at=arrest, released_at=released), PARIS
    )
    assert all(d.met and d.met_at == released for d in ds)


def test_consent_replaces_the_formal_request_only_with_a_simplified_procedure() -> None:
    arrest = at(PARIS, 2028, 6, 1, 9)
    consent = at(PARIS, 2028, 6, 3, 9)
    clock = CaseClock(provisional_arrest_at=arrest, consent_at=consent)
    ece = by_key(extradition_deadlines(get_basis("ece-1957"), clock, PARIS))
    assert ece["formal_request"].met_at == consent
    assert ece["formal_request_max"].met_at == consent
    # The UK-US treaty has no simplified procedure here: the formal request is still due.
    gbus = by_key(extradition_deadlines(get_basis("bilateral-gb-us-2003"), clock, PARIS))
    assert set(gbus) == {"formal_request"} and not gbus["formal_request"].met
    surrendered = at(PARIS, 2028, 6, 20, 9)
    done = replace(clock, consent_at=None, surrendered_at=surrendered)
    gbus = by_key(extradition_deadlines(get_basis("bilateral-gb-us-2003"), done, PARIS))
    assert gbus["formal_request"].met_at == surrendered


def test_bilateral_60_days_single_limit() -> None:
    gbus = get_basis("bilateral-gb-us-2003")
    ds = extradition_deadlines(
        gbus, CaseClock(provisional_arrest_at=at("Europe/London", 2028, 1, 1, 12)), "Europe/London"
    )
    assert [d.key for d in ds] == ["formal_request"]  # 60 and 60: one deadline
    assert ds[0].local_due == at("Europe/London", 2028, 3, 2, 0)  # 1 Jan + 60 = 1 March (leap)
    assert ds[0].legal_ref == "UK-US Treaty 2003 art. 12(4)"


def test_eaw_60_days_and_extension() -> None:
    eaw = get_basis("eaw")
    berlin = "Europe/Berlin"
    arrest = at(berlin, 2028, 1, 10, 9)
    (d,) = extradition_deadlines(eaw, CaseClock(provisional_arrest_at=arrest), berlin)
    assert d.key == "decision"
    assert d.local_due == at(berlin, 2028, 3, 11, 0)  # 10 Jan + 60 = 10 March (leap year)
    assert d.legal_ref == "FD 2002/584/JHA art. 17(3)"
    (x,) = extradition_deadlines(
        eaw, CaseClock(provisional_arrest_at=arrest, decision_extended=True), berlin
    )
    assert x.local_due == at(berlin, 2028, 4, 10, 0)  # + 30 = 9 April, CEST by then
    assert x.due == utc(2028, 4, 9, 22, 0)
    assert x.legal_ref == "FD 2002/584/JHA art. 17(4)"
    assert "60 + 30" in x.label


def test_eaw_consent_10_days_then_surrender_10_days() -> None:
    eaw = get_basis("eaw")
    rome = "Europe/Rome"
    arrest = at(rome, 2028, 5, 2, 8)
    consent = at(rome, 2028, 5, 4, 16)
    decided = at(rome, 2028, 5, 12, 11)
    ds = by_key(
        extradition_deadlines(
            eaw, CaseClock(provisional_arrest_at=arrest, consent_at=consent), rome
        )
    )
    assert set(ds) == {"consent_decision"}  # art. 17(2) replaces the 60 days
    assert ds["consent_decision"].local_due == at(rome, 2028, 5, 15, 0)
    ds = by_key(
        extradition_deadlines(
            eaw,
            CaseClock(provisional_arrest_at=arrest, consent_at=consent, final_decision_at=decided),
            rome,
        )
    )
    assert ds["consent_decision"].met and ds["consent_decision"].met_at == decided
    s = ds["surrender"]
    assert s.local_due == at(rome, 2028, 5, 23, 0) and not s.met
    assert s.legal_ref == "FD 2002/584/JHA art. 23(2)"
    surrendered = at(rome, 2028, 5, 20, 10)
    ds = by_key(
        extradition_deadlines(
            eaw,
            CaseClock(
                provisional_arrest_at=arrest,
                consent_at=consent,
                final_decision_at=decided,
                surrendered_at=surrendered,
            ),
            rome,
        )
    )
    assert ds["surrender"].met_at == surrendered


def test_eaw_consent_period_is_extended_too() -> None:
    """Art. 17(4): "the time limits laid down in paragraphs 2 or 3" may be extended by 30
    days; arrest 2 May, consent 4 May: 10 days end with 14 May, extended with 13 June."""
    eaw = get_basis("eaw")
    rome = "Europe/Rome"
    clock = CaseClock(
        provisional_arrest_at=at(rome, 2028, 5, 2, 8),
        consent_at=at(rome, 2028, 5, 4, 16),
        decision_extended=True,
    )
    (d,) = extradition_deadlines(eaw, clock, rome)
    assert d.key == "consent_decision"
    assert d.local_due == at(rome, 2028, 6, 14, 0)
    assert "10 + 30" in d.label
    assert d.legal_ref == "FD 2002/584/JHA art. 17(4)"
    # The ECE has no extension: its 20 days stay 20.
    ece = by_key(extradition_deadlines(get_basis("ece-1957"), clock, PARIS))
    assert ece["consent_decision"].local_due == at(PARIS, 2028, 5, 25, 0)


def test_ece_consent_notice_10_days_where_the_protocol_applies() -> None:
    """3rd Add. Prot. art. 6(1): within 10 days of the provisional arrest the requested party
    says whether the person consents. Only between parties to the protocol (flag)."""
    ece = get_basis("ece-1957")
    arrest = at(PARIS, 2028, 6, 1, 9)
    clock = CaseClock(provisional_arrest_at=arrest, simplified_procedure=True)
    d = by_key(extradition_deadlines(ece, clock, PARIS))["consent_notice"]
    assert d.local_due == at(PARIS, 2028, 6, 12, 0)  # end of 11 June
    assert d.legal_ref == "ECE 3rd Add. Prot. art. 6(1)" and not d.met
    told = at(PARIS, 2028, 6, 5, 9)
    done = by_key(extradition_deadlines(ece, replace(clock, consent_notified_at=told), PARIS))
    assert done["consent_notice"].met_at == told and not done["consent_notice"].late
    without = by_key(extradition_deadlines(ece, replace(clock, simplified_procedure=False), PARIS))
    assert "consent_notice" not in without
    eaw = extradition_deadlines(get_basis("eaw"), clock, PARIS)
    assert "consent_notice" not in by_key(eaw)


def test_ece_release_15_then_30_days_after_the_agreed_surrender_date() -> None:
    """Art. 18(4): not taken over on the agreed date, the person may be released after 15
    days and shall be after 30."""
    ece = get_basis("ece-1957")
    agreed = at(PARIS, 2028, 7, 1, 10)
    clock = CaseClock(
        provisional_arrest_at=at(PARIS, 2028, 5, 1, 9),
        formal_request_received_at=at(PARIS, 2028, 5, 10, 9),
        final_decision_at=at(PARIS, 2028, 6, 20, 9),
        surrender_agreed_for=agreed,
    )
    ds = by_key(extradition_deadlines(ece, clock, PARIS))
    assert ds["surrender_release"].local_due == at(PARIS, 2028, 7, 17, 0)
    assert ds["surrender_release_max"].local_due == at(PARIS, 2028, 8, 1, 0)
    assert ds["surrender_release"].legal_ref == "ECE art. 18(4)"
    taken = at(PARIS, 2028, 7, 3, 9)
    ds = by_key(extradition_deadlines(ece, replace(clock, surrendered_at=taken), PARIS))
    assert ds["surrender_release_max"].met_at == taken
    # Bases without the rule set no such deadline.
    gbus = extradition_deadlines(get_basis("bilateral-gb-us-2003"), clock, PARIS)
    assert not {"surrender_release", "surrender_release_max"} & set(by_key(gbus))


def test_a_late_event_meets_the_deadline_but_shows_it_was_late() -> None:
    ece = get_basis("ece-1957")
    arrest = at(PARIS, 2027, 10, 1, 9)
    fr = extradition_deadlines(ece, CaseClock(provisional_arrest_at=arrest), PARIS)[0]
    for received, late in (
        (fr.due - timedelta(seconds=1), False),
        (fr.due, True),  # the first instant after the period
        (arrest + timedelta(days=25), True),
    ):
        clock = CaseClock(provisional_arrest_at=arrest, formal_request_received_at=received)
        d = by_key(extradition_deadlines(ece, clock, PARIS))["formal_request"]
        assert d.met and d.late is late, received
    assert not fr.late  # not met: overdue, not "late"


def test_ece_consent_20_days() -> None:
    """ECE 3rd Additional Protocol art. 7: the decision within 20 days of the consent."""
    ece = get_basis("ece-1957")
    ds = by_key(
        extradition_deadlines(
            ece,
            CaseClock(
                provisional_arrest_at=at(PARIS, 2028, 6, 1, 9),
                consent_at=at(PARIS, 2028, 6, 3, 9),
            ),
            PARIS,
        )
    )
    assert set(ds) == {"formal_request", "formal_request_max", "consent_decision"}
    assert ds["consent_decision"].local_due == at(PARIS, 2028, 6, 24, 0)
    assert ds["consent_decision"].legal_ref == "ECE 3rd Add. Prot. art. 7"


def test_no_events_no_deadlines_and_naive_times_refused() -> None:
    for b in all_bases():
        assert extradition_deadlines(b, CaseClock(), PARIS) == []
    with pytest.raises(ValueError, match="timezone-aware"):
        extradition_deadlines(
            get_basis("ece-1957"), CaseClock(provisional_arrest_at=datetime(2028, 1, 1)), PARIS
        )
    d = extradition_deadlines(
        get_basis("ece-1957"), CaseClock(provisional_arrest_at=utc(2028, 1, 1)), PARIS
    )[0]
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_state(d, datetime(2028, 1, 5))
    with pytest.raises(ValueError, match="unknown IANA time zone"):
        extradition_deadlines(get_basis("ece-1957"), CaseClock(), "Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="unknown IANA time zone"):
        mla_deadlines(MlaKind.EVIDENCE, MlaClock(), "../etc/passwd")


def test_mla_preservation_60_days() -> None:
    tz = "Europe/Lisbon"
    preserved = at(tz, 2028, 1, 20, 15)
    (d,) = mla_deadlines(
        MlaKind.PRESERVATION, MlaClock(received_at=preserved, preserved_at=preserved), tz
    )
    assert d.key == "preservation"
    assert d.local_due == at(tz, 2028, 3, 21, 0)  # 20 Jan + 60 = 20 March (leap year)
    assert d.legal_ref == "Budapest Convention art. 29(7)"
    assert deadline_state(d, at(tz, 2028, 3, 19, 12)) == "warning"
    follow_up = at(tz, 2028, 3, 1, 9)
    (d,) = mla_deadlines(
        MlaKind.PRESERVATION, MlaClock(preserved_at=preserved, follow_up_request_at=follow_up), tz
    )
    assert d.met and d.met_at == follow_up
    assert mla_deadlines(MlaKind.PRESERVATION, MlaClock(received_at=preserved), tz) == []


def test_mla_answer_deadline() -> None:
    tz = "America/Sao_Paulo"
    received = at(tz, 2028, 1, 31, 18)
    (d,) = mla_deadlines(MlaKind.BANK_INFORMATION, MlaClock(received_at=received), tz)
    assert d.key == "mla_answer" and d.local_due == at(tz, 2028, 5, 1, 0)  # 90 days
    (d,) = mla_deadlines(MlaKind.EVIDENCE, MlaClock(received_at=received), tz, answer_days=30)
    assert d.local_due == at(tz, 2028, 3, 2, 0)
    answered = at(tz, 2028, 2, 10, 9)
    (d,) = mla_deadlines(MlaKind.HEARING, MlaClock(received_at=received, answered_at=answered), tz)
    assert deadline_state(d, at(tz, 2029, 1, 1)) == "met"


def test_timezone_of_every_country() -> None:
    assert timezone_of("JP") == TOKYO
    assert timezone_of("nz") == AUCKLAND
    assert timezone_of("US") == "America/New_York"  # the capital's zone
    assert timezone_of("RU") == "Europe/Moscow"
    for c in pycountry.countries:
        ZoneInfo(timezone_of(str(c.alpha_2)))
    with pytest.raises(ValueError):
        timezone_of("XX")


_zones = st.sampled_from(
    [PARIS, TOKYO, AUCKLAND, "America/Santiago", "America/New_York", "Asia/Kolkata", "UTC"]
)
_instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(_instants, st.integers(0, 400), _zones)
def test_a_deadline_is_never_before_its_event(event: datetime, days: int, zone: str) -> None:
    due, local = end_of_period(event, days, zone)
    assert due > event
    # The same instant, expressed in the zone the days were counted in: at local midnight.
    assert due.utcoffset() == timedelta(0)
    assert (
        local.tzinfo is not None
        and local.utcoffset() == local.astimezone(ZoneInfo(zone)).utcoffset()
    )
    assert local.replace(tzinfo=None) == due.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    assert (local.hour, local.minute) in {(0, 0), (1, 0)}  # 01:00 where midnight is skipped
    assert local.astimezone(ZoneInfo(zone)).date() > event.astimezone(ZoneInfo(zone)).date()
    # N whole days plus what is left of the event's day; a DST change moves it by at most 1h.
    assert timedelta(days=days) - timedelta(hours=1) < due - event
    assert due - event <= timedelta(days=days + 1, hours=1)


@settings(max_examples=100, deadline=None)
@given(_instants, _zones, st.sampled_from([b.id for b in all_bases()]))
def test_every_basis_deadline_follows_its_event(event: datetime, zone: str, basis_id: str) -> None:
    clock = CaseClock(
        provisional_arrest_at=event,
        consent_at=event + timedelta(days=2),
        final_decision_at=event + timedelta(days=20),
    )
    for d in extradition_deadlines(get_basis(basis_id), clock, zone):
        assert d.due > event
        assert d.due.utcoffset() == timedelta(0)


def test_a_late_deadline_is_shown_late() -> None:
    """The case page and the API show "met late", not "met", for a breach."""
    from xborder.extradition.service import DeadlineView

    ece = get_basis("ece-1957")
    arrest = at(PARIS, 2027, 10, 1, 9)
    views = {}
    for received in (arrest + timedelta(days=3), arrest + timedelta(days=25)):
        clock = CaseClock(provisional_arrest_at=arrest, formal_request_received_at=received)
        d = by_key(extradition_deadlines(ece, clock, PARIS))["formal_request"]
        views[d.late] = DeadlineView(
            key=d.key,
            label=d.label,
            due=d.due,
            local_due=d.local_due,
            zone=d.zone,
            legal_ref=d.legal_ref,
            state=deadline_state(d, arrest + timedelta(days=30)),
            seconds_left=0,
            met_at=d.met_at,
            late=d.late,
        )
    assert views[False].left_text == "met"
    assert views[True].left_text == "met late"
