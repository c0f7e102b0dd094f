"""What an integrator needs from the API: one-step changes, what waits on me, follow-ups,
taking and assigning, the channel a message truly came by, errors in their language."""

from decimal import Decimal

import pytest
from django.test import Client

from mostrador.cases import levels, ownership
from mostrador.cases.models import Case
from mostrador.cases.tests.factories import open_case
from mostrador.core.models import Event

pytestmark = pytest.mark.django_db


def post(client, url, data=None, **headers):
    return client.post(url, data or {}, content_type="application/json", headers=headers)


def patch(client, url, data):
    return client.patch(url, data, content_type="application/json")


def client_for(user, token_for):
    return Client(headers={"authorization": f"Bearer {token_for(user)}"})


def test_a_patch_applies_all_of_it_or_none_of_it(api_client, people):
    case = open_case(actor=people.operator, type="complaint")
    events = Event.objects.count()

    refused = patch(
        api_client,
        f"/api/v1/cases/{case.reference}",
        {"department": people.technical_service.pk, "priority": "high", "type": "claim"},
    )

    case.refresh_from_db()
    assert refused.status_code == 422
    assert refused.json()["fields"] == {
        "claim.remedy": ["A claim must say what the customer asks for."]
    }
    assert (case.department, case.priority, case.type) == (
        people.customer_service,
        "normal",
        "complaint",
    )
    assert Event.objects.count() == events

    done = patch(
        api_client,
        f"/api/v1/cases/{case.reference}",
        {
            "department": people.technical_service.pk,
            "priority": "high",
            "type": "claim",
            "claim": {"remedy": "repair"},
        },
    )

    assert done.status_code == 200
    body = done.json()
    assert (body["department_id"], body["priority"], body["type"]) == (
        people.technical_service.pk,
        "high",
        "claim",
    )
    assert body["claim"]["remedy"] == "repair"
    verbs = list(Event.objects.filter(pk__gt=0).values_list("verb", flat=True).order_by("id"))[-2:]
    assert verbs == ["cases.case.transferred", "cases.case.updated"]


def test_a_claims_outcome_and_referral_are_recorded(api_client, people):
    case = open_case(actor=people.operator, type="claim", remedy="refund", amount=Decimal("90"))
    url = f"/api/v1/cases/{case.reference}/claim"

    settled = post(
        api_client, f"{url}/outcome", {"outcome": "partly_granted", "amount_granted": "45"}
    )
    refused = post(api_client, f"{url}/outcome", {"outcome": "rejected", "amount_granted": "1"})
    referred = post(api_client, f"{url}/referral", {"referred_to": "Junta Arbitral de Consum"})

    assert settled.json()["claim"]["outcome"] == "partly_granted"
    assert settled.json()["claim"]["amount_granted"] == "45.00"
    assert refused.status_code == 422
    assert "amount_granted" in refused.json()["fields"]
    assert referred.json()["claim"]["referred_to"] == "Junta Arbitral de Consum"
    history = api_client.get(f"/api/v1/cases/{case.reference}/history").json()
    assert (
        history[-1]["text"]
        == "recorded that the customer took the claim to Junta Arbitral de Consum"
    )


def test_what_waits_on_me_and_what_i_asked(people, token_for):
    operator, head = client_for(people.operator, token_for), client_for(people.head, token_for)
    case = open_case(actor=people.operator)
    approval = levels.request_approval(
        case, action="refund", amount=Decimal("900"), actor=people.operator
    )
    levels.request_consultation(
        case, department=people.technical_service, question="Hi ha recanvi?", actor=people.operator
    )

    waiting = head.get("/api/v1/approvals").json()
    asked = operator.get("/api/v1/approvals?role=asked").json()
    mine_asked = operator.get("/api/v1/consultations?role=asked").json()

    assert [(a["id"], a["reference"]) for a in waiting] == [(approval.pk, case.reference)]
    assert [a["status"] for a in asked] == ["pending"]
    assert operator.get("/api/v1/approvals").json() == []
    assert [c["reference"] for c in mine_asked] == [case.reference]
    assert operator.get("/api/v1/consultations?role=everyone").status_code == 422


def test_a_follow_up_is_marked_done_by_its_assignee_only(people, token_for):
    case = open_case(actor=people.operator)
    ownership.transfer_case(case, actor=people.operator, department=people.technical_service)
    followup = case.followups.get()
    operator, technician = (
        client_for(people.operator, token_for),
        client_for(people.technician, token_for),
    )

    assert post(technician, f"/api/v1/followups/{followup.pk}/done").status_code == 404
    done = post(operator, f"/api/v1/followups/{followup.pk}/done", {"note": "Tot resolt."})
    again = post(operator, f"/api/v1/followups/{followup.pk}/done")

    assert done.status_code == 200
    assert (done.json()["reference"], done.json()["note"]) == (case.reference, "Tot resolt.")
    assert done.json()["done_at"] is not None
    assert again.status_code == 409


def test_take_or_assign_a_case_in_one_call(people, token_for):
    case = open_case(channel="web")  # manual assignment: the head answers for it, nobody handles it
    assert (case.owner, case.handler) == (people.head, None)
    operator = client_for(people.operator, token_for)

    taken = post(operator, f"/api/v1/cases/{case.reference}/take")
    assigned = post(
        client_for(people.head, token_for),
        f"/api/v1/cases/{case.reference}/assign",
        {"assignee": people.head.pk},
    )
    stranger = post(
        operator, f"/api/v1/cases/{case.reference}/assign", {"assignee": people.technician.pk}
    )

    assert taken.json()["handler"]["username"] == "pau"
    assert taken.json()["owner"]["username"] == "montserrat"
    assert assigned.json()["handler"]["username"] == "montserrat"
    assert stranger.status_code == 422
    assert "assignee" in stranger.json()["fields"]


def test_a_message_records_the_channel_it_truly_came_by(api_client, people, client):
    case = open_case(actor=people.operator, channel="web")

    logged = post(
        api_client,
        f"/api/v1/cases/{case.reference}/messages",
        {"kind": "inbound", "body": "Ha trucat per dir que ja funciona.", "channel": "phone"},
    )
    note = post(
        api_client, f"/api/v1/cases/{case.reference}/messages", {"kind": "note", "body": "Ok."}
    )
    client.force_login(people.operator)
    client.post(
        f"/cases/{case.reference}/messages/",
        {"message-kind": "note", "message-body": "Des de la pàgina."},
    )

    assert logged.json()["channel"] == "phone"
    assert note.json()["channel"] == "api"
    assert case.messages.order_by("-id").first().channel == "workspace"


def test_validation_messages_come_in_the_requests_language(api_client, people):
    payload = {"channel": "phone", "subject": "x" * 301, "body": "", "customer": {}, "nonsense": 1}

    catalan = post(api_client, "/api/v1/cases", payload, **{"Accept-Language": "ca"}).json()
    spanish = post(
        api_client, "/api/v1/cases", {"channel": "fax"}, **{"Accept-Language": "es"}
    ).json()

    assert catalan["message"] == "Algunes dades no són vàlides."
    assert catalan["fields"]["subject"] == ["Escriviu com a màxim 300 caràcters."]
    assert catalan["fields"]["nonsense"] == ["Aquest camp no és conegut: comproveu-ne el nom."]
    assert spanish["fields"]["subject"] == ["Este campo es obligatorio."]
    assert spanish["fields"]["channel"][0].startswith("Elija una de estas opciones:")
    assert Case.objects.count() == 0
