import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from mostrador.cases import services
from mostrador.cases.selectors import list_case_history
from mostrador.cases.tests.factories import open_case
from mostrador.core.errors import Conflict, Forbidden, InvalidInput

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


def test_the_first_reply_opens_the_case_stops_the_first_response_clock_and_emails_the_customer(
    people, django_capture_on_commit_callbacks
):
    case = open_case()
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.add_message(
            case,
            kind="outbound",
            body="Us enviarem un tècnic dijous.",
            actor=people.operator,
            channel="workspace",
        )
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        services.add_message(
            case, kind="outbound", body="Confirmat.", actor=people.operator, channel="workspace"
        )

    case.refresh_from_db()
    assert case.status == "open"
    assert case.first_responded_at == T0
    [email] = mail.outbox
    assert email.subject == f"Re: {case.subject} [{case.reference}]"
    assert "Us enviarem un tècnic dijous." in email.body


def test_an_internal_note_changes_nothing_and_sends_nothing(
    people, django_capture_on_commit_callbacks
):
    case = open_case()
    with django_capture_on_commit_callbacks(execute=True):
        note = services.add_message(
            case,
            kind="note",
            body="Client conegut, ja va reclamar el 2025.",
            actor=people.operator,
            channel="workspace",
        )

    case.refresh_from_db()
    assert not note.is_public
    assert (case.status, case.first_responded_at) == ("new", None)
    assert mail.outbox == []


def test_only_staff_who_may_work_on_the_case_reply_or_note(people):
    case = open_case()

    with pytest.raises(Forbidden):
        services.add_message(
            case, kind="outbound", body="x", actor=people.technician, channel="workspace"
        )
    with pytest.raises(Forbidden):
        services.add_message(case, kind="note", body="x", actor=None, channel="workspace")
    with pytest.raises(InvalidInput):
        services.add_message(
            case, kind="outbound", body="  ", actor=people.operator, channel="workspace"
        )
    with pytest.raises(InvalidInput):
        services.add_message(
            case, kind="shout", body="x", actor=people.operator, channel="workspace"
        )


def test_a_customer_reply_brings_a_waiting_case_back_to_open(people):
    case = open_case()
    services.set_status(case, "waiting_customer", actor=people.operator)

    services.add_message(
        case, kind="inbound", body="Ja ho he provat i no va.", actor=None, channel="email"
    )

    case.refresh_from_db()
    assert case.status == "open"


@override_settings(CASE_REOPEN_WINDOW_DAYS=30)
def test_a_customer_reply_reopens_a_resolved_case_only_within_the_window(people):
    recent, old = open_case(), open_case()
    with time_machine.travel(T0, tick=False):
        services.resolve_case(recent, actor=people.operator)
        services.resolve_case(old, actor=people.operator)
        services.close_case(old, actor=people.operator)

    with time_machine.travel(T0 + dt.timedelta(days=30), tick=False):
        services.add_message(
            recent, kind="inbound", body="Torna a fallar.", actor=None, channel="email"
        )
    with time_machine.travel(T0 + dt.timedelta(days=31), tick=False):
        assert not services.can_reopen_by_reply(old)
        services.add_message(
            old, kind="inbound", body="Torna a fallar.", actor=None, channel="email"
        )

    recent.refresh_from_db()
    old.refresh_from_db()
    assert (recent.status, recent.resolved_at) == ("open", None)
    assert old.status == "closed"


def test_resolving_and_closing_stamp_their_times_and_reopening_clears_them(
    people, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0 - dt.timedelta(hours=2), tick=False):
        case = open_case()
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.resolve_case(case, actor=people.operator)
    assert case.resolved_at == T0
    assert "resolt" in mail.outbox[-1].subject

    services.close_case(case, actor=people.operator)
    assert case.closed_at is not None
    services.reopen_case(case, actor=people.head, reason="customer_called")
    assert (case.status, case.resolved_at, case.closed_at) == ("open", None, None)

    history = [(e.verb, e.data.get("to")) for e in list_case_history(case)]
    assert history == [
        ("cases.case.opened", None),
        ("cases.case.status_changed", "resolved"),
        ("cases.case.status_changed", "closed"),
        ("cases.case.status_changed", "open"),
    ]


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        (["resolved"], "waiting_customer"),
        (["waiting_authorisation"], "resolved"),
        (["closed"], "resolved"),
        ([], "new"),
        (["waiting_department"], "closed"),
    ],
)
def test_illegal_transitions_are_refused_clearly(people, path, illegal):
    case = open_case()
    for status in path:
        services.set_status(case, status, actor=people.operator)

    with pytest.raises(Conflict) as error:
        services.set_status(case, illegal, actor=people.operator)

    assert error.value.code == "illegal_transition"
    assert "cannot go from" in error.value.message


def test_update_priority_type_and_tags_records_what_changed(people):
    case = open_case()

    services.update_case(
        case,
        actor=people.operator,
        priority="high",
        type="complaint",
        tags=["Rentadora", "soroll", ""],
    )
    services.update_case(case, actor=people.operator, priority="high", tags=["soroll", "rentadora"])

    assert (case.priority, case.type) == ("high", "complaint")
    assert sorted(case.tags.values_list("name", flat=True)) == ["rentadora", "soroll"]
    [event] = [e for e in list_case_history(case) if e.verb == "cases.case.updated"]
    assert event.data == {
        "priority": ["normal", "high"],
        "type": ["information", "complaint"],
        "tags": [[], ["rentadora", "soroll"]],
    }


def test_update_checks_permission_and_values(people):
    case = open_case()
    with pytest.raises(Forbidden):
        services.update_case(case, actor=people.technician, priority="high")
    with pytest.raises(InvalidInput):
        services.update_case(case, actor=people.operator, priority="whenever")
    with pytest.raises(InvalidInput):
        services.update_case(case, actor=people.operator, type="claim")  # a claim needs a remedy
