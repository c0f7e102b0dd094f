"""What a customer may see of cases: their own, never a note, and receipts only by signed link."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from mostrador.cases import receipts, relations, selectors_customer, services
from mostrador.cases.selectors_customer import CustomerStatus
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.compliance.selectors import rule_text
from mostrador.core.errors import NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def nuria(people):
    return make_customer()


@pytest.fixture
def oriol(people):
    return make_customer(name="Oriol Vidal", email="oriol@example.cat")


def test_a_customer_lists_only_their_own_cases_newest_first(nuria, oriol):
    first = open_case(customer=nuria, subject="La rentadora no centrifuga")
    second = open_case(customer=nuria, subject="Factura duplicada")
    open_case(customer=oriol, subject="El forn no escalfa")

    rows = selectors_customer.list_case_summaries(nuria.pk)

    assert [row.reference for row in rows] == [second.reference, first.reference]
    assert rows[0].status == CustomerStatus.RECEIVED
    assert rows[0].type_label == "Information request"


def test_a_merged_duplicate_is_left_out_of_the_list(nuria, people):
    kept = open_case(customer=nuria)
    duplicate = open_case(customer=nuria)
    relations.merge_cases(duplicate, into=kept, actor=people.operator)

    rows = selectors_customer.list_case_summaries(nuria.pk)

    assert [row.reference for row in rows] == [kept.reference]


def test_another_customers_case_does_not_exist_for_them(nuria, oriol):
    case = open_case(customer=oriol)

    assert selectors_customer.get_case_of_customer(case.reference, oriol.pk) == case
    with pytest.raises(NotFound):
        selectors_customer.get_case_of_customer(case.reference, nuria.pk)


def test_files_are_served_from_own_cases_and_never_from_notes(nuria, oriol, people):
    case = open_case(
        customer=nuria, attachments=[SimpleUploadedFile("f.pdf", b"%PDF-1.4", "application/pdf")]
    )
    note = services.add_message(
        case,
        kind="note",
        body="Factura interna",
        actor=people.operator,
        attachments=[SimpleUploadedFile("intern.pdf", b"%PDF-1.4", "application/pdf")],
        channel="workspace",
    )
    public = case.messages.get(kind="inbound").attachments.get()
    internal = note.attachments.get()

    assert selectors_customer.get_attachment_of_customer(public.pk, nuria.pk) == public
    with pytest.raises(NotFound):
        selectors_customer.get_attachment_of_customer(public.pk, oriol.pk)
    with pytest.raises(NotFound):
        selectors_customer.get_attachment_of_customer(internal.pk, nuria.pk)


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("new", CustomerStatus.RECEIVED),
        ("open", CustomerStatus.IN_PROGRESS),
        ("waiting_customer", CustomerStatus.WAITING_FOR_YOU),
        ("waiting_department", CustomerStatus.IN_PROGRESS),
        ("waiting_authorisation", CustomerStatus.IN_PROGRESS),
        ("resolved", CustomerStatus.RESOLVED),
        ("closed", CustomerStatus.CLOSED),
    ],
)
def test_customers_see_who_is_waiting_not_how_we_work(nuria, status, shown):
    case = open_case(customer=nuria)
    case.status = status

    assert selectors_customer.customer_status(case) == shown


def test_the_due_date_shown_is_the_legal_deadline_then_the_service_target(nuria):
    case = open_case(customer=nuria, type="claim", remedy="refund")
    assert case.legal_due is not None

    assert selectors_customer.answer_due(case) == case.legal_due
    case.legal_due = None
    assert selectors_customer.answer_due(case) == case.resolution_due
    case.status = "resolved"
    assert selectors_customer.answer_due(case) is None


def test_a_receipt_opens_with_its_signed_link_only(nuria):
    case = open_case(customer=nuria)
    token = receipts.receipt_token(case)

    assert receipts.get_case_for_receipt(token) == case
    tampered = token[:-1] + ("B" if token.endswith("A") else "A")
    of_no_case = signing.dumps("SAC-1999-000001", salt=receipts.SALT)
    for forged in (case.reference, tampered, "", of_no_case):
        with pytest.raises(NotFound):
            receipts.get_case_for_receipt(forged)


def test_a_receipt_link_expires(nuria, settings):
    settings.PORTAL_RECEIPT_LINK_HOURS = 2
    start = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        token = receipts.receipt_token(open_case(customer=nuria))

    with (
        time_machine.travel(start + dt.timedelta(hours=2, seconds=1), tick=False),
        pytest.raises(NotFound),
    ):
        receipts.get_case_for_receipt(token)


def test_the_receipt_holds_reference_date_time_content_and_files(nuria):
    case = open_case(
        customer=nuria,
        type="claim",
        subject="Rentadora espatllada",
        body="Demano una indemnització pels danys.",
        remedy="compensation",
        amount=Decimal("120.50"),
        attachments=[SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff jpeg", "image/jpeg")],
    )

    receipt = receipts.build_receipt(case)

    assert receipt.reference == case.reference
    assert receipt.created_local == case.created_at
    assert receipt.created_local.tzinfo.key == "Europe/Madrid"
    assert receipt.body == "Demano una indemnització pels danys."
    assert receipt.facts == [("Requested remedy", "Compensation"), ("Amount asked", "€120.50")]
    assert receipt.claim["amount_asked"] == Decimal("120.50")
    assert [file.filename for file in receipt.attachments] == ["foto.jpg"]
    assert receipt.answer_due is not None
    assert receipt.legal.rule == case.legal_rule != ""
    assert receipt.legal.name == rule_text(case.legal_rule).name


def test_the_receipt_speaks_the_readers_language_rule_and_source_included(nuria):
    case = open_case(customer=nuria, type="claim", remedy="refund", amount=Decimal("1234.5"))

    with translation.override("ca"):
        catalan = receipts.build_receipt(case)
    with translation.override("es"):
        spanish = receipts.build_receipt(case)

    assert catalan.facts == [("Pretensió", "Reemborsament"), ("Import reclamat", "1.234,50 €")]
    assert catalan.type_label == "Reclamació"
    assert spanish.legal.name != catalan.legal.name
    assert spanish.legal.source.startswith(("TRLGDCU", "Ley", "Llei"))
    assert catalan.legal.name.startswith("Resposta a queixes i reclamacions")
