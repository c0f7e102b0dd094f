import datetime as dt

import pytest
import time_machine
from django.core import mail

from mostrador.cases import services, tasks
from mostrador.cases.selectors import list_case_history
from mostrador.cases.tests.factories import open_case
from mostrador.core.scheduler import registered_jobs

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC)  # the default policy: 8 h to first response


def check(at, capture):
    with time_machine.travel(at, tick=False), capture(execute=True):
        return tasks.check_deadlines.enqueue().return_value


def test_cases_become_at_risk_then_breached_once_each_and_people_are_told(
    people, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        case = open_case(actor=people.operator)

    assert check(T0 + dt.timedelta(hours=6), django_capture_on_commit_callbacks) == {
        "breached": 0,
        "at_risk": 0,
    }
    assert check(T0 + dt.timedelta(hours=7, minutes=30), django_capture_on_commit_callbacks) == {
        "breached": 0,
        "at_risk": 1,
    }
    assert check(T0 + dt.timedelta(hours=7, minutes=45), django_capture_on_commit_callbacks) == {
        "breached": 0,
        "at_risk": 0,
    }
    assert check(T0 + dt.timedelta(hours=8, minutes=1), django_capture_on_commit_callbacks) == {
        "breached": 1,
        "at_risk": 0,
    }
    assert check(T0 + dt.timedelta(hours=9), django_capture_on_commit_callbacks) == {
        "breached": 0,
        "at_risk": 0,
    }

    case.refresh_from_db()
    assert case.sla_state == "breached"
    breach = [e for e in list_case_history(case) if e.verb == "cases.case.breached"]
    assert [e.data for e in breach] == [{"clocks": ["first_response"]}]
    recipients = sorted(
        {address for email in mail.outbox for address in email.to if "example.com" in address}
    )
    assert recipients == ["montserrat@example.com", "pau@example.com"]
    assert "cases.check_deadlines" in [job.name for job in registered_jobs()]


def test_answering_in_time_keeps_the_case_on_time(people, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        case = open_case(actor=people.operator)
        services.add_message(
            case, kind="outbound", body="Rebut.", actor=people.operator, channel="workspace"
        )

    assert check(T0 + dt.timedelta(hours=9), django_capture_on_commit_callbacks)["breached"] == 0


def test_waiting_for_the_customer_stops_sla_breaches_but_not_legal_ones(
    people, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        complaint = open_case(type="complaint", actor=people.operator)
        services.add_message(
            complaint,
            kind="outbound",
            body="Necessitem la factura.",
            actor=people.operator,
            channel="workspace",
        )
        services.set_status(complaint, "waiting_customer", actor=people.operator)

    assert check(T0 + dt.timedelta(days=10), django_capture_on_commit_callbacks)["breached"] == 0
    assert check(T0 + dt.timedelta(days=16), django_capture_on_commit_callbacks)["breached"] == 1
    assert [e.data for e in list_case_history(complaint) if e.verb == "cases.case.breached"] == [
        {"clocks": ["legal"]}
    ]


def test_recomputing_due_times_does_not_announce_a_breach_twice(
    people, django_capture_on_commit_callbacks
):
    from mostrador.testing.calendars import catalan_split_day

    with time_machine.travel(T0, tick=False):
        case = open_case(actor=people.operator)
    check(T0 + dt.timedelta(days=3), django_capture_on_commit_callbacks)
    sent = len(mail.outbox)

    with (
        time_machine.travel(T0 + dt.timedelta(days=3, minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        people.customer_service.calendar = catalan_split_day()
        people.customer_service.save()
        services.recompute_due_times(calendar_id=people.customer_service.calendar_id)
    assert (
        check(T0 + dt.timedelta(days=3, minutes=2), django_capture_on_commit_callbacks)["breached"]
        == 0
    )

    case.refresh_from_db()
    assert case.sla_state == "breached"
    assert len(mail.outbox) == sent
    assert [e.verb for e in list_case_history(case)].count("cases.case.breached") == 1


def test_a_check_running_beside_another_announces_a_case_once(people, monkeypatch):
    # Two checks side by side: a task queued again after its worker was lost, though it was
    # only slow. The other check announces the case between this one's reading and writing.
    from mostrador.cases import watch

    with time_machine.travel(T0, tick=False):
        case = open_case(actor=people.operator)
    announce = watch._mark
    others = []

    def after_the_other(*args):
        if not others:
            others.append({})
            others[0] = watch.check_deadlines()
        return announce(*args)

    monkeypatch.setattr(watch, "_mark", after_the_other)
    with time_machine.travel(T0 + dt.timedelta(hours=8, minutes=1), tick=False):
        counts = watch.check_deadlines()

    assert others == [{"breached": 1, "at_risk": 0}]
    assert counts == {"breached": 0, "at_risk": 0}
    assert [e.verb for e in list_case_history(case)].count("cases.case.breached") == 1
