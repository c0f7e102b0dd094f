"""Amounts and dates in the reader's language, amounts typed as they type them, and the
language chosen on the sign-in page kept once signed in."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms
from django.conf import settings
from django.core import mail
from django.template import Context, Template
from django.test import Client
from django.utils import formats, translation
from pypdf import PdfReader

from mostrador.accounts.models import User
from mostrador.cases import receipts
from mostrador.cases.models import ApprovalRequest, Case
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.core import events
from mostrador.testing.twofactor import code_for, enrol

pytestmark = pytest.mark.django_db
MADRID = ZoneInfo("Europe/Madrid")
FILED = dt.datetime(2026, 12, 3, 14, 5, tzinfo=MADRID)
LANGUAGE = settings.LANGUAGE_COOKIE_NAME

# What each language writes for 3 December 2026 at 14:05, and for 1,250.50 euros.
READS = {
    "ca": ("3 de desembre de 2026", "3 de desembre de 2026 a les 14:05", "1.250,50 €"),
    "es": ("3 de diciembre de 2026", "3 de diciembre de 2026 a las 14:05", "1.250,50 €"),
    "en": ("3 December 2026", "3 December 2026, 14:05", "€1,250.50"),
}


def reader(language, user=None):
    client = Client(headers={"accept-language": language})
    client.cookies[LANGUAGE] = language
    if user is not None:
        client.force_login(user)
    return client


def claim(amount="1250.50", **extra):
    with time_machine.travel(FILED, tick=False):
        return open_case(
            customer=make_customer(),
            type="claim",
            subject="Rentadora espatllada",
            remedy="refund",
            amount=Decimal(amount),
            **extra,
        )


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_dates_read_as_each_language_writes_them_day_first(language):
    day, moment, _amount = READS[language]
    with translation.override(language):
        assert formats.date_format(FILED.date(), "DATE_FORMAT") == day
        assert formats.date_format(FILED, "DATETIME_FORMAT") == moment
        assert formats.date_format(FILED, "SHORT_DATE_FORMAT") == "03/12/2026"
        assert formats.date_format(FILED, "SHORT_DATETIME_FORMAT") == "03/12/2026 14:05"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_an_english_date_is_typed_day_first():
    field = forms.DateField()
    with translation.override("en"):
        assert field.clean("03/12/2026") == dt.date(2026, 12, 3)
        assert field.clean("2026-12-03") == dt.date(2026, 12, 3)
        assert field.clean("3 December 2026") == dt.date(2026, 12, 3)


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_the_eur_filter_writes_money_as_the_reader_does(language):
    template = Template("{% load workspace %}{{ amount|eur }}|{{ none|eur }}")
    with translation.override(language):
        shown = template.render(Context({"amount": Decimal("1250.5"), "none": None}))
    assert shown == f"{READS[language][2]}|—"


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_the_receipt_page_and_pdf_give_date_and_amount_in_the_readers_language(
    client, people, language
):
    day, moment, amount = READS[language]
    case = claim()
    token = receipts.receipt_token(case)

    page = reader(language).get(f"/portal/receipt/{token}/").content.decode()
    pdf = reader(language).get(f"/portal/receipt/{token}/pdf/")

    assert moment in page
    assert amount in page
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert amount in text
    assert " ".join(moment.split()) in " ".join(text.split())


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_the_receipt_email_gives_date_and_amount_in_the_customers_language(
    client, people, language, django_capture_on_commit_callbacks
):
    _day, moment, amount = READS[language]
    data = {
        "name": "Núria Puig",
        "email": "nuria@example.cat",
        "subject": "Rentadora espatllada",
        "body": "Va inundar la cuina.",
        "remedy": "refund",
        "amount": {"en": "1,250.50"}.get(language, "1.250,50"),
    }
    with time_machine.travel(FILED, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = reader(language).post("/portal/new/claim/", data)

    assert response.status_code == 302
    [email] = mail.outbox
    assert moment in email.body
    assert amount in email.body


@pytest.mark.parametrize("language", ["ca", "es", "en"])
def test_a_timeline_line_and_the_case_page_give_amounts_in_the_readers_language(people, language):
    case = claim()
    with translation.override(language):
        line = events.describe("cases.approval.requested", {"amount": "1250.50"})

    page = reader(language, people.operator).get(f"/cases/{case.reference}/").content.decode()

    assert line.endswith(READS[language][2])
    # The amount asked is offered for the authorisation, typed as the reader types it.
    typed = "1,250.50" if language == "en" else "1.250,50"
    assert f'name="approval-amount" value="{typed}"' in page


def test_a_complaints_date_is_written_into_its_message_as_the_customer_reads_dates(client, people):
    data = {
        "name": "Núria Puig",
        "email": "nuria@example.cat",
        "subject": "Mal tracte",
        "body": "Em van atendre malament.",
        "happened_on": "2026-12-03",  # as a date picker sends it
        "place": "Botiga de Girona",
    }

    reader("ca").post("/portal/new/complaint/", data)

    body = Case.objects.get().messages.get().body
    assert "3 de desembre de 2026" in body
    assert "2026-12-03" not in body


# ---------------------------------------------------------------- typing amounts


@pytest.mark.parametrize(
    ("language", "typed", "amount"),
    [
        ("ca", "1.250,50", "1250.50"),
        ("ca", "250,50", "250.50"),
        ("es", "1.250,50", "1250.50"),
        ("es", "250,5", "250.50"),
        ("en", "250.50", "250.50"),
        ("en", "1,250.50", "1250.50"),
    ],
)
def test_staff_ask_for_authorisation_typing_the_amount_as_they_write_it(
    people, language, typed, amount
):
    case = open_case(actor=people.operator)

    response = reader(language, people.operator).post(
        f"/cases/{case.reference}/do/approval/",
        {"approval-action": "refund", "approval-amount": typed, "approval-reason": "Car"},
    )

    assert response.status_code == 302
    assert ApprovalRequest.objects.get(case=case).amount == Decimal(amount)


@pytest.mark.parametrize(("language", "example"), [("en", "1,250.50"), ("ca", "1.250,50")])
def test_an_amount_that_is_none_is_refused_and_shown_back_as_typed(people, language, example):
    case = open_case(actor=people.operator)

    response = reader(language, people.operator).post(
        f"/cases/{case.reference}/do/approval/",
        {"approval-action": "refund", "approval-amount": "12abc", "approval-reason": "Car"},
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert not ApprovalRequest.objects.exists()
    assert 'value="12abc"' in content
    assert example in content  # "Enter an amount in euros, such as 1,250.50."
    if language == "en":
        assert "Enter an amount in euros, such as 1,250.50." in content


def test_a_claims_outcome_takes_the_decimal_comma(people):
    case = claim(amount="80")

    response = reader("ca", people.operator).post(
        f"/cases/{case.reference}/do/claim/",
        {"claim-outcome": "granted", "claim-amount_granted": "80,50"},
    )

    case.claim.refresh_from_db()
    assert response.status_code == 302
    assert case.claim.amount_granted == Decimal("80.50")


def test_the_amount_boxes_are_text_with_a_decimal_keyboard(people, client):
    case = claim()
    staff = reader("ca", people.operator).get(f"/cases/{case.reference}/").content.decode()
    portal = reader("ca").get("/portal/new/claim/").content.decode()

    for page, name in ((staff, "approval-amount"), (portal, "amount")):
        box = page.split(f'name="{name}"')[0].rsplit("<input", 1)[1]
        assert 'type="text"' in box
        assert 'type="number"' not in box
    assert 'inputmode="decimal"' in portal.split('name="amount"')[1].split(">")[0]


@pytest.mark.parametrize(
    ("language", "typed"), [("ca", "1.250,50"), ("es", "1.250,50"), ("en", "1,250.50")]
)
def test_a_customer_claims_an_amount_typed_as_they_write_it(
    client, people, language, typed, django_capture_on_commit_callbacks
):
    data = {
        "name": "Núria Puig",
        "email": "nuria@example.cat",
        "subject": "Rentadora espatllada",
        "body": "Va inundar la cuina.",
        "remedy": "refund",
        "amount": typed,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = reader(language).post("/portal/new/claim/", data)

    assert response.status_code == 302
    assert Case.objects.get().claim.amount_asked == Decimal("1250.50")


def test_a_customers_garbled_amount_is_refused_with_an_example(client, people):
    data = {"name": "N", "email": "n@example.cat", "subject": "S", "body": "B", "remedy": "refund"}

    response = reader("en").post("/portal/new/claim/", {**data, "amount": "12,5,0"})

    content = response.content.decode()
    assert response.status_code == 422
    assert "Enter an amount in euros, such as 1,250.50." in content
    assert 'value="12,5,0"' in content
    assert not Case.objects.exists()


# ---------------------------------------------------------------- the language at sign-in


def sign_in(client, user):
    return client.post("/login/", {"username": user.username, "password": "secret-password"})


def test_the_language_chosen_on_the_sign_in_page_stays_and_becomes_the_profiles(people):
    people.head.language = "ca"
    people.head.save()
    client = Client()
    client.post("/language/", {"language": "es", "next": "/login/"})

    response = sign_in(client, people.head)

    people.head.refresh_from_db()
    assert response.status_code == 302
    assert response.cookies[LANGUAGE].value == "es"
    assert people.head.language == "es"
    assert '<html lang="es">' in client.get("/", follow=True).content.decode()
    # Until they change it: signed out and in again from another browser, still Spanish.
    elsewhere = Client()
    assert sign_in(elsewhere, people.head).cookies[LANGUAGE].value == "es"


def test_the_language_left_by_the_last_person_in_a_browser_changes_nobodys_profile(people):
    people.head.language = "ca"
    people.head.save()
    people.operator.language = "es"
    people.operator.save()
    client = Client()
    client.post("/language/", {"language": "en", "next": "/login/"})
    sign_in(client, people.head)
    client.post("/logout/")

    response = sign_in(client, people.operator)  # the page was in English; they chose nothing

    assert response.cookies[LANGUAGE].value == "es"
    assert User.objects.get(pk=people.operator.pk).language == "es"
    assert User.objects.get(pk=people.head.pk).language == "en"


def test_with_two_step_sign_in_the_language_chosen_is_kept_through_the_code(people):
    people.admin.language = "ca"
    people.admin.save()
    device, _codes = enrol(people.admin)
    client = Client()
    client.post("/language/", {"language": "en", "next": "/login/"})

    password = sign_in(client, people.admin)
    people.admin.refresh_from_db()
    assert password.headers["location"] == "/login/code/"
    assert people.admin.language == "ca", "not before the second step is passed"
    assert '<html lang="en">' in client.get("/login/code/").content.decode()

    response = client.post("/login/code/", {"code": code_for(device)})

    people.admin.refresh_from_db()
    assert response.status_code == 302
    assert response.cookies[LANGUAGE].value == "en"
    assert people.admin.language == "en"


def test_with_nothing_chosen_the_profiles_language_rules_after_the_code(people):
    people.admin.language = "es"
    people.admin.save()
    device, _codes = enrol(people.admin)
    client = Client()
    client.cookies[LANGUAGE] = "ca"

    sign_in(client, people.admin)
    response = client.post("/login/code/", {"code": code_for(device)})

    assert response.cookies[LANGUAGE].value == "es"
    assert User.objects.get(pk=people.admin.pk).language == "es"
