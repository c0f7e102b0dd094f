import datetime as dt
import threading
import time

import pytest
import time_machine
from django.db import connection
from django.test import override_settings

from mostrador.core import tasks
from mostrador.core.errors import Conflict, InvalidInput
from mostrador.core.models import IdempotencyRecord
from mostrador.core.services import run_idempotently

pytestmark = pytest.mark.django_db


def test_without_a_key_the_action_simply_runs(people):
    calls = []

    assert run_idempotently(
        user=people.operator,
        key=None,
        scope="x",
        payload=b"",
        action=lambda: calls.append(1) or (200, {}),
    ) == (200, {})
    assert calls == [1]
    assert not IdempotencyRecord.objects.exists()


def test_the_same_key_replays_and_a_different_request_is_refused(people):
    calls = []

    def action():
        calls.append(1)
        return 201, {"n": len(calls)}

    first = run_idempotently(
        user=people.operator, key="k", scope="POST /x", payload=b"a", action=action
    )
    again = run_idempotently(
        user=people.operator, key="k", scope="POST /x", payload=b"a", action=action
    )
    other_user = run_idempotently(
        user=people.head, key="k", scope="POST /x", payload=b"a", action=action
    )

    assert first == again == (201, {"n": 1})
    assert other_user == (201, {"n": 2}), "keys are per user"
    with pytest.raises(Conflict):
        run_idempotently(
            user=people.operator, key="k", scope="POST /x", payload=b"b", action=action
        )


def test_a_failed_action_records_nothing(people):
    def failing():
        raise InvalidInput()

    with pytest.raises(InvalidInput):
        run_idempotently(user=people.operator, key="k", scope="s", payload=b"", action=failing)
    assert not IdempotencyRecord.objects.exists()


@override_settings(IDEMPOTENCY_KEY_TTL_HOURS=48)
def test_old_answers_are_pruned(people):
    t0 = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False):
        run_idempotently(
            user=people.operator, key="old", scope="s", payload=b"", action=lambda: (200, {})
        )
    with time_machine.travel(t0 + dt.timedelta(hours=47), tick=False):
        run_idempotently(
            user=people.operator, key="new", scope="s", payload=b"", action=lambda: (200, {})
        )
    with time_machine.travel(t0 + dt.timedelta(hours=49), tick=False):
        assert tasks.prune_idempotency_records.enqueue().return_value == 1

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_twins_create_once_and_get_the_same_answer(people):
    from mostrador.customers.models import Customer
    from mostrador.customers.services import create_customer

    results = []

    def action():
        customer = create_customer(name="Twin", actor=people.operator)
        time.sleep(0.2)  # both twins are inside the action at once (PostgreSQL lets them)
        return 201, {"id": customer.pk}

    def twin():
        try:
            results.append(
                run_idempotently(
                    user=people.operator, key="twin", scope="s", payload=b"p", action=action
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=twin) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Customer.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
    assert len(results) == 2
    assert results[0] == results[1]
