"""Timezone-aware time helpers. Code reads the clock only through ``now()``.

Naive datetimes never leave this module: the helpers refuse them instead of guessing a zone,
because a guessed zone is how a deadline ends up an hour off after a daylight-saving change.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def now() -> dt.datetime:
    """Return the current time, aware, in UTC."""
    return timezone.now()


def default_zone() -> ZoneInfo:
    """Return the installation's zone (the TIME_ZONE setting)."""
    return ZoneInfo(settings.TIME_ZONE)


def ensure_aware(value: dt.datetime) -> dt.datetime:
    """Return ``value`` unchanged if aware; raise ``ValueError`` if it is naive."""
    if timezone.is_naive(value):
        raise ValueError(f"naive datetime {value.isoformat()} has no time zone")
    return value


def to_zone(value: dt.datetime, zone: str | ZoneInfo | None = None) -> dt.datetime:
    """Express an aware datetime in ``zone`` (default: the installation's zone)."""
    target = ZoneInfo(zone) if isinstance(zone, str) else (zone or default_zone())
    return ensure_aware(value).astimezone(target)


def local_datetime(day: dt.date, at: dt.time, zone: str | ZoneInfo | None = None) -> dt.datetime:
    """Return the aware datetime for a wall-clock ``at`` on ``day`` in ``zone``.

    A wall-clock time skipped by a daylight-saving jump is moved forward past the gap, and an
    ambiguous one takes its first occurrence, which is what a person reading a clock means.
    """
    target = ZoneInfo(zone) if isinstance(zone, str) else (zone or default_zone())
    naive = dt.datetime.combine(day, at)
    aware = naive.replace(tzinfo=target, fold=0)
    # A wall time inside a spring-forward gap does not survive a round trip through UTC.
    round_trip = aware.astimezone(dt.UTC).astimezone(target)
    if round_trip.replace(tzinfo=None) != naive:
        return aware.astimezone(dt.UTC).astimezone(target)
    return aware


def local_date(value: dt.datetime, zone: str | ZoneInfo | None = None) -> dt.date:
    """Return the calendar date of an aware datetime in ``zone``."""
    return to_zone(value, zone).date()


def start_of_day(day: dt.date, zone: str | ZoneInfo | None = None) -> dt.datetime:
    """Return local midnight at the start of ``day``, aware."""
    return local_datetime(day, dt.time(0, 0), zone)
