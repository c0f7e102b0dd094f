"""The portal's public side: the home page, a form per kind of case, receipts in HTML and PDF."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from mostrador.cases import receipts
from mostrador.cases.models import Case
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.customers.models import Customer
from mostrador.web.portal import pdf

pytestmark = pytest.mark.django_db
KINDS = ["information", "technical", "complaint", "claim", "suggestion", "compliment"]
CLAIM = {
    "name": "Núria Puig",
    "email": "nuria@example.cat",
    "subject": "Rentadora espatllada",
    "body": "La rentadora va inundar la cuina el primer dia.",
    "remedy": "compensation",
    "amount": "120.50",
    "purchase_reference": "F-2026-0042",
}


@pytest.fixture
def file_case(client, people, django_capture_on_commit_callbacks):
    """Post a form as a customer would, with the emails it sends delivered."""

    def post(kind, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/portal/new/{kind}/", data, **extra)

    return post


def test_the_home_page_offers_the_six_kinds_of_case_sign_in_and_rights(client):
    content = client.get("/portal/").content.decode()

    for kind in KINDS:
        assert f'href="/portal/new/{kind}/"' in content
    assert "/portal/new/authority_report/" not in content
    assert 'href="/portal/sign-in/"' in content
    assert 'href="/portal/rights/es-ct/"' in content
    assert "web/css/portal.css" in content


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("information", ["name", "email", "subject", "body", "attachments"]),
        ("suggestion", ["name", "email", "subject", "body", "attachments"]),
        ("complaint", ["happened_on", "place"]),
        ("claim", ["remedy", "amount", "purchase_reference"]),
        ("technical", ["product", "serial_number", "purchase_date"]),
        ("compliment", ["praised"]),
    ],
)
def test_each_kind_has_its_form_with_labelled_fields(client, kind, fields):
    content = client.get(f"/portal/new/{kind}/").content.decode()

    for field in fields:
        assert f'id="id_{field}"' in content
        assert f'for="id_{field}"' in content
    assert 'enctype="multipart/form-data"' in content
    assert 'name="attachments" multiple' in content
    assert '<label for="id_subject" class="required">' in content


def test_claim_and_complaint_forms_link_to_the_rights_page(client):
    for kind in ("claim", "complaint"):
        assert 'href="/portal/rights/es-ct/"' in client.get(f"/portal/new/{kind}/").content.decode()
    assert 'id="rights-link"' not in client.get("/portal/new/suggestion/").content.decode()


def test_an_unknown_kind_or_a_report_to_the_authorities_is_not_offered(client):
    assert client.get("/portal/new/authority_report/").status_code == 404
    assert client.get("/portal/new/nonsense/").status_code == 404


def test_a_claim_without_remedy_shows_the_error_and_keeps_what_was_typed(file_case):
    response = file_case("claim", {**CLAIM, "remedy": "", "amount": "-3"})

    content = response.content.decode()
    assert response.status_code == 422
    assert 'role="alert"' in content
    assert 'href="#id_remedy"' in content
    assert 'href="#id_amount"' in content
    assert 'value="Rentadora espatllada"' in content
    assert "La rentadora va inundar la cuina el primer dia." in content
    assert 'aria-invalid="true"' in content
    assert not Case.objects.exists()


def test_a_claim_is_filed_with_remedy_amount_files_and_the_customers_language(file_case, client):
    photo = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xffjpeg", content_type="image/jpeg")
    invoice = SimpleUploadedFile("factura.pdf", b"%PDF-1.4", content_type="application/pdf")

    response = file_case(
        "claim", {**CLAIM, "attachments": [photo, invoice]}, headers={"accept-language": "ca"}
    )

    case = Case.objects.get()
    assert response.status_code == 302
    # The token carries the time it was signed: compare what it opens, not its text.
    token = response["location"].removeprefix("/portal/receipt/").removesuffix("/")
    assert receipts.get_case_for_receipt(token) == case
    assert (case.type, case.channel, case.claim.remedy) == ("claim", "web", "compensation")
    assert case.claim.amount_asked == Decimal("120.50")
    assert (case.language, case.customer.language) == ("ca", "ca")
    assert case.owner is not None
    assert case.owner.is_active
    message = case.messages.get()
    assert message.body.startswith("La rentadora va inundar la cuina el primer dia.")
    assert "F-2026-0042" in message.body
    assert sorted(message.attachments.values_list("filename", flat=True)) == [
        "factura.pdf",
        "foto.jpg",
    ]
    [receipt_email] = mail.outbox
    assert receipt_email.to == ["nuria@example.cat"]
    assert case.reference in receipt_email.subject


def test_a_technical_request_carries_the_product_details(file_case):
    file_case(
        "technical",
        {
            "name": "Pere",
            "email": "pere@example.cat",
            "product": "Rentadora Mostra X500",
            "serial_number": "SN-778",
            "purchase_date": "2026-02-01",
            "subject": "No centrifuga",
            "body": "Fa un soroll estrany.",
        },
    )

    case = Case.objects.get(type="technical")
    request = case.technical_request
    assert (request.product, request.serial_number) == ("Rentadora Mostra X500", "SN-778")
    assert request.purchase_date == dt.date(2026, 2, 1)
    assert case.messages.get().body == "Fa un soroll estrany.", "the details are fields, not text"


def test_a_purchase_date_in_the_future_is_an_error_on_its_field_and_nothing_is_kept(file_case):
    response = file_case(
        "technical",
        {
            "name": "Pere",
            "email": "pere@example.cat",
            "product": "Rentadora Mostra X500",
            "purchase_date": "2999-02-01",
            "subject": "No centrifuga",
            "body": "Fa un soroll estrany.",
        },
    )

    assert response.status_code == 422
    assert "The purchase date cannot be in the future." in response.content.decode()
    assert not Case.objects.exists()
    assert not Customer.objects.exists()


def test_a_refused_file_is_an_error_on_the_field_and_nothing_is_kept(file_case):
    program = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/x-msdownload")

    response = file_case("information", {**CLAIM, "attachments": [program]})

    assert response.status_code == 422
    assert "virus.exe" in response.content.decode()
    assert not Case.objects.exists()
    assert not Customer.objects.exists()


def test_an_existing_customer_files_under_their_record(file_case):
    customer = make_customer()

    file_case("suggestion", {**CLAIM, "email": "NURIA@example.cat", "name": "N. Puig"})

    assert Case.objects.get().customer == customer
    assert Customer.objects.count() == 1


def test_the_receipt_shows_reference_date_time_content_and_rights(file_case, client):
    response = file_case("claim", CLAIM, follow=True)

    case = Case.objects.get()
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="receipt-reference">{case.reference}<' in content
    assert "La rentadora va inundar la cuina el primer dia." in content
    assert "Compensation" in content
    assert "120.50" in content
    assert "http://testserver/portal/rights/es-ct/" in content
    assert "no-store" in response["cache-control"]


def test_the_reference_alone_or_a_forged_token_opens_no_receipt(client, people):
    case = open_case(customer=make_customer())
    token = receipts.receipt_token(case)

    assert client.get(f"/portal/receipt/{case.reference}/").status_code == 404
    forged = token[:-1] + ("B" if token.endswith("A") else "A")
    assert client.get(f"/portal/receipt/{forged}/").status_code == 404
    assert client.get(f"/portal/receipt/{token}/").status_code == 200


def test_the_receipt_downloads_as_a_pdf_with_its_content(client, people):
    case = open_case(
        customer=make_customer(),
        type="claim",
        subject="Rentadora espatllada",
        remedy="refund",
        amount=Decimal("99.95"),
    )

    response = client.get(f"/portal/receipt/{receipts.receipt_token(case)}/pdf/")

    assert response.status_code == 200
    assert response["content-type"] == "application/pdf"
    assert f'filename="{case.reference}.pdf"' in response["content-disposition"]
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert case.reference in text
    assert "Rentadora espatllada" in text
    assert "99.95" in text
    assert reader.metadata.title == f"Receipt {case.reference}"


def test_making_a_pdf_loads_only_our_static_files():
    fetcher = pdf.StaticFilesOnly()

    css = fetcher.fetch(pdf.BASE_URL + "static/web/css/portal.css")
    assert b".receipt" in css.read()
    for refused in (
        "http://example.com/static/web/css/portal.css",
        pdf.BASE_URL + "media/secret.pdf",
        pdf.BASE_URL + "static/../config/settings.py",
        pdf.BASE_URL + "static/web/css/missing.css",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError, match="not a static file"):
            fetcher.fetch(refused)


def test_a_remote_image_in_what_a_customer_typed_is_never_fetched():
    document = pdf.render_pdf(
        '<html><body><p>Hola</p><img src="http://203.0.113.9/tracker.png"></body></html>'
    )

    assert document.startswith(b"%PDF")
