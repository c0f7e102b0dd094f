"""The moments other apps react to are sent once the change commits, with what they carry."""

import pytest
from django.db import transaction

from mostrador.cases import services, signals
from mostrador.cases.tests.factories import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    got = []

    def listen(signal_name):
        def receiver(sender, **kwargs):
            got.append((signal_name, kwargs["case"].reference, kwargs.get("actor")))

        return receiver

    receivers = {
        name: listen(name)
        for name in (
            "case_opened",
            "case_answered",
            "case_resolved",
            "case_closed",
            "case_reopened",
        )
    }
    for name, receiver in receivers.items():
        getattr(signals, name).connect(receiver, dispatch_uid=f"test-{name}")
    yield got
    for name in receivers:
        getattr(signals, name).disconnect(dispatch_uid=f"test-{name}")


def test_each_moment_is_sent_on_commit(people, heard, django_capture_on_commit_callbacks):
    operator = people.operator
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(actor=operator, channel="phone")
        assert heard == [], "nothing is sent before the commit"
    steps = [
        lambda: services.add_message(
            case, kind="outbound", body="Ho mirem.", actor=operator, channel="workspace"
        ),
        lambda: services.add_message(
            case, kind="note", body="Nota.", actor=operator, channel="workspace"
        ),
        lambda: services.resolve_case(case, actor=operator),
        lambda: services.close_case(case, actor=operator),
        lambda: services.reopen_case(case, actor=operator),
    ]
    for step in steps:
        with django_capture_on_commit_callbacks(execute=True):
            step()

    reference = case.reference
    assert heard == [
        ("case_opened", reference, operator),
        ("case_answered", reference, operator),
        ("case_resolved", reference, operator),
        ("case_closed", reference, operator),
        ("case_reopened", reference, operator),
    ]


def test_nothing_is_sent_for_a_change_rolled_back(
    people, heard, django_capture_on_commit_callbacks
):
    case = open_case(actor=people.operator)

    def resolve_then_fail():
        with transaction.atomic():
            services.resolve_case(case, actor=people.operator)
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        resolve_then_fail()

    assert [name for name, _ref, _actor in heard if name == "case_resolved"] == []
