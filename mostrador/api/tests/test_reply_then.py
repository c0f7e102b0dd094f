"""A reply through the API can leave the case waiting on the customer or resolved, in one step
with the same service the case page uses; a status the case may not take sends nothing."""

from decimal import Decimal

import pytest

from mostrador.cases import levels
from mostrador.cases.models import Case, Message
from mostrador.cases.tests.factories import open_case
from mostrador.core.models import Event, Notice

pytestmark = pytest.mark.django_db


def post(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", headers=headers)


@pytest.fixture
def case(people):
    return open_case(actor=people.operator)


def test_reply_and_wait_on_the_customer(api_client, case):
    response = post(
        api_client,
        f"/api/v1/cases/{case.reference}/messages",
        {"kind": "reply", "body": "Ens envieu el tiquet?", "then": "waiting_customer"},
    )

    assert response.status_code == 201
    assert response.json()["kind"] == "reply"
    assert Case.objects.get(pk=case.pk).status == "waiting_customer"
    changed = Event.objects.filter(verb="cases.case.status_changed").get()
    assert changed.data["to"] == "waiting_customer"
    assert changed.data["channel"] == "api"


def test_reply_and_resolve(api_client, case):
    response = post(
        api_client,
        f"/api/v1/cases/{case.reference}/messages",
        {"kind": "reply", "body": "Ja està.", "then": "resolved"},
    )

    assert response.status_code == 201
    assert Case.objects.get(pk=case.pk).status == "resolved"
    assert Notice.objects.filter(kind="cases.resolution").count() == 1


def test_a_status_the_case_may_not_take_answers_409_and_sends_nothing(api_client, people, case):
    levels.request_approval(case, action="refund", amount=Decimal("900"), actor=people.operator)
    messages, notices = Message.objects.count(), Notice.objects.count()

    response = post(
        api_client,
        f"/api/v1/cases/{case.reference}/messages",
        {"kind": "reply", "body": "Resolt!", "then": "resolved"},
        **{"Idempotency-Key": "then-1"},
    )

    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert (Message.objects.count(), Notice.objects.count()) == (messages, notices)
    assert Case.objects.get(pk=case.pk).status == "waiting_authorisation"


def test_an_unknown_then_or_one_for_an_inbound_message_is_refused(api_client, case):
    unknown = post(
        api_client,
        f"/api/v1/cases/{case.reference}/messages",
        {"kind": "reply", "body": "x", "then": "closed"},
    )
    inbound = post(
        api_client,
        f"/api/v1/cases/{case.reference}/messages",
        {"kind": "inbound", "body": "Truca el client", "then": "resolved"},
    )

    assert unknown.status_code == 422
    assert inbound.status_code == 422
    assert "then" in inbound.json()["fields"]
    assert Case.objects.get(pk=case.pk).messages.count() == 1
