import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mostrador.core import timeutils

MADRID = ZoneInfo("Europe/Madrid")


def test_now_is_aware_utc():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        assert timeutils.now() == dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
        assert timeutils.now().utcoffset() == dt.timedelta(0)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        timeutils.to_zone(dt.datetime(2026, 1, 1, 12, 0))  # noqa: DTZ001


def test_to_zone_defaults_to_the_installation_zone():
    utc_noon = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)

    assert timeutils.to_zone(utc_noon).hour == 14  # CEST, UTC+2
    assert timeutils.to_zone(utc_noon, "Atlantic/Canary").hour == 13


def test_local_datetime_in_winter_and_summer():
    assert timeutils.local_datetime(
        dt.date(2026, 1, 15), dt.time(9), MADRID
    ).utcoffset() == dt.timedelta(hours=1)
    assert timeutils.local_datetime(dt.date(2026, 7, 15), dt.time(9)).utcoffset() == dt.timedelta(
        hours=2
    )


def test_a_wall_time_in_the_spring_forward_gap_moves_past_the_gap():
    # On 29 March 2026 clocks in Madrid jump from 02:00 to 03:00: 02:30 does not exist.
    moved = timeutils.local_datetime(dt.date(2026, 3, 29), dt.time(2, 30), "Europe/Madrid")

    assert (moved.hour, moved.minute) == (3, 30)
    assert moved.utcoffset() == dt.timedelta(hours=2)


def test_an_ambiguous_autumn_wall_time_takes_its_first_occurrence():
    # On 25 October 2026 clocks go back from 03:00 to 02:00: 02:30 happens twice.
    first = timeutils.local_datetime(dt.date(2026, 10, 25), dt.time(2, 30), MADRID)

    assert first.utcoffset() == dt.timedelta(hours=2)
    assert first.astimezone(dt.UTC).hour == 0


def test_local_date_and_start_of_day_follow_the_zone():
    late_utc = dt.datetime(2026, 5, 31, 23, 30, tzinfo=dt.UTC)

    assert timeutils.local_date(late_utc) == dt.date(2026, 6, 1)
    assert timeutils.start_of_day(dt.date(2026, 6, 1)) == dt.datetime(
        2026, 5, 31, 22, 0, tzinfo=dt.UTC
    )
