"""Personal return paths: each email leaves with an envelope sender that names it, and a bounce
that comes back there, through the real receiver, marks that email and shows on its case."""

from __future__ import annotations

import email
import email.policy
import re
import smtplib

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from mostrador.channels.email import outbound, returnpath, selectors, services
from mostrador.channels.email.choices import OutboundStatus, Outcome
from mostrador.channels.email.models import DeliveryReport, OutboundEmail
from mostrador.channels.email.tests import corpora
from mostrador.channels.email.tests.factories import deliver, make_mailbox, write_email
from mostrador.channels.email.tests.test_receiver import HOST, process_all, running_receiver
from mostrador.core.models import Event

CUSTOMER = "nuria@example.cat"


@pytest.fixture
def bounce_address(settings):
    settings.EMAIL_BOUNCE_ADDRESS = "bounces@example.com"


def test_a_token_is_128_random_bits_in_lower_case_base32():
    tokens = {returnpath.new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(re.fullmatch(r"[a-z2-7]{26}", token) for token in tokens)


def test_a_return_path_names_its_token_and_nothing_else_does(bounce_address):
    token = returnpath.new_token()
    address = returnpath.address_for(token)

    assert address == f"bounces+{token}@example.com"
    assert returnpath.token_of(address) == token
    assert returnpath.token_of(f"<{address.upper()}>") == token
    assert returnpath.token_of(f"Bounces <{address}>") == token
    for other in (
        f"bounces+{token}@example.org",  # another domain
        f"sac+{token}@example.com",  # another mailbox
        f"bounces+{token[:-1]}@example.com",  # not a token
        f"bounces+s-{token}@example.com",
        "bounces@example.com",
    ):
        assert returnpath.token_of(other) == "", other
    assert returnpath.is_ours("bounces@example.com")
    assert returnpath.is_ours(address)
    assert not returnpath.is_ours("atencio@example.com")


def test_without_a_bounce_address_no_address_is_a_return_path(settings):
    settings.EMAIL_BOUNCE_ADDRESS = ""
    token = returnpath.new_token()
    assert returnpath.address_for(token) == ""
    assert returnpath.token_of(f"bounces+{token}@example.com") == ""
    assert not returnpath.is_ours("bounces@example.com")


@pytest.mark.django_db
def test_an_email_leaves_with_its_own_return_path_and_the_from_it_had(people, bounce_address):
    mailbox = make_mailbox(people.customer_service)

    deliver(write_email(), mailbox)

    receipt = OutboundEmail.objects.get()
    assert re.fullmatch(r"[a-z2-7]{26}", receipt.bounce_token)
    (sent,) = mail.outbox
    assert sent.from_email == f"bounces+{receipt.bounce_token}@example.com"
    headers = email.message_from_bytes(sent.message().as_bytes(), policy=email.policy.default)
    assert headers["From"] == "Atenció al Client <atencio@example.com>"
    assert "bounces+" not in sent.message().as_string()


@pytest.mark.django_db
def test_without_a_bounce_address_the_from_address_is_the_envelope_sender(people, settings):
    settings.EMAIL_BOUNCE_ADDRESS = ""
    deliver(write_email(), make_mailbox(people.customer_service))

    (sent,) = mail.outbox
    assert sent.from_email == "Atenció al Client <atencio@example.com>"


@pytest.mark.django_db
def test_an_email_logged_before_return_paths_were_personal_gets_one_when_sent(
    people, bounce_address
):
    deliver(write_email(), make_mailbox(people.customer_service))
    receipt = OutboundEmail.objects.get()
    OutboundEmail.objects.filter(pk=receipt.pk).update(
        bounce_token="", status=OutboundStatus.QUEUED
    )

    outbound.send(receipt.pk)

    receipt.refresh_from_db()
    assert receipt.bounce_token
    assert mail.outbox[-1].from_email == f"bounces+{receipt.bounce_token}@example.com"


def qmail_bounce(recipient: str) -> bytes:
    """qmail_01.eml, a real qmail bounce, reporting on ``recipient`` instead; it returns the
    original's text but no Message-ID of ours: only the return path can name our email."""
    (path,) = (path for path in corpora.bounced_files() if path.name == "qmail_01.eml")
    return path.read_bytes().replace(b"psadisc@wwwmail.n-h.de", recipient.encode())


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_bounce_to_the_return_path_reaches_the_email_through_the_real_receiver(
    people, smtp, bounce_address
):
    """A receipt leaves through a real SMTP server with MAIL FROM bounces+<token>@; the real
    qmail bounce of it, sent with a null sender to that address, is taken by the real
    ``receive_email`` process (the mailbox bounces@ receives bounces+*@), and processing
    marks that email bounced and shows the failure on its case; sent again, the email keeps
    its return path."""
    mailbox = make_mailbox(people.customer_service)
    make_mailbox(people.customer_service, name="Bounces", address="bounces@example.com")
    opened = deliver(write_email(), mailbox)
    (sent,) = smtp.wait_for(1)
    receipt = OutboundEmail.objects.get()
    verp = f"bounces+{receipt.bounce_token}@example.com"
    assert (sent.mail_from, sent.rcpt_tos) == (verp, [CUSTOMER])
    headers = email.message_from_bytes(sent.data, policy=email.policy.default)
    assert headers["From"] == "Atenció al Client <atencio@example.com>"

    with running_receiver() as receiver, smtplib.SMTP(HOST, receiver.smtp_port) as client:
        client.sendmail("", [verp], qmail_bounce(CUSTOMER))
    (stored,) = (row for row in process_all() if row.envelope_to == [verp])

    assert (stored.envelope_from, stored.outcome) == ("<>", Outcome.BOUNCE)
    assert stored.case == opened.case
    receipt.refresh_from_db()
    assert receipt.status == OutboundStatus.BOUNCED
    assert DeliveryReport.objects.get().outbound == receipt
    assert selectors.case_email(opened.case).undelivered == [receipt]
    assert Event.objects.filter(verb="channels.email.bounced").count() == 1
    client = Client()
    client.force_login(people.operator)
    page = client.get(reverse("web:case", args=[opened.case.reference])).content.decode()
    assert 'id="undelivered"' in page
    assert CUSTOMER in page

    people.admin.is_superuser = True
    people.admin.save()
    services.retry_email(receipt, actor=people.admin)
    again = smtp.wait_for(2)[1]
    assert again.mail_from == verp
