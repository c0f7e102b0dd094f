import base64

import pytest
from django.test import Client, override_settings

from mostrador.cases import services
from mostrador.cases.models import Case
from mostrador.cases.tests.factories import open_case
from mostrador.customers.models import Customer
from mostrador.testing.leftovers import Leftovers

pytestmark = pytest.mark.django_db

NEW_CASE = {
    "type": "complaint",
    "channel": "phone",
    "subject": "El tècnic no va venir",
    "body": "Em van donar cita per dimarts al matí i ningú no va venir ni va trucar.",
    "customer": {"email": "Jordi.Vila@Example.cat", "name": "Jordi Vila", "language": "ca"},
}


def post(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", headers=headers)


def test_open_a_case_and_get_the_reference_and_receipt_at_once(api_client, people):
    response = post(api_client, "/api/v1/cases", NEW_CASE)

    assert response.status_code == 201
    body = response.json()
    assert body["reference"].startswith("SAC-")
    assert body["receipt"]["body"] == NEW_CASE["body"]
    assert body["receipt"]["channel"] == "phone"
    assert body["case"]["status"] == "new"
    assert body["case"]["language"] == "ca"
    customer = Customer.objects.get()
    assert (customer.name, customer.contacts.get().value) == (
        "Jordi Vila",
        "jordi.vila@example.cat",
    )


def test_a_known_customer_is_found_by_phone_or_id(api_client, people):
    first = post(
        api_client,
        "/api/v1/cases",
        {**NEW_CASE, "customer": {"phone": "612 345 678", "name": "Anna"}},
    )
    customer_id = first.json()["case"]["customer_id"]

    again = post(api_client, "/api/v1/cases", {**NEW_CASE, "customer": {"phone": "+34612345678"}})
    by_id = post(api_client, "/api/v1/cases", {**NEW_CASE, "customer": {"id": customer_id}})

    assert again.json()["case"]["customer_id"] == customer_id
    assert by_id.json()["case"]["customer_id"] == customer_id
    assert Customer.objects.count() == 1


def test_a_retried_request_with_the_same_idempotency_key_creates_nothing_twice(api_client, people):
    first = post(api_client, "/api/v1/cases", NEW_CASE, **{"Idempotency-Key": "call-42"})
    retry = post(api_client, "/api/v1/cases", NEW_CASE, **{"Idempotency-Key": "call-42"})
    other = post(
        api_client,
        "/api/v1/cases",
        {**NEW_CASE, "subject": "Una altra cosa"},
        **{"Idempotency-Key": "call-42"},
    )

    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert Case.objects.count() == 1
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"


def test_a_failed_request_does_not_use_up_its_idempotency_key(api_client, people):
    bad = post(
        api_client, "/api/v1/cases", {**NEW_CASE, "type": "claim"}, **{"Idempotency-Key": "k"}
    )
    assert bad.status_code == 422
    assert bad.json()["fields"] == {
        "claim.remedy": ["A claim must say what the customer asks for."]
    }

    good = post(
        api_client,
        "/api/v1/cases",
        {**NEW_CASE, "type": "claim", "claim": {"remedy": "refund"}},
        **{"Idempotency-Key": "k"},
    )
    assert good.status_code == 201


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"type": "rumour"}, 422, "type"),
        ({"customer": {}}, 422, "customer"),
        ({"department": 999}, 422, "department"),
        ({"customer": {"email": "not-an-email"}}, 422, "email"),
        (
            {"type": "claim", "claim": {"remedy": "refund", "amount_asked": "-3"}},
            422,
            "claim.amount_asked",
        ),
        ({"claim": {"remedy": "refund"}}, 422, "claim"),
        (
            {"type": "technical", "technical": {"product": "X", "purchase_date": "2999-01-01"}},
            422,
            "technical.purchase_date",
        ),
        ({"remedy": "refund"}, 422, "remedy"),
        ({"attachments": [{"filename": "a.pdf", "content_base64": "%%%"}]}, 422, "attachments"),
    ],
)
def test_bad_input_answers_4xx_naming_the_field(api_client, people, change, status, field):
    response = post(api_client, "/api/v1/cases", {**NEW_CASE, **change})

    assert response.status_code == status
    assert field in response.json()["fields"]
    assert not Case.objects.exists()


def test_attachments_travel_as_base64(api_client, people):
    payload = {
        **NEW_CASE,
        "attachments": [
            {
                "filename": "factura.pdf",
                "content_type": "application/pdf",
                "content_base64": base64.b64encode(b"%PDF-1.4 test").decode(),
            }
        ],
    }
    reference = post(api_client, "/api/v1/cases", payload).json()["reference"]

    [message] = api_client.get(f"/api/v1/cases/{reference}").json()["messages"]
    assert message["attachments"][0]["filename"] == "factura.pdf"
    assert message["attachments"][0]["size"] == 13


def test_list_filters_and_pages_by_due_time_in_a_fixed_number_of_queries(
    api_client, people, django_assert_max_num_queries
):
    for n in range(7):
        case = open_case(subject=f"Consulta {n}")
        Case.objects.filter(pk=case.pk).update(
            resolution_due=case.created_at.replace(year=2030, day=10 - n)
        )
    open_case(subject="Sense termini")
    open_case(subject="Queixa", type="complaint")
    Case.objects.filter(subject__in=["Sense termini", "Queixa"]).update(resolution_due=None)

    # Token, roles, the page, its tags, and its details (three: one query each, whatever the page).
    with django_assert_max_num_queries(9):
        first = api_client.get("/api/v1/cases", {"limit": 4}).json()
    subjects = [c["subject"] for c in first["items"]]
    assert subjects == ["Consulta 6", "Consulta 5", "Consulta 4", "Consulta 3"]

    rest = api_client.get("/api/v1/cases", {"limit": 10, "cursor": first["next_cursor"]}).json()
    assert [c["subject"] for c in rest["items"]][:3] == ["Consulta 2", "Consulta 1", "Consulta 0"]
    assert rest["next_cursor"] is None
    assert len(rest["items"]) == 5

    complaints = api_client.get("/api/v1/cases", {"type": "complaint"}).json()["items"]
    assert [c["subject"] for c in complaints] == ["Queixa"]
    assert (
        api_client.get("/api/v1/cases", {"q": "termini"}).json()["items"][0]["subject"]
        == "Sense termini"
    )
    assert api_client.get("/api/v1/cases", {"cursor": "garbage"}).status_code == 422


def test_a_case_page_runs_a_fixed_number_of_queries_whatever_its_messages(
    api_client, people, django_assert_max_num_queries
):
    case = open_case()
    for n in range(12):
        services.add_message(
            case,
            kind="note" if n % 2 else "outbound",
            body=f"Missatge {n}",
            actor=people.operator,
            channel="workspace",
        )

    # token, last use, case, its three details, tags, followers, messages, attachments, admin
    # check, links
    with django_assert_max_num_queries(13):
        body = api_client.get(f"/api/v1/cases/{case.reference}").json()

    assert len(body["messages"]) == 13
    assert body["messages"][1]["author"]["username"] == "pau"


def test_staff_of_other_departments_do_not_see_the_case(people, token_for):
    case = open_case()
    technician = Client(headers={"authorization": f"Bearer {token_for(people.technician)}"})

    response = technician.get(f"/api/v1/cases/{case.reference}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert technician.get("/api/v1/cases").json()["items"] == []


def test_work_a_case_through_the_api_and_read_its_history(api_client, people):
    reference = post(api_client, "/api/v1/cases", NEW_CASE).json()["reference"]

    patched = api_client.patch(
        f"/api/v1/cases/{reference}",
        {"priority": "high", "tags": ["visita"]},
        content_type="application/json",
    )
    assert (patched.json()["priority"], patched.json()["tags"]) == ("high", ["visita"])
    note = post(
        api_client,
        f"/api/v1/cases/{reference}/messages",
        {"kind": "note", "body": "Trucar al client."},
    )
    assert note.status_code == 201
    reply = post(
        api_client,
        f"/api/v1/cases/{reference}/messages",
        {"kind": "reply", "body": "Disculpeu-nos."},
        **{"Idempotency-Key": "r1"},
    )
    post(
        api_client,
        f"/api/v1/cases/{reference}/messages",
        {"kind": "reply", "body": "Disculpeu-nos."},
        **{"Idempotency-Key": "r1"},
    )
    assert reply.json()["kind"] == "reply"  # the kind as it was sent
    assert reply.json()["channel"] == "api"
    assert (
        post(
            api_client, f"/api/v1/cases/{reference}/resolve", {"note": "Visita reprogramada"}
        ).json()["status"]
        == "resolved"
    )
    assert post(api_client, f"/api/v1/cases/{reference}/resolve", {}).status_code == 409
    assert post(api_client, f"/api/v1/cases/{reference}/close", {}).json()["status"] == "closed"
    assert post(api_client, f"/api/v1/cases/{reference}/reopen", {}).json()["status"] == "open"
    assert (
        post(
            api_client, f"/api/v1/cases/{reference}/messages", {"kind": "shout", "body": "x"}
        ).status_code
        == 422
    )

    history = api_client.get(f"/api/v1/cases/{reference}/history").json()
    assert [event["verb"] for event in history] == [
        "cases.case.opened",
        "cases.case.updated",
        "cases.message.added",
        "cases.message.added",
        "cases.case.status_changed",
        "cases.case.status_changed",
        "cases.case.status_changed",
    ]
    assert all(event["actor"]["username"] == "pau" for event in history)
    assert history[0]["label"] == "Case opened"
    assert history[-1]["text"] == "changed the status from “Closed” to “Open”"
    assert (
        api_client.get(f"/api/v1/cases/{reference}").json()["messages"][-1]["body"]
        == "Disculpeu-nos."
    )
    assert api_client.get("/api/v1/cases/SAC-1999-000001/history").status_code == 404


def test_attachments_are_served_only_to_people_who_may_see_the_case(api_client, people, token_for):
    payload = {
        **NEW_CASE,
        "attachments": [
            {
                "filename": "foto.svg",
                "content_type": "image/svg+xml",
                "content_base64": base64.b64encode(b"<svg onload=alert(1)>").decode(),
            }
        ],
    }
    reference = post(api_client, "/api/v1/cases", payload).json()["reference"]
    attachment_id = api_client.get(f"/api/v1/cases/{reference}").json()["messages"][0][
        "attachments"
    ][0]["id"]

    response = api_client.get(f"/api/v1/attachments/{attachment_id}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"<svg onload=alert(1)>"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]

    technician = Client(headers={"authorization": f"Bearer {token_for(people.technician)}"})
    assert technician.get(f"/api/v1/attachments/{attachment_id}").status_code == 404
    assert api_client.get("/api/v1/attachments/999999").status_code == 404


def test_patching_the_department_transfers_the_case(api_client, people):
    reference = post(api_client, "/api/v1/cases", NEW_CASE).json()["reference"]

    body = api_client.patch(
        f"/api/v1/cases/{reference}",
        {"department": people.technical_service.pk},
        content_type="application/json",
    ).json()

    assert body["department_id"] == people.technical_service.pk
    assert body["owner"]["username"] == "pau"
    verbs = [e["verb"] for e in api_client.get(f"/api/v1/cases/{reference}/history").json()]
    assert "cases.case.transferred" in verbs


def test_a_report_to_the_authorities_records_where_and_when_it_was_forwarded(api_client, people):
    report = post(api_client, "/api/v1/cases", {**NEW_CASE, "type": "authority_report"}).json()[
        "reference"
    ]
    complaint = post(api_client, "/api/v1/cases", NEW_CASE).json()["reference"]

    forwarded = post(
        api_client,
        f"/api/v1/cases/{report}/forward",
        {"authority": "Agència Catalana del Consum", "forwarded_at": "2026-03-04T10:00:00+01:00"},
    )
    detail = api_client.get(f"/api/v1/cases/{report}").json()

    assert forwarded.status_code == 200
    assert detail["authority_report"] == {
        "authority": "Agència Catalana del Consum",
        "forwarded_at": "2026-03-04T09:00:00Z",
    }
    assert (
        post(api_client, f"/api/v1/cases/{complaint}/forward", {"authority": "x"}).json()["code"]
        == "not_authority_report"
    )
    assert (
        post(api_client, f"/api/v1/cases/{report}/forward", {"authority": " "}).status_code == 422
    )


def _case_with_files(*files):
    return {
        "customer": {"email": "gran@example.cat"},
        "type": "information",
        "channel": "phone",
        "subject": "Factures escanejades",
        "body": "Us envio les factures.",
        "attachments": [
            {
                "filename": name,
                "content_type": "application/pdf",
                "content_base64": base64.b64encode(b"%PDF-1.4 " + b"x" * size).decode(),
            }
            for name, size in files
        ],
    }


def test_a_file_of_several_megabytes_is_accepted_up_to_the_documented_limit(api_client, people):
    response = api_client.post(
        "/api/v1/cases", _case_with_files(("factura.pdf", 5 * 1024 * 1024)), "application/json"
    )

    assert response.status_code == 201, response.content[:300]
    [attachment] = Case.objects.get().messages.get().attachments.all()
    assert attachment.size == 5 * 1024 * 1024 + 9


@override_settings(ATTACHMENTS_MAX_TOTAL_BYTES=2 * 1024 * 1024)
def test_files_over_the_limit_together_are_refused_with_nothing_kept(api_client, people):
    before = Leftovers.now()
    response = api_client.post(
        "/api/v1/cases",
        _case_with_files(("a.pdf", 1024 * 1024), ("b.pdf", 1024 * 1024 + 1)),
        "application/json",
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_attachment"
    assert Leftovers.now() == before


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024)
def test_a_request_larger_than_the_server_accepts_gets_a_413_in_json(api_client, people):
    response = api_client.post(
        "/api/v1/cases", _case_with_files(("gran.pdf", 2 * 1024 * 1024)), "application/json"
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["code"] == "too_large"
    assert "20" in body["message"]
    assert not Case.objects.exists()
