"""Outgoing mail through a real SMTP server: threaded, composed once, retried, failures shown."""

import datetime as dt
import email
import email.policy

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from mostrador.cases import services as case_services
from mostrador.cases.choices import MessageKind
from mostrador.channels.email import outbound
from mostrador.channels.email.choices import OutboundStatus, Outcome
from mostrador.channels.email.models import DeliveryReport, OutboundEmail
from mostrador.channels.email.tests.factories import deliver, make_mailbox, write_email
from mostrador.core import timeutils
from mostrador.core.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def mailbox(people):
    return make_mailbox(people.customer_service)


def parsed(data):
    return email.message_from_bytes(data, policy=email.policy.default)


def reply(case, user, text="Us enviem un tècnic dijous.", attachments=()):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return case_services.add_message(
            case,
            kind=MessageKind.OUTBOUND,
            body=text,
            actor=user,
            attachments=attachments,
            channel="workspace",
        )


def test_a_reply_leaves_threaded_on_the_customers_email_with_text_html_and_files(
    people, mailbox, smtp
):
    opened = deliver(write_email(message_id="first@example.cat"), mailbox)
    later = deliver(write_email(body="Encara no sé res.", in_reply_to="first@example.cat"), mailbox)
    smtp.wait_for(1)  # the receipt

    message = reply(
        opened.case,
        people.operator,
        attachments=[SimpleUploadedFile("pressupost.pdf", b"%PDF-1.4", "application/pdf")],
    )

    received = smtp.wait_for(2)[1]
    assert received.rcpt_tos == ["nuria@example.cat"]
    assert received.mail_from == "atencio@example.com"
    sent = parsed(received.data)
    row = OutboundEmail.objects.get(case_message=message)
    assert row.status == OutboundStatus.SENT
    assert sent["Message-ID"] == f"<{row.message_id}>"
    assert sent["In-Reply-To"] == f"<{later.message_id}>"
    references = sent["References"].split()
    assert references[0] == "<first@example.cat>"
    assert references[-1] == f"<{later.message_id}>"
    assert opened.case.reference in sent["Subject"]
    assert "Auto-Submitted" not in sent, "a person wrote it"
    assert sent.get_body(("plain",)).get_content().startswith("Us enviem un tècnic dijous.")
    assert "Us enviem un tècnic dijous." in sent.get_body(("html",)).get_content()
    [attachment] = list(sent.iter_attachments())
    assert attachment.get_filename() == "pressupost.pdf"
    assert attachment.get_content() == b"%PDF-1.4"


def test_the_bytes_sent_are_the_bytes_logged(people, mailbox, smtp):
    opened = deliver(write_email(), mailbox)

    [received] = smtp.wait_for(1)
    receipt = OutboundEmail.objects.get(case=opened.case, kind="cases.receipt")
    assert parsed(received.data)["Message-ID"] == parsed(bytes(receipt.raw))["Message-ID"]
    assert parsed(received.data).get_body(("plain",)).get_content() == (
        parsed(bytes(receipt.raw)).get_body(("plain",)).get_content()
    )


def test_a_temporary_refusal_is_retried_with_backoff_and_then_sent(people, mailbox, smtp):
    smtp.respond("nuria@example.cat", "451 4.3.0 Mailbox busy, try later")
    opened = deliver(write_email(), mailbox)
    receipt = OutboundEmail.objects.get(case=opened.case, kind="cases.receipt")

    assert receipt.status == OutboundStatus.RETRYING
    assert receipt.attempts == 1
    assert "451" in receipt.last_error
    wait = receipt.next_attempt_at - timeutils.now()
    assert dt.timedelta(seconds=50) < wait <= dt.timedelta(seconds=60)

    smtp.replies.clear()
    with (
        time_machine.travel(receipt.next_attempt_at + dt.timedelta(seconds=1)),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        assert outbound.requeue_due() == 1
    receipt.refresh_from_db()

    assert receipt.status == OutboundStatus.SENT
    assert receipt.attempts == 2
    [received] = smtp.wait_for(1)
    assert parsed(received.data)["Message-ID"] == f"<{receipt.message_id}>"


@override_settings(EMAIL_SEND_ATTEMPTS=3)
def test_a_server_that_stays_down_ends_in_a_failure_shown_on_the_case(people, mailbox, smtp):
    smtp.stop()
    opened = deliver(write_email(), mailbox)
    receipt = OutboundEmail.objects.get(case=opened.case, kind="cases.receipt")
    waits = []
    for _attempt in range(2):
        receipt.refresh_from_db()
        assert receipt.status == OutboundStatus.RETRYING
        waits.append(receipt.next_attempt_at)
        with (
            time_machine.travel(receipt.next_attempt_at + dt.timedelta(seconds=1)),
            TestCase.captureOnCommitCallbacks(execute=True),
        ):
            outbound.requeue_due()
    receipt.refresh_from_db()

    assert receipt.status == OutboundStatus.FAILED
    assert receipt.attempts == 3
    assert "ConnectionRefusedError" in receipt.last_error
    assert waits[1] - waits[0] > dt.timedelta(seconds=110), "the wait doubles"
    event = Event.objects.get(verb="channels.email.failed")
    assert event.subject_id == str(opened.case.pk)
    assert event.data["to"] == "nuria@example.cat"


def test_a_permanent_refusal_fails_at_once(people, mailbox, smtp):
    smtp.respond("nuria@example.cat", "550 5.1.1 No such user")

    opened = deliver(write_email(), mailbox)

    receipt = OutboundEmail.objects.get(case=opened.case, kind="cases.receipt")
    assert receipt.status == OutboundStatus.FAILED
    assert receipt.attempts == 1
    assert "550" in receipt.last_error
    assert Event.objects.filter(verb="channels.email.failed").count() == 1


def test_a_claimed_email_is_not_sent_twice_by_a_second_task(people, mailbox, smtp):
    opened = deliver(write_email(), mailbox)
    receipt = OutboundEmail.objects.get(case=opened.case, kind="cases.receipt")
    smtp.wait_for(1)

    assert outbound.send(receipt.pk) == "skipped"
    assert len(smtp.messages) == 1


def test_a_send_abandoned_by_a_dead_worker_is_sent_after_its_claim_expires(
    people, mailbox, smtp, settings
):
    opened = deliver(write_email(), mailbox)
    receipt = OutboundEmail.objects.get(case=opened.case, kind="cases.receipt")
    smtp.wait_for(1)
    # As a worker leaves it when killed between claiming and finishing.
    OutboundEmail.objects.filter(pk=receipt.pk).update(
        status=OutboundStatus.SENDING,
        next_attempt_at=timeutils.now() + dt.timedelta(seconds=settings.EMAIL_STALE_SECONDS),
    )

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert outbound.requeue_due() == 0, "not while the claim may still be alive"
    later = timeutils.now() + dt.timedelta(seconds=settings.EMAIL_STALE_SECONDS + 1)
    with time_machine.travel(later), TestCase.captureOnCommitCallbacks(execute=True):
        assert outbound.requeue_due() == 1
    receipt.refresh_from_db()

    assert receipt.status == OutboundStatus.SENT
    assert len(smtp.messages) == 2, "sent again: at least once, never lost"
    first, second = (parsed(message.data) for message in smtp.messages)
    assert first["Message-ID"] == second["Message-ID"], "the same email: clients show it once"
    resent = Event.objects.get(verb="channels.email.resent")
    assert resent.subject_id == str(opened.case.pk)
    assert resent.data["message_id"] == receipt.message_id


def dsn_for(original: bytes, *, recipient: str, status: str, action: str) -> bytes:
    """A delivery status notification laid out as Postfix writes one (RFC 3464)."""
    headers = original.replace(b"\r\n", b"\n").split(b"\n\n")[0].decode()
    return f"""From: Mail Delivery System <MAILER-DAEMON@mx.example.cat>
To: atencio@example.com
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B0UND"

--B0UND
Content-Type: text/plain

This is the mail system at host mx.example.cat.

I'm sorry to have to inform you that your message could not be delivered.

--B0UND
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.cat

Final-Recipient: rfc822; {recipient}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; 550 {status} User unknown

--B0UND
Content-Type: text/rfc822-headers

{headers}

--B0UND--
""".replace("\n", "\r\n").encode()


def test_a_bounce_is_recorded_as_a_delivery_failure_of_the_email_it_reports(people, mailbox, smtp):
    opened = deliver(write_email(), mailbox)
    message = reply(opened.case, people.operator)
    sent = smtp.wait_for(2)[1]
    row = OutboundEmail.objects.get(case_message=message)

    bounce = deliver(
        dsn_for(sent.data, recipient="nuria@example.cat", status="5.1.1", action="failed"),
        mailbox,
    )

    assert bounce.outcome == Outcome.BOUNCE
    assert bounce.case == opened.case
    report = DeliveryReport.objects.get()
    assert report.outbound == row
    assert report.permanent
    assert report.status == "5.1.1"
    row.refresh_from_db()
    assert row.status == OutboundStatus.BOUNCED
    assert opened.case.messages.count() == 2, "not a message from the customer"
    assert Event.objects.filter(verb="channels.email.bounced").count() == 1


def test_mail_leaves_from_the_mailbox_replies_come_back_to(people):
    from mostrador.channels.email.outbound import department_sender

    department = people.technical_service
    assert department_sender(department) == "Mostrador <no-reply@localhost>"
    department.inbound_email = "sat@example.com"
    assert department_sender(department) == "Servei d'Assistència Tècnica <sat@example.com>"
    make_mailbox(department, address="taller@example.com")
    assert department_sender(department) == "Servei d'Assistència Tècnica <taller@example.com>"


def test_subjects_and_text_arrive_as_written_apostrophes_ampersands_and_brackets_included(
    people, mailbox, smtp
):
    written = "L'assecadora & el forn <urgent>"
    opened = deliver(
        write_email(sender="Núria O'Brien <nuria@example.cat>", subject=written), mailbox
    )
    receipt = parsed(smtp.wait_for(1)[0].data)

    reply(opened.case, people.operator, text="D'acord: dijous & divendres, <no> dissabte.")

    sent = parsed(smtp.wait_for(2)[1].data)
    assert sent["Subject"] == f"Re: {written} [{opened.case.reference}]"
    plain = sent.get_body(("plain",)).get_content()
    assert plain.startswith("D'acord: dijous & divendres, <no> dissabte.")
    html = sent.get_body(("html",)).get_content()
    assert "D&#x27;acord: dijous &amp; divendres, &lt;no&gt; dissabte." in html
    assert "<no>" not in html, "text is never taken for markup"
    assert "&amp;amp;" not in html
    assert "&amp;#x27;" not in html
    receipt_text = receipt.get_body(("plain",)).get_content()
    assert "O'Brien" in receipt_text
    assert written in receipt_text
    assert "&#x27;" not in receipt_text
    assert "&amp;" not in receipt_text
