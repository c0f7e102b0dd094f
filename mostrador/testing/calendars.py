"""Calendars the tests share."""

from __future__ import annotations

import datetime as dt

from mostrador.accounts.models import BusinessCalendar, BusinessHours


def catalan_split_day(name: str = "SAC") -> BusinessCalendar:
    """Catalonia (ES-CT holidays), Monday to Friday 9-14 and 15-18: a split day."""
    calendar = BusinessCalendar.objects.create(name=name, country="ES", subdivision="CT")
    BusinessHours.objects.bulk_create(
        BusinessHours(calendar=calendar, weekday=day, opens=dt.time(opens), closes=dt.time(closes))
        for day in range(5)
        for opens, closes in ((9, 14), (15, 18))
    )
    return calendar
