"""Recomputing many cases' due times never holds SQLite's one write lock for long: the
arithmetic is done outside any transaction, each transaction only writes a small batch, and a
case changed by someone else in between is computed again from what it is now."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from mostrador.cases import clocks, duetimes, services
from mostrador.cases.models import Case
from mostrador.cases.tests.factories import open_case
from mostrador.testing.calendars import catalan_split_day

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo("Europe/Madrid")
DUE_TIMES = ("first_response_due", "resolution_due", "legal_due", "legal_rule", "sla_state")


@pytest.fixture
def calendar(people):
    people.customer_service.calendar = catalan_split_day("SAC")
    people.customer_service.save()
    return people.customer_service.calendar


def open_cases(count):
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, tzinfo=MADRID), tick=False):
        return [open_case(type="information") for _ in range(count)]


class Transactions:
    """The statements run inside each transaction (the tests run inside one already, so a
    service's ``atomic()`` is a savepoint here, as it is a BEGIN IMMEDIATE in production)."""

    def __init__(self, on_begin=None):
        self.blocks: list[list[str]] = []
        self.outside: list[str] = []
        self.depth = 0
        self.on_begin = on_begin
        self.busy = False

    def __call__(self, execute, sql, params, many, context):
        if self.busy:  # what ``on_begin`` runs itself, as another process would
            return execute(sql, params, many, context)
        if sql.startswith("SAVEPOINT"):
            if self.on_begin is not None and not self.blocks:
                self.busy = True
                try:
                    self.on_begin()
                finally:
                    self.busy = False
            self.depth += 1
            self.blocks.append([])
        elif sql.startswith("RELEASE SAVEPOINT"):
            self.depth -= 1
        elif self.depth:
            self.blocks[-1].append(sql)
        else:
            self.outside.append(sql)
        return execute(sql, params, many, context)


def test_due_times_are_written_in_short_transactions_that_only_write(calendar, monkeypatch):
    cases = open_cases(12)
    Case.objects.update(resolution_due=None)
    monkeypatch.setattr(duetimes, "BATCH", 5)
    watched = Transactions()

    with connection.execute_wrapper(watched):
        count = services.recompute_due_times(calendar_id=calendar.pk)

    assert count == 12
    assert [len(block) for block in watched.blocks] == [5, 5, 2]
    assert all(sql.startswith('UPDATE "cases_case"') for b in watched.blocks for sql in b)
    # The reading and the arithmetic (policies, legal rules) happened outside them.
    assert any(sql.startswith("SELECT") for sql in watched.outside)
    for case in cases:
        case.refresh_from_db()
        assert case.resolution_due is not None


def test_the_written_due_times_are_those_the_clocks_give(calendar):
    [case] = open_cases(1)
    expected = {name: getattr(case, name) for name in DUE_TIMES}
    Case.objects.filter(pk=case.pk).update(
        first_response_due=None, resolution_due=None, legal_due=None, legal_rule=""
    )

    services.recompute_due_times(calendar_id=calendar.pk)

    case.refresh_from_db()
    assert {name: getattr(case, name) for name in DUE_TIMES} == expected


def test_a_case_changed_between_the_reading_and_the_writing_is_computed_from_what_it_is_now(
    calendar,
):
    quiet, paused = open_cases(2)
    before = paused.resolution_due

    def someone_else_writes():
        # The clock stood still for two business hours, recorded meanwhile.
        Case.objects.filter(pk=paused.pk).update(sla_paused_seconds=7200)

    with connection.execute_wrapper(Transactions(on_begin=someone_else_writes)):
        redone = duetimes.recompute(duetimes.open_case_ids(calendar.pk))

    paused.refresh_from_db()
    fresh = Case.objects.select_related("department").get(pk=paused.pk)
    clocks.compute_due_times(fresh)
    assert redone == 1
    assert paused.sla_paused_seconds == 7200
    assert paused.resolution_due == fresh.resolution_due
    # Two business hours later: Tuesday 11:00 instead of Monday at closing time.
    assert paused.resolution_due == dt.datetime(2026, 3, 10, 11, tzinfo=MADRID) != before


def test_a_case_closed_meanwhile_keeps_the_clocks_it_was_measured_by(calendar, people):
    case, closed = open_cases(2)
    Case.objects.filter(pk=closed.pk).update(resolution_due=None)

    def someone_else_closes():
        Case.objects.filter(pk=closed.pk).update(status="closed")

    with connection.execute_wrapper(Transactions(on_begin=someone_else_closes)):
        duetimes.recompute([case.pk, closed.pk])

    closed.refresh_from_db()
    assert closed.resolution_due is None
