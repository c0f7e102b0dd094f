"""Boundary tests for business time, with real Catalan and Spanish public holidays."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from mostrador.accounts.calendars import calendar_from
from mostrador.accounts.models import BusinessCalendar, BusinessHours, ClosedDay
from mostrador.core.businesstime import (
    Calendar,
    CalendarNeverOpens,
    add_business_time,
    business_time_between,
    end_of_working_days,
)
from mostrador.testing.calendars import catalan_split_day

MADRID = ZoneInfo("Europe/Madrid")
H = dt.timedelta(hours=1)


def at(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=MADRID)


@pytest.fixture
def office(db):
    """Catalonia, Monday to Friday 9-14 and 15-18 (a split day), closed on 2 November 2026."""
    calendar = catalan_split_day("Oficina")
    ClosedDay.objects.create(
        calendar=calendar, date=dt.date(2026, 11, 2), reason="Pont de Tots Sants"
    )
    return calendar_from(calendar)


def test_time_inside_one_period(office):
    assert add_business_time(office, at(2026, 3, 3, 9), 2 * H) == at(2026, 3, 3, 11)


def test_the_lunch_break_of_a_split_day_does_not_count(office):
    assert add_business_time(office, at(2026, 3, 3, 13), 2 * H) == at(2026, 3, 3, 16)
    assert business_time_between(office, at(2026, 3, 3, 13), at(2026, 3, 3, 16)) == 2 * H


def test_a_friday_evening_case_runs_on_monday(office):
    # Friday 6 March 2026 at 19:00 (after closing): 4 business hours end Monday at 13:00.
    assert add_business_time(office, at(2026, 3, 6, 19), 4 * H) == at(2026, 3, 9, 13)


def test_a_zero_duration_outside_hours_is_the_next_opening(office):
    assert add_business_time(office, at(2026, 3, 7, 10), dt.timedelta(0)) == at(2026, 3, 9, 9)


def test_national_holidays_are_skipped(office):
    # 1 May 2026 is a Friday and Labour Day.
    assert add_business_time(office, at(2026, 4, 30, 17), 2 * H) == at(2026, 5, 4, 10)


def test_regional_holidays_are_skipped_in_catalonia_only(office, db):
    # 11 September (Diada) is a holiday in Catalonia, not in Madrid.
    madrid = BusinessCalendar.objects.create(name="Madrid", country="ES", subdivision="MD")
    for day in range(5):
        BusinessHours.objects.create(
            calendar=madrid, weekday=day, opens=dt.time(9), closes=dt.time(18)
        )
    start = at(2026, 9, 10, 17)

    assert add_business_time(office, start, 2 * H) == at(2026, 9, 14, 10)
    assert add_business_time(calendar_from(madrid), start, 2 * H) == at(2026, 9, 11, 10)


def test_the_calendars_own_closed_days_are_skipped(office):
    # Friday 30 October, then Sunday 1 November (All Saints), then the closed Monday 2 November.
    assert add_business_time(office, at(2026, 10, 30, 17), 2 * H) == at(2026, 11, 3, 10)


def test_a_clock_paused_across_midnight_counts_only_opening_hours(office):
    # Paused from Tuesday 17:00 to Wednesday 10:00: one hour Tuesday, one hour Wednesday.
    assert business_time_between(office, at(2026, 3, 3, 17), at(2026, 3, 4, 10)) == 2 * H


def test_opening_hours_keep_their_length_across_daylight_saving_changes():
    always_open_weekend = Calendar(zone=MADRID, periods={6: ((dt.time(0), dt.time(23, 59)),)})
    # Sunday 29 March 2026 loses an hour at 02:00: the day's opening is 22h59m of real time.
    spring = business_time_between(always_open_weekend, at(2026, 3, 29, 0), at(2026, 3, 30, 0))
    autumn = business_time_between(always_open_weekend, at(2026, 10, 25, 0), at(2026, 10, 26, 0))
    assert spring == dt.timedelta(hours=22, minutes=59)
    assert autumn == dt.timedelta(hours=24, minutes=59)


def test_a_business_clock_across_the_spring_change(office):
    # Friday 27 March 17:00 + 2 business hours = Monday 30 March 10:00, on the summer clock.
    due = add_business_time(office, at(2026, 3, 27, 17), 2 * H)
    assert due == at(2026, 3, 30, 10)
    assert due.utcoffset() == 2 * H


def test_working_days_skip_weekends_and_holidays_and_exclude_the_day_of_submission(office):
    # A Friday at 19:00 before the Diada-free Monday: 1 working day -> end of Monday 14 Sept.
    assert end_of_working_days(office, at(2026, 9, 11, 19), 1) == at(2026, 9, 15)
    # 15 working days from Thursday 10 September 2026: the Diada (11th) does not count, so the
    # 15th is Friday 2 October and the deadline is the midnight that ends it.
    assert end_of_working_days(office, at(2026, 9, 10, 12), 15) == at(2026, 10, 3)


def test_without_opening_hours_the_clock_runs_around_the_clock():
    always = Calendar(zone=MADRID)
    assert add_business_time(always, at(2026, 3, 7, 22), 5 * H) == at(2026, 3, 8, 3)
    assert business_time_between(always, at(2026, 3, 8, 3), at(2026, 3, 7, 22)) == dt.timedelta(0)


def test_a_calendar_that_never_opens_is_an_error():
    closed = Calendar(
        zone=MADRID, periods={0: ((dt.time(9), dt.time(10)),)}, is_closed_day=lambda d: True
    )
    with pytest.raises(CalendarNeverOpens):
        add_business_time(closed, at(2026, 1, 1), H)
    with pytest.raises(CalendarNeverOpens):
        end_of_working_days(closed, at(2026, 1, 1), 1)
