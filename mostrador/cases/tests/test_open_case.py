import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings

from mostrador.cases.models import Case
from mostrador.cases.selectors import list_case_history
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.core.errors import InvalidInput

pytestmark = pytest.mark.django_db


def test_a_case_gets_a_yearly_reference_and_its_first_message(
    people, django_capture_on_commit_callbacks
):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        first = open_case()
        second = open_case()

    assert first.reference == "SAC-2026-000001"
    assert second.reference == "SAC-2026-000002"
    assert first.status == "new"
    assert first.department == people.customer_service, "the default is customer service"
    [message] = first.messages.all()
    assert (message.kind, message.author) == ("inbound", None)
    assert [e.verb for e in list_case_history(first)] == ["cases.case.opened"]


def test_the_sequence_restarts_each_local_year(people):
    # 31 December 23:30 UTC is already 1 January in Madrid.
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), tick=False):
        new_year = open_case()
    with time_machine.travel(dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC), tick=False):
        old_year = open_case()

    assert new_year.reference == "SAC-2027-000001"
    assert old_year.reference == "SAC-2026-000001"


@override_settings(CASE_REFERENCE_PREFIX="SAT")
def test_the_prefix_is_configurable(people):
    assert open_case().reference.startswith("SAT-")


def test_the_customer_gets_the_receipt_in_the_case_language(
    people, django_capture_on_commit_callbacks
):
    customer = make_customer(language="es")

    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(customer=customer, channel="web")

    assert case.language == "ca", "detected from the text, not the profile"
    [email] = mail.outbox
    assert email.to == ["nuria@example.cat"]
    assert case.reference in email.subject
    assert "Des de dimarts la rentadora" in email.body
    assert "Referència" in email.body
    assert "Formulari web" in email.body


def test_a_catalan_receipt_writes_its_dates_as_catalan_does(
    people, django_capture_on_commit_callbacks
):
    # Django's own Catalan catalog says "3 desembre"; ours gives the month with its preposition.
    with (
        time_machine.travel(dt.datetime(2026, 4, 3, 9, 0, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        open_case(customer=make_customer(language="ca"), channel="web")

    [email] = mail.outbox
    assert "Data i hora: 3 d'abril de 2026 a les 11:00" in email.body


def test_short_text_falls_back_to_the_customers_language(people):
    case = open_case(customer=make_customer(language="es"), subject="Hola", body="ok")

    assert case.language == "es"


def test_a_phone_call_logged_by_an_operator_records_who_logged_it(people):
    case = open_case(channel="phone", actor=people.operator)

    assert case.messages.get().author == people.operator
    assert list_case_history(case).get().actor == people.operator


def test_a_claim_needs_a_remedy_and_keeps_the_amount(people):
    with pytest.raises(InvalidInput) as error:
        open_case(type="claim")
    assert "claim.remedy" in error.value.fields

    claim = open_case(type="claim", remedy="refund", amount=Decimal("250.00"))
    claim = Case.objects.get(pk=claim.pk)
    assert (claim.claim.remedy, claim.claim.amount_asked) == ("refund", Decimal("250.00"))
    assert claim.claim.outcome == "pending"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"type": "gossip"}, "type"),
        ({"channel": "pigeon"}, "channel"),
        ({"priority": "asap"}, "priority"),
        ({"subject": " "}, "subject"),
        ({"body": ""}, "body"),
        ({"type": "claim", "remedy": "x"}, "claim.remedy"),
        ({"type": "claim", "remedy": "refund", "amount": Decimal("-1")}, "claim.amount_asked"),
        ({"type": "claim", "remedy": "refund", "amount": "1.005"}, "claim.amount_asked"),
        ({"type": "complaint", "remedy": "refund"}, "claim"),
    ],
)
def test_invalid_cases_are_refused_naming_the_field_and_nothing_is_kept(people, overrides, field):
    with pytest.raises(InvalidInput) as error:
        open_case(**overrides)

    assert field in error.value.fields
    assert not Case.objects.exists()


def test_without_any_department_a_case_cannot_be_received():
    with pytest.raises(InvalidInput) as error:
        open_case()
    assert error.value.code == "no_department"


def test_attachments_are_stored_with_their_hash(people):
    photo = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")

    case = open_case(attachments=[photo])

    [attachment] = case.messages.get().attachments.all()
    assert attachment.filename == "foto.jpg"
    assert attachment.size == len(b"\xff\xd8\xff fake jpeg")
    assert len(attachment.sha256) == 64
    assert attachment.file.read() == b"\xff\xd8\xff fake jpeg"


@override_settings(ATTACHMENT_MAX_BYTES=10)
def test_too_large_or_refused_files_are_named_in_the_error(people):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4 " + b"x" * 11, content_type="application/pdf")
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/x-msdownload")

    with pytest.raises(InvalidInput) as error:
        open_case(attachments=[big, script])

    assert error.value.code == "invalid_attachment"
    assert len(error.value.fields["attachments"]) == 2


@pytest.mark.django_db(transaction=True)
def test_references_stay_unique_under_concurrent_creation(people):
    customer = make_customer()

    def create(_n):
        try:
            return open_case(customer=customer).reference
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        references = list(pool.map(create, range(24)))

    assert len(set(references)) == 24
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    assert numbers == list(range(1, 25))
