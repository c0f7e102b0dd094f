"""Every channel files through the one intake, and a refused filing leaves nothing behind: the
staff intake screen, the portal and email (the API has its own tests)."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from mostrador.cases.models import Case
from mostrador.channels.email.choices import InboundStatus, Quarantine
from mostrador.channels.email.tests.factories import deliver, make_mailbox, write_email
from mostrador.core.notices import notice_recorded
from mostrador.testing.leftovers import Leftovers

pytestmark = pytest.mark.django_db

INTAKE = {
    "name": "Marta Soler",
    "phone": "612 34 56 78",
    "email": "marta@example.cat",
    "channel": "phone",
    "type": "claim",
    "subject": "Factura duplicada",
    "body": "M'han cobrat dues vegades.",
}
PORTAL_CLAIM = {
    "name": "Núria Puig",
    "email": "nuria@example.cat",
    "subject": "Rentadora espatllada",
    "body": "La rentadora va inundar la cuina.",
    "remedy": "compensation",
    "amount": "120.50",
}


def photo():
    return SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0 a photo", content_type="image/jpeg")


@pytest.fixture
def operator(people):
    client = Client()
    client.force_login(people.operator)
    return client


@pytest.fixture
def broken_channel():
    """A channel whose delivery fails inside the transaction: a failure found late."""

    def fail(sender, notice, **kwargs):
        raise RuntimeError("the channel is broken")

    notice_recorded.connect(fail, dispatch_uid="broken-channel")
    yield
    notice_recorded.disconnect(dispatch_uid="broken-channel")


def test_the_intake_screen_refusing_a_claim_without_remedy_keeps_no_new_customer(operator):
    before = Leftovers.now()

    response = operator.post("/intake/", INTAKE)

    assert response.status_code == 422
    assert "A claim must say what the customer asks for." in response.content.decode()
    assert Leftovers.now() == before


def test_the_intake_screen_files_a_claim_with_its_details(operator):
    response = operator.post("/intake/", {**INTAKE, "remedy": "refund", "amount": "30"})

    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.claim.remedy, str(case.claim.amount_asked)) == ("refund", "30.00")


@override_settings(ATTACHMENT_MAX_BYTES=5)
def test_the_intake_screen_refusing_an_oversized_file_keeps_nothing(operator):
    before = Leftovers.now()

    response = operator.post("/intake/", {**INTAKE, "remedy": "refund", "attachments": photo()})

    assert response.status_code == 422
    assert "is larger than" in response.content.decode()
    assert Leftovers.now() == before


def test_the_intake_screen_failing_late_keeps_nothing(people, broken_channel):
    client = Client(raise_request_exception=False)
    client.force_login(people.operator)
    before = Leftovers.now()

    response = client.post("/intake/", {**INTAKE, "remedy": "refund", "attachments": photo()})

    assert response.status_code == 500
    assert Leftovers.now() == before


@override_settings(ATTACHMENT_MAX_BYTES=5)
def test_the_portal_refusing_an_oversized_file_keeps_no_customer(client, people):
    before = Leftovers.now()

    response = client.post("/portal/new/claim/", {**PORTAL_CLAIM, "attachments": photo()})

    assert response.status_code == 422
    assert Leftovers.now() == before
    assert mail.outbox == []


def test_the_portal_refusing_a_claim_without_remedy_keeps_nothing(client, people):
    before = Leftovers.now()

    response = client.post("/portal/new/claim/", {**PORTAL_CLAIM, "remedy": ""})

    assert response.status_code == 422
    assert Leftovers.now() == before


def test_the_portal_failing_late_keeps_nothing(people, broken_channel):
    client = Client(raise_request_exception=False)
    before = Leftovers.now()

    response = client.post("/portal/new/claim/", {**PORTAL_CLAIM, "attachments": photo()})

    assert response.status_code == 500
    assert Leftovers.now() == before


def test_an_email_failing_late_is_quarantined_and_leaves_no_customer_or_file(
    people, broken_channel
):
    mailbox = make_mailbox(people.customer_service)
    raw = write_email(attachments=[("foto.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 a photo")])
    before = Leftovers.now()

    stored = deliver(raw, mailbox)

    assert (stored.status, stored.quarantine) == (InboundStatus.QUARANTINED, Quarantine.FAILED)
    assert "the channel is broken" in stored.detail
    after = Leftovers.now()
    assert (after.customers, after.contacts, after.cases, after.files) == (
        before.customers,
        before.contacts,
        before.cases,
        before.files,
    )
