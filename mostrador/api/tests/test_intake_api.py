"""POST /api/v1/cases through the one intake: a refused request leaves nothing, with or without
an Idempotency-Key; a case reads the same on create and on read."""

import base64

import pytest
from django.core import mail
from django.test import override_settings

from mostrador.core.notices import notice_recorded
from mostrador.customers.models import Customer
from mostrador.testing.leftovers import Leftovers

pytestmark = pytest.mark.django_db

CLAIM = {
    "type": "claim",
    "channel": "phone",
    "subject": "Factura duplicada",
    "body": "M'heu cobrat dues vegades la factura de març.",
    "customer": {
        "name": "Marta Soler",
        "email": "marta@example.cat",
        "phones": ["612 000 111"],
        "emails": ["marta.feina@example.com"],
    },
    "claim": {"remedy": "refund", "amount_asked": "49.90"},
}
PHOTO = {
    "filename": "foto.jpg",
    "content_type": "image/jpeg",
    "content_base64": base64.b64encode(b"\xff\xd8\xff\xe0 photo").decode(),
}


def post(client, data, **headers):
    return client.post("/api/v1/cases", data, content_type="application/json", headers=headers)


@pytest.mark.parametrize("key", [None, "retry-1"])
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"claim": None}, "claim.remedy"),
        ({"claim": {"remedy": "refund", "amount_asked": "-1"}}, "claim.amount_asked"),
        ({"attachments": [{**PHOTO, "content_base64": "not base64!"}]}, "attachments"),
        ({"attachments": [{**PHOTO, "content_type": "application/x-msdownload"}]}, "attachments"),
        ({"customer": {"email": "marta@", "phones": ["1"]}}, "email"),
        ({"department": 9999}, "department"),
    ],
)
def test_a_refused_request_leaves_nothing_behind(api_client, people, change, field, key):
    before = Leftovers.now()
    headers = {"Idempotency-Key": key} if key else {}

    response = post(api_client, {**CLAIM, "attachments": [PHOTO], **change}, **headers)

    assert response.status_code == 422
    assert field in response.json()["fields"]
    assert Leftovers.now() == before
    assert mail.outbox == []


@override_settings(ATTACHMENT_MAX_BYTES=5)
@pytest.mark.parametrize("key", [None, "retry-2"])
def test_an_oversized_file_leaves_nothing_behind(api_client, people, key):
    before = Leftovers.now()
    headers = {"Idempotency-Key": key} if key else {}

    response = post(api_client, {**CLAIM, "attachments": [PHOTO]}, **headers)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_attachment"
    assert Leftovers.now() == before


@pytest.mark.parametrize("key", [None, "retry-3"])
def test_a_failure_after_the_case_was_written_takes_everything_back(api_client, people, key):
    def fail(sender, notice, **kwargs):
        raise RuntimeError("a channel broke while recording its delivery")

    before = Leftovers.now()
    notice_recorded.connect(fail, dispatch_uid="broken-channel")
    api_client.raise_request_exception = False
    try:
        headers = {"Idempotency-Key": key} if key else {}
        response = post(api_client, {**CLAIM, "attachments": [PHOTO]}, **headers)
    finally:
        notice_recorded.disconnect(dispatch_uid="broken-channel")

    assert response.status_code == 500
    assert Leftovers.now() == before


def test_every_email_and_phone_given_is_kept(api_client, people):
    response = post(api_client, CLAIM)

    customer = Customer.objects.get()
    assert response.status_code == 201
    assert sorted(customer.contacts.values_list("value", flat=True)) == [
        "+34612000111",
        "marta.feina@example.com",
        "marta@example.cat",
    ]


def test_a_case_reads_the_same_on_create_and_on_read(api_client, people):
    created = post(api_client, CLAIM).json()

    read = api_client.get(f"/api/v1/cases/{created['reference']}").json()

    assert created["case"] == {field: read[field] for field in created["case"]}
    assert set(read) - set(created["case"]) == {"merged_into", "linked", "followers", "messages"}
    assert read["claim"]["amount_asked"] == "49.90"
    assert read["claim"]["outcome"] == "pending"
    assert read["legal_rule"]["rule"] == read["legal_rule"]["rule"].strip() != ""
    assert read["deadline_state"] == "on_time"
    assert created["receipt"]["claim"] == read["claim"]
    assert created["receipt"]["legal"]["rule"] == read["legal_rule"]["rule"]
    assert created["receipt"]["facts"][:2] == [
        {"label": "Requested remedy", "value": "Refund"},
        {"label": "Amount asked", "value": "€49.90"},
    ]
    assert read["messages"][0]["kind"] == "inbound"
    assert read["messages"][0]["channel"] == "phone"


def test_the_receipt_and_the_rule_come_in_the_requests_language(api_client, people):
    created = post(api_client, CLAIM, **{"Accept-Language": "es"}).json()

    receipt = created["receipt"]
    assert receipt["type_label"] == "Reclamación"
    assert receipt["facts"][1]["value"] == "49,90 €"
    assert receipt["legal"]["name"].startswith("Respuesta a quejas y reclamaciones")
    assert created["case"]["legal_rule"]["name"] == receipt["legal"]["name"]


def test_technical_details_are_fields_in_and_out(api_client, people):
    payload = {
        **CLAIM,
        "type": "technical",
        "claim": None,
        "technical": {
            "product": "Rentadora X500",
            "serial_number": "SN-9",
            "purchase_date": "2026-01-15",
        },
    }

    created = post(api_client, payload).json()

    assert created["case"]["technical"] == {
        "product": "Rentadora X500",
        "serial_number": "SN-9",
        "purchase_date": "2026-01-15",
    }
    assert created["case"]["claim"] is None
