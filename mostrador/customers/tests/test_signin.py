"""One-time sign-in links: sent only to customers, silently; work once, for a while, for them."""

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from mostrador.cases.tests.factories import make_customer
from mostrador.channels.email import outbound
from mostrador.channels.email.choices import OutboundStatus
from mostrador.channels.email.models import OutboundEmail
from mostrador.core.errors import InvalidInput
from mostrador.core.models import Event
from mostrador.customers import signin
from mostrador.customers.models import SignInLink

pytestmark = pytest.mark.django_db
LINK_URL = "https://portal.example.com/portal/sign-in/link/"
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def ask(email, capture):
    with capture(execute=True):
        signin.request_sign_in_link(email=email, link_url=LINK_URL)


def token_from(message):
    return re.search(r"\?token=([\w-]+)", message.body).group(1)


def test_a_customer_gets_a_link_in_their_language_and_only_its_hash_is_kept(
    django_capture_on_commit_callbacks,
):
    customer = make_customer(email="nuria@example.cat", language="ca")

    ask("  Nuria@Example.CAT ", django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == ["nuria@example.cat"]
    assert "Núria Puig" in message.body
    assert LINK_URL + "?token=" in message.body
    token = token_from(message)
    link = SignInLink.objects.get()
    assert link.customer == customer
    assert link.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(SignInLink.objects.values().get())
    assert link.expires_at - link.created_at == dt.timedelta(minutes=30)
    assert Event.objects.filter(verb="customers.sign_in_link.requested").count() == 1


def test_the_email_is_written_in_the_customers_language(django_capture_on_commit_callbacks):
    make_customer(email="ana@example.es", language="es", name="Ana")
    make_customer(email="joan@example.cat", language="en", name="Joan")

    ask("ana@example.es", django_capture_on_commit_callbacks)
    ask("joan@example.cat", django_capture_on_commit_callbacks)

    spanish, english = mail.outbox
    assert "Ana" in spanish.body
    assert "Open this link to sign in" in english.body


def test_an_unknown_address_gets_the_same_silence_and_nothing_is_sent(
    django_capture_on_commit_callbacks,
):
    make_customer(email="nuria@example.cat")

    answer = signin.request_sign_in_link(email="stranger@example.com", link_url=LINK_URL)

    assert answer is None
    assert mail.outbox == []
    assert not SignInLink.objects.exists()


def test_a_malformed_address_is_an_input_error():
    with pytest.raises(InvalidInput) as error:
        signin.request_sign_in_link(email="not an address", link_url=LINK_URL)

    assert "email" in error.value.fields


def test_a_link_signs_in_once(django_capture_on_commit_callbacks):
    customer = make_customer()
    ask("nuria@example.cat", django_capture_on_commit_callbacks)
    token = token_from(mail.outbox[0])

    assert signin.redeem(token) == customer
    with pytest.raises(InvalidInput) as again:
        signin.redeem(token)

    assert again.value.code == "sign_in_link_used"
    assert SignInLink.objects.get().used_at is not None
    assert Event.objects.filter(verb="customers.customer.signed_in").count() == 1


def test_a_link_expires_after_the_configured_minutes(django_capture_on_commit_callbacks):
    make_customer()
    with time_machine.travel(T0, tick=False):
        ask("nuria@example.cat", django_capture_on_commit_callbacks)
    token = token_from(mail.outbox[0])

    with (
        time_machine.travel(T0 + dt.timedelta(minutes=30), tick=False),
        pytest.raises(InvalidInput) as late,
    ):
        signin.redeem(token)

    assert late.value.code == "sign_in_link_expired"
    assert SignInLink.objects.get().used_at is None


@pytest.mark.parametrize("token", ["", "x" * 500, "made-up-token"])
def test_an_unknown_token_signs_nobody_in(token):
    make_customer()

    with pytest.raises(InvalidInput) as error:
        signin.redeem(token)

    assert error.value.code == "sign_in_link_unknown"


@override_settings(PORTAL_SIGN_IN_LINKS_PER_HOUR=3)
def test_past_the_hourly_limit_requests_are_dropped_silently(django_capture_on_commit_callbacks):
    make_customer()
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            ask("nuria@example.cat", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3

    with time_machine.travel(T0 + dt.timedelta(minutes=61), tick=False):
        ask("nuria@example.cat", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 4
    assert SignInLink.objects.count() == 4


def test_the_link_goes_through_the_email_log_without_its_token(
    django_capture_on_commit_callbacks,
):
    make_customer()
    ask("nuria@example.cat", django_capture_on_commit_callbacks)

    [logged] = OutboundEmail.objects.all()
    token = token_from(mail.outbox[0])
    assert logged.kind == "customers.sign_in_link"
    assert logged.status == OutboundStatus.SENT
    assert logged.to_address == "nuria@example.cat"
    assert logged.raw is None
    assert token not in str(OutboundEmail.objects.values().get())


def test_sending_again_makes_a_new_token_and_the_old_one_stops_working(
    django_capture_on_commit_callbacks,
):
    customer = make_customer()
    ask("nuria@example.cat", django_capture_on_commit_callbacks)
    first = token_from(mail.outbox[0])
    logged = OutboundEmail.objects.get()
    OutboundEmail.objects.filter(pk=logged.pk).update(status=OutboundStatus.RETRYING)

    assert outbound.send(logged.pk) == OutboundStatus.SENT

    second = token_from(mail.outbox[1])
    assert second != first
    with pytest.raises(InvalidInput):
        signin.redeem(first)
    assert signin.redeem(second) == customer


def test_a_link_used_before_its_email_left_is_not_sent(django_capture_on_commit_callbacks):
    make_customer()
    with django_capture_on_commit_callbacks(execute=False):
        signin.request_sign_in_link(email="nuria@example.cat", link_url=LINK_URL)
    SignInLink.objects.update(used_at=T0)

    assert outbound.send(OutboundEmail.objects.get().pk) == OutboundStatus.CANCELLED
    assert mail.outbox == []


def test_the_oldest_customer_with_the_address_is_the_one_signed_in(
    django_capture_on_commit_callbacks,
):
    first = make_customer(name="Núria Puig")
    make_customer(name="Núria Puig (duplicate)")
    ask("nuria@example.cat", django_capture_on_commit_callbacks)

    assert signin.redeem(token_from(mail.outbox[0])) == first


def test_a_session_naming_nobody_is_no_customer():
    customer = make_customer()

    assert signin.signed_in_customer(customer.pk) == customer
    assert signin.signed_in_customer(customer.pk + 1000) is None
    assert signin.signed_in_customer("1") is None
    assert signin.signed_in_customer(None) is None
