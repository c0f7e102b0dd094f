"""Turn a department's BusinessCalendar into the ``core.businesstime.Calendar`` it computes with."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

from mostrador.accounts.models import BusinessCalendar
from mostrador.core import configcache
from mostrador.core.businesstime import Calendar


def calendar_from(model: BusinessCalendar | None, *, zone: str | None = None) -> Calendar:
    """The arithmetic calendar of ``model``; without one, open around the clock in ``zone``.

    Public holidays come from the ``holidays`` package for the country and region (national
    and regional days), plus the calendar's own closed days.
    """
    if model is None:
        return Calendar(zone=ZoneInfo(zone or settings.TIME_ZONE))
    periods: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for hours in sorted(model.hours.all(), key=lambda h: (h.weekday, h.opens)):
        periods.setdefault(hours.weekday, []).append((hours.opens, hours.closes))
    public = holidays.country_holidays(model.country, subdiv=model.subdivision or None)
    closed = {day.date for day in model.closed_days.all()}
    return Calendar(
        zone=ZoneInfo(model.time_zone),
        periods={day: tuple(spans) for day, spans in periods.items()},
        is_closed_day=lambda day: day in closed or day in public,
    )


def calendar_by_id(calendar_id: int | None) -> Calendar:
    """The arithmetic calendar of the ``BusinessCalendar`` with this id (the installation's
    time zone around the clock for None), built once per process until the configuration
    changes (``core.configcache``): hours, closed days and the public holidays already
    computed are kept with it."""
    if calendar_id is None:
        return calendar_from(None)

    def build() -> Calendar:
        model = (
            BusinessCalendar.objects.prefetch_related("hours", "closed_days")
            .filter(pk=calendar_id)
            .first()
        )
        return calendar_from(model)

    return configcache.cached(f"accounts.calendar:{calendar_id}", build)
