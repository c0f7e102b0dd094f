"""Business-time arithmetic: adding and measuring time that only runs while a department attends.

Pure functions over a ``Calendar``: weekly opening periods (several a day for split days), a
time zone, and a predicate for closed days (public holidays, local festivities). Periods are
wall-clock times; durations are real elapsed time, so a period that spans a daylight-saving
change is an hour shorter or longer that day. A calendar with no periods is open around the clock (24/7 teams, legal clocks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from mostrador.core.timeutils import ensure_aware, local_datetime

# How far ahead to look for an opening before deciding a calendar never opens (misconfigured).
MAX_SEARCH_DAYS = 3 * 366


@dataclass(frozen=True)
class Calendar:
    zone: ZoneInfo
    # weekday (0 = Monday) -> sorted, non-overlapping (opens, closes) wall-clock periods
    periods: dict[int, tuple[tuple[dt.time, dt.time], ...]] = field(default_factory=dict)
    is_closed_day: Callable[[dt.date], bool] = lambda day: False

    @property
    def always_open(self) -> bool:
        return not any(self.periods.values())


class CalendarNeverOpens(ValueError):
    """The calendar has no opening in the next three years: hours or closed days are wrong."""


def _intervals_from(
    calendar: Calendar, start: dt.datetime
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Yield the calendar's open intervals, in order, clipped to begin no earlier than ``start``."""
    day = start.astimezone(calendar.zone).date()
    for _offset in range(MAX_SEARCH_DAYS):
        if not calendar.is_closed_day(day):
            for opens, closes in calendar.periods.get(day.weekday(), ()):
                # In UTC: Python subtracts two datetimes sharing a ZoneInfo as wall-clock
                # times, which would be an hour off on the night the clocks change.
                begin = local_datetime(day, opens, calendar.zone).astimezone(dt.UTC)
                end = local_datetime(day, closes, calendar.zone).astimezone(dt.UTC)
                if end > start:
                    yield max(begin, start), end
        day += dt.timedelta(days=1)
    raise CalendarNeverOpens("no opening hours in the next three years")


def add_business_time(
    calendar: Calendar, start: dt.datetime, duration: dt.timedelta
) -> dt.datetime:
    """Return when ``duration`` of business time starting at ``start`` has run out.

    A zero duration returns ``start`` itself when open, else the next opening.
    """
    ensure_aware(start)
    if calendar.always_open:
        return (start.astimezone(dt.UTC) + duration).astimezone(calendar.zone)
    remaining = duration
    for begin, end in _intervals_from(calendar, start):
        available = end - begin
        if remaining <= available:
            return (begin + remaining).astimezone(calendar.zone)
        remaining -= available
    raise AssertionError("unreachable")  # pragma: no cover  (the generator raises first)


def business_time_between(calendar: Calendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Return how much business time passes from ``start`` to ``end`` (zero if end <= start)."""
    ensure_aware(start)
    ensure_aware(end)
    if end <= start:
        return dt.timedelta(0)
    if calendar.always_open:
        return end.astimezone(dt.UTC) - start.astimezone(dt.UTC)
    total = dt.timedelta(0)
    for begin, close in _intervals_from(calendar, start):
        if begin >= end:
            break
        total += min(close, end.astimezone(dt.UTC)) - begin
    return total


def is_working_day(calendar: Calendar, day: dt.date, workdays: frozenset[int]) -> bool:
    return day.weekday() in workdays and not calendar.is_closed_day(day)


def end_of_working_days(
    calendar: Calendar,
    start: dt.datetime,
    days: int,
    *,
    workdays: frozenset[int] = frozenset(range(5)),
) -> dt.datetime:
    """The end (local midnight after) of the ``days``-th working day after ``start``'s day.

    The day of submission does not count, as in Spanish administrative practice: a claim filed
    on a Friday with 1 working day to answer is due by the end of the next Monday.
    """
    day = ensure_aware(start).astimezone(calendar.zone).date()
    counted = 0
    for _offset in range(MAX_SEARCH_DAYS):
        day += dt.timedelta(days=1)
        if is_working_day(calendar, day, workdays):
            counted += 1
            if counted >= days:
                return local_datetime(day + dt.timedelta(days=1), dt.time(0), calendar.zone)
    raise CalendarNeverOpens("no working days in the next three years")
