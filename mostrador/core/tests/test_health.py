import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError
from django.test import override_settings

from mostrador.core import selectors, services, tasks


@pytest.mark.django_db
def test_health_is_degraded_while_no_worker_or_scheduler_has_run():
    report = selectors.get_system_health()

    assert report.status == "degraded"
    assert report.database.status == "ok"
    assert report.worker.status == "unknown"
    assert report.scheduler.status == "unknown"


@pytest.mark.django_db
def test_health_is_ok_when_worker_and_scheduler_beat_recently():
    tasks.record_worker_heartbeat.enqueue()  # runs at once with the test backend
    services.record_heartbeat(selectors.SCHEDULER, detail="host:1")

    report = selectors.get_system_health()

    assert report.status == "ok"
    assert report.worker.status == "ok"
    assert report.worker.detail["age_seconds"] < 5


@pytest.mark.django_db
@override_settings(WORKER_STALE_AFTER=300)
def test_a_worker_silent_for_longer_than_the_limit_is_stale():
    with time_machine.travel(dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        services.record_heartbeat(selectors.WORKER)
    with time_machine.travel(dt.datetime(2026, 5, 4, 10, 5, 1, tzinfo=dt.UTC), tick=False):
        report = selectors.get_system_health()

    assert report.worker.status == "stale"
    assert report.worker.detail["age_seconds"] == 301


@pytest.mark.django_db
def test_health_reports_an_error_when_the_database_fails(monkeypatch):
    # The one fault we cannot cause for real inside a test transaction: a dead database.
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(selectors.connection, "cursor", broken_cursor)

    report = selectors.get_system_health()

    assert report.status == "error"
    assert report.database.detail["error"] == "connection refused"
