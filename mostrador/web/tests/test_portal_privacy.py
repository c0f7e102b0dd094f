"""Filing on the portal without signing in tells nothing stored about a customer.

Anyone may type anyone's address in the public form. The case still lands on the customer who
holds that address, so staff see it with the rest of theirs, but the receipt, its PDF and every
page the filer sees say only what the filer typed, and the filing changes nothing stored about
that customer. A customer signed in files as themselves and sees their own name.
"""

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from mostrador.cases.models import Case
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.customers import services as customer_services
from mostrador.customers.models import Customer
from mostrador.testing.portal import signed_in

pytestmark = pytest.mark.django_db
STRANGER = {
    "name": "Impostor",
    "email": "NURIA@example.cat",
    "subject": "Vull saber coses",
    "body": "Digueu-me què teniu d'aquesta persona.",
}
# What is stored about Núria and must never reach a stranger.
STORED = ["Núria Puig", "Puig", "nuria.feina@example.com", "612000111", "Factura duplicada"]


@pytest.fixture
def nuria(people):
    """A customer with a second address, a phone and a case of her own."""
    customer = make_customer()  # Núria Puig, nuria@example.cat, Catalan
    for kind, value in (("email", "nuria.feina@example.com"), ("phone", "612000111")):
        customer_services.add_contact_point(customer, kind=kind, value=value, actor=None)
    open_case(customer=customer, subject="Factura duplicada")
    return customer


@pytest.fixture
def file_case(django_capture_on_commit_callbacks):
    """Post a portal form from ``client``, with the emails it sends delivered."""

    def post(client, data, kind="information", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/portal/new/{kind}/", data, **extra)

    return post


def pdf_text(client, receipt_url):
    response = client.get(f"{receipt_url}pdf/")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_a_stranger_with_a_customers_address_sees_only_what_they_typed(client, nuria, file_case):
    filed = file_case(client, STRANGER, headers={"accept-language": "es"})
    receipt_url = filed["location"]

    for shown in (client.get(receipt_url).content.decode(), pdf_text(client, receipt_url)):
        assert "Impostor" in shown
        assert "nuria@example.cat" in shown  # the address typed, as we write it
        assert "Vull saber coses" in shown
        for stored in STORED:
            assert stored not in shown


def test_the_case_lands_on_the_customer_and_changes_nothing_stored_about_them(
    client, nuria, file_case
):
    contacts_before = sorted(nuria.contacts.values_list("kind", "value", "is_primary"))
    with_a_phone = {**STRANGER, "phone": "699 888 777"}  # not a field of the form: ignored

    file_case(client, with_a_phone, headers={"accept-language": "es"})

    case = Case.objects.get(subject="Vull saber coses")
    assert case.customer == nuria, "staff find the case with the rest of hers"
    assert case.language == "es"
    nuria.refresh_from_db()
    assert (nuria.name, nuria.language) == ("Núria Puig", "ca")
    assert sorted(nuria.contacts.values_list("kind", "value", "is_primary")) == contacts_before
    assert Customer.objects.count() == 1


def test_the_receipt_email_goes_to_the_address_typed_and_says_what_was_filed(
    client, nuria, file_case
):
    file_case(client, STRANGER)

    [receipt] = [m for m in mail.outbox if "Vull saber coses" in m.body]
    assert receipt.to == ["nuria@example.cat"]
    assert "Impostor" in receipt.body
    assert "Núria Puig" not in receipt.body


def test_a_signed_in_customer_sees_their_own_name_on_the_receipt(nuria, file_case):
    client = signed_in(nuria)

    filed = file_case(client, {"subject": "Horari", "body": "Quin horari feu?"})

    assert filed.status_code == 302
    receipt_url = filed["location"]
    content = client.get(receipt_url).content.decode()
    assert "<dd>Núria Puig</dd>" in content
    assert f'href="/portal/cases/{Case.objects.get(subject="Horari").reference}/"' in content
    assert "Núria Puig" in pdf_text(client, receipt_url)


def test_signing_in_later_shows_the_customer_what_was_filed_under_their_address(
    client, nuria, file_case
):
    """The real owner, once signed in, sees the case and the name it was filed under."""
    filed = file_case(client, STRANGER)

    content = signed_in(nuria).get(filed["location"]).content.decode()
    assert "<dd>Impostor</dd>" in content
    assert 'class="whoami">Núria Puig<' in content
