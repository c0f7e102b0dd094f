"""The department's days, lived through the API: the scenarios issue 3 names."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from mostrador.accounts.choices import DepartmentKind, Role
from mostrador.accounts.models import Department, Membership
from mostrador.testing.calendars import catalan_split_day

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo("Europe/Madrid")


def at(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=MADRID)


def client_for(user, token_for):
    return Client(headers={"authorization": f"Bearer {token_for(user)}"})


def post(client, url, data=None, **headers):
    return client.post(url, data or {}, content_type="application/json", headers=headers)


CLAIM = {
    "type": "claim",
    "channel": "counter",
    "claim": {"remedy": "compensation", "amount_asked": "250.00"},
    "subject": "Rentadora malmesa en el transport",
    "body": "La rentadora va arribar amb la porta trencada. Demano una indemnització de 250 euros.",
    "customer": {"email": "marta.soler@example.cat", "name": "Marta Soler"},
}


def test_a_claim_beyond_the_operators_limit_is_approved_by_the_head_and_resolved(
    people, token_for, django_capture_on_commit_callbacks
):
    operator, head = client_for(people.operator, token_for), client_for(people.head, token_for)

    with time_machine.travel(at(2026, 3, 3, 10), tick=False):
        reference = post(operator, "/api/v1/cases", CLAIM).json()["reference"]
    with (
        time_machine.travel(at(2026, 3, 3, 10, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        request = post(
            operator,
            f"/api/v1/cases/{reference}/approvals",
            {
                "action": "compensation",
                "amount": "250.00",
                "reason": "Dany en el transport, fotos adjuntes",
            },
        )
    assert request.status_code == 201
    approval = request.json()
    assert (approval["status"], approval["approver"]["username"]) == ("pending", "montserrat")
    case = operator.get(f"/api/v1/cases/{reference}").json()
    assert (case["status"], case["level"]) == ("waiting_authorisation", 3)
    assert any("montserrat@example.com" in email.to for email in mail.outbox)

    with time_machine.travel(at(2026, 3, 3, 11), tick=False):
        decided = post(
            head,
            f"/api/v1/approvals/{approval['id']}/decision",
            {"approve": True, "reason": "Correcte"},
        )
    assert decided.json()["status"] == "approved"
    with time_machine.travel(at(2026, 3, 3, 11, 30), tick=False):
        post(
            operator,
            f"/api/v1/cases/{reference}/messages",
            {"kind": "reply", "body": "Us abonarem 250 euros."},
        )
        resolved = post(
            operator, f"/api/v1/cases/{reference}/resolve", {"note": "Indemnització abonada"}
        )
    assert (resolved.json()["status"], resolved.json()["level"]) == ("resolved", 3)

    history = operator.get(f"/api/v1/cases/{reference}/history").json()
    steps = [
        (e["verb"], e["actor"]["username"] if e["actor"] else None, e["created_at"][:16])
        for e in history
    ]
    assert steps == [
        ("cases.case.opened", "pau", "2026-03-03T09:00"),
        ("cases.approval.requested", "pau", "2026-03-03T09:05"),
        ("cases.case.status_changed", "pau", "2026-03-03T09:05"),
        ("cases.approval.approved", "montserrat", "2026-03-03T10:00"),
        ("cases.case.status_changed", "montserrat", "2026-03-03T10:00"),
        ("cases.message.added", "pau", "2026-03-03T10:30"),
        ("cases.case.status_changed", "pau", "2026-03-03T10:30"),
    ]


def test_within_the_limit_the_grant_is_immediate_and_the_case_stays_at_level_1(people, token_for):
    operator = client_for(people.operator, token_for)
    reference = post(
        operator,
        "/api/v1/cases",
        {**CLAIM, "claim": {"remedy": "compensation", "amount_asked": "80.00"}},
    ).json()["reference"]

    approval = post(
        operator,
        f"/api/v1/cases/{reference}/approvals",
        {"action": "compensation", "amount": "80.00"},
    ).json()

    assert approval["status"] == "within_limit"
    case = operator.get(f"/api/v1/cases/{reference}").json()
    assert (case["status"], case["level"]) == ("new", 1)


def test_a_rejection_needs_a_reason_and_only_heads_decide(people, token_for):
    operator, head = client_for(people.operator, token_for), client_for(people.head, token_for)
    reference = post(operator, "/api/v1/cases", CLAIM).json()["reference"]
    approval = post(
        operator, f"/api/v1/cases/{reference}/approvals", {"action": "refund", "amount": "250"}
    ).json()

    assert (
        post(
            operator, f"/api/v1/approvals/{approval['id']}/decision", {"approve": True}
        ).status_code
        == 403
    )
    assert post(head, f"/api/v1/approvals/{approval['id']}/decision", {"approve": False}).json()[
        "fields"
    ] == {"reason": ["Say why the request is rejected."]}
    rejected = post(
        head,
        f"/api/v1/approvals/{approval['id']}/decision",
        {"approve": False, "reason": "Fora de garantia"},
    )
    assert rejected.json()["status"] == "rejected"
    assert (
        post(head, f"/api/v1/approvals/{approval['id']}/decision", {"approve": True}).status_code
        == 409
    )
    assert operator.get(f"/api/v1/cases/{reference}").json()["status"] == "open"


def test_a_technical_question_is_consulted_to_after_sales_and_answered(people, token_for):
    after_sales = Department.objects.create(
        name="Servei Postvenda", code="spv", kind=DepartmentKind.AFTER_SALES
    )
    Membership.objects.create(user=people.technician, department=after_sales, role=Role.TECHNICIAN)
    operator, technician = (
        client_for(people.operator, token_for),
        client_for(people.technician, token_for),
    )
    reference = post(
        operator, "/api/v1/cases", {**CLAIM, "type": "technical", "claim": None}
    ).json()["reference"]

    consultation = post(
        operator,
        f"/api/v1/cases/{reference}/consultations",
        {
            "department": after_sales.pk,
            "question": "Aquest model té el recanvi de la porta en estoc?",
        },
    )
    assert consultation.status_code == 201
    case = operator.get(f"/api/v1/cases/{reference}").json()
    assert (case["status"], case["level"]) == ("waiting_department", 2)
    # The consulted department reads the case and its history while the question is open...
    assert technician.get(f"/api/v1/cases/{reference}").status_code == 200
    assert technician.get(f"/api/v1/cases/{reference}/history").status_code == 200
    assert [c["reference"] for c in technician.get("/api/v1/consultations").json()] == [reference]
    # ...and answers it, but works on the case no further.
    assert (
        post(technician, f"/api/v1/cases/{reference}/messages", {"kind": "reply", "body": "x"})
    ).status_code == 403

    answered = post(
        technician,
        f"/api/v1/consultations/{consultation.json()['id']}/answer",
        {"answer": "Sí, en tenim tres; el podem enviar demà."},
    )
    assert answered.json()["answered_by"]["username"] == "laia"
    case = operator.get(f"/api/v1/cases/{reference}").json()
    assert case["status"] == "open"
    assert case["owner"]["username"] == "pau", "the handler keeps the case"
    assert case["messages"][-1]["body"].endswith("Sí, en tenim tres; el podem enviar demà.")
    assert (
        post(
            technician, f"/api/v1/consultations/{consultation.json()['id']}/answer", {"answer": "x"}
        ).status_code
        == 409
    )
    assert technician.get(f"/api/v1/cases/{reference}").status_code == 404, (
        "answered: theirs no more"
    )
    asked = operator.get("/api/v1/consultations?role=asked").json()
    assert [(c["reference"], c["answered_by"]["username"]) for c in asked] == [(reference, "laia")]


def test_a_transfer_keeps_the_owner_who_checks_back_after_resolution(people, token_for):
    sat = people.technical_service
    operator, technician = (
        client_for(people.operator, token_for),
        client_for(people.technician, token_for),
    )
    with time_machine.travel(at(2026, 3, 3, 10), tick=False):
        reference = post(
            operator, "/api/v1/cases", {**CLAIM, "type": "technical", "claim": None}
        ).json()["reference"]
        transferred = post(
            operator,
            f"/api/v1/cases/{reference}/transfer",
            {"department": sat.pk, "handler": people.technician.pk, "note": "Cal diagnosi"},
        )
    assert transferred.json()["department_id"] == sat.pk
    assert (transferred.json()["owner"]["username"], transferred.json()["handler"]["username"]) == (
        "pau",
        "laia",
    )
    [pending] = operator.get("/api/v1/followups").json()
    assert (pending["reference"], pending["due_at"]) == (reference, None)

    with time_machine.travel(at(2026, 3, 4, 12), tick=False):
        post(technician, f"/api/v1/cases/{reference}/resolve", {"note": "Porta canviada"})
    [due] = operator.get("/api/v1/followups").json()
    # SAT has no calendar, so it attends around the clock: 8 hours after 12:00 Madrid (11:00 UTC).
    assert due["due_at"] == "2026-03-04T19:00:00Z"
    assert operator.get(f"/api/v1/cases/{reference}").status_code == 200, "the owner still sees it"


def test_transfer_errors_are_clear(people, token_for):
    operator = client_for(people.operator, token_for)
    reference = post(operator, "/api/v1/cases", CLAIM).json()["reference"]

    assert post(operator, f"/api/v1/cases/{reference}/transfer", {}).json()["fields"].keys() == {
        "department"
    }
    wrong = post(
        operator,
        f"/api/v1/cases/{reference}/transfer",
        {"department": people.technical_service.pk, "handler": people.head.pk},
    )
    assert wrong.json()["fields"].keys() == {"handler"}
    assert (
        post(operator, f"/api/v1/cases/{reference}/transfer", {"department": 9999}).status_code
        == 422
    )


def test_a_complaint_on_friday_evening_before_a_regional_holiday_through_the_api(people, token_for):
    people.customer_service.calendar = catalan_split_day()
    people.customer_service.save()

    with time_machine.travel(at(2026, 4, 3, 19), tick=False):
        case = post(
            client_for(people.operator, token_for),
            "/api/v1/cases",
            {**CLAIM, "type": "complaint", "claim": None},
        ).json()["case"]

    assert case["first_response_due"] == "2026-04-07T11:00:00Z"  # Tuesday 13:00 in Madrid
    assert case["legal_due"] == "2026-04-18T22:00:00Z"  # end of Saturday 18 April in Madrid
