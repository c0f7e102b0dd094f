"""Which email a bounce is about: the one it names, never a guess by its recipient.

The bounces here are real (from the corpora), re-addressed to the emails the tests sent through
the channel's own outbound path: a Message-ID put back in the returned message, a return path
of ours as envelope recipient or in the headers a receiving server writes.
"""

from __future__ import annotations

import email
import email.policy

import pytest
from django.core import mail
from django.test import TestCase

from mostrador.cases import services as case_services
from mostrador.cases.choices import MessageKind
from mostrador.channels.email.choices import OutboundStatus, Outcome
from mostrador.channels.email.models import DeliveryReport, OutboundEmail
from mostrador.channels.email.tests import corpora
from mostrador.channels.email.tests.factories import deliver, make_mailbox, write_email
from mostrador.core.models import Event

pytestmark = pytest.mark.django_db

BOUNCED = {path.name: path for path in corpora.bounced_files()}
CUSTOMER = "nuria@example.cat"
# tt_bounce_03.eml: a DSN from apollo.lv returning the whole original message.
DSN_ID = b"4abe0f090511281026t1436fa8dg844ce3c26184a927@mail.gmail.com"
DSN_RECIPIENT = b"agrisa@apollo.lv"


@pytest.fixture
def mailbox(people, settings):
    settings.EMAIL_BOUNCE_ADDRESS = "bounces@example.com"
    return make_mailbox(people.customer_service)


@pytest.fixture
def written_twice(people, mailbox):
    """A customer's case, and two emails to them: the receipt, then a reply."""
    opened = deliver(write_email(message_id="first@example.cat"), mailbox)
    with TestCase.captureOnCommitCallbacks(execute=True):
        case_services.add_message(
            opened.case,
            kind=MessageKind.OUTBOUND,
            body="Us enviem un tècnic dijous.",
            actor=people.operator,
            channel="workspace",
        )
    receipt, reply = OutboundEmail.objects.filter(case=opened.case).order_by("created_at", "id")
    assert {receipt.to_address, reply.to_address} == {CUSTOMER}
    assert {receipt.status, reply.status} == {OutboundStatus.SENT}
    return opened.case, receipt, reply


def real_bounce(*, message_id: str = "", top: str = "", original_top: str = "") -> bytes:
    """tt_bounce_03 reporting on ``CUSTOMER``, maybe returning ``message_id``, with ``top``
    headers added above its own and ``original_top`` above the returned message's."""
    raw = BOUNCED["tt_bounce_03.eml"].read_bytes().replace(DSN_RECIPIENT, CUSTOMER.encode())
    returned = b"Message-ID: <" + DSN_ID
    raw = raw.replace(returned, original_top.encode() + returned)
    if message_id:
        raw = raw.replace(DSN_ID, message_id.encode())
    return top.encode() + raw


def return_path(row: OutboundEmail) -> str:
    return f"bounces+{row.bounce_token}@example.com"


def statuses(*rows: OutboundEmail) -> list[str]:
    return [OutboundEmail.objects.get(pk=row.pk).status for row in rows]


def test_a_bounce_returning_our_message_id_marks_that_email_only(written_twice, mailbox):
    case, receipt, reply = written_twice

    stored = deliver(real_bounce(message_id=reply.message_id), mailbox)

    assert stored.outcome == Outcome.BOUNCE
    assert stored.case == case
    (report,) = DeliveryReport.objects.all()
    assert (report.outbound, report.recipient, report.status) == (reply, CUSTOMER, "5.0.0")
    assert statuses(receipt, reply) == [OutboundStatus.SENT, OutboundStatus.BOUNCED]
    assert Event.objects.filter(verb="channels.email.bounced").count() == 1


def test_a_bounce_naming_neither_email_to_a_recipient_written_twice_is_kept_unattributed(
    written_twice, mailbox
):
    _case, receipt, reply = written_twice

    stored = deliver(real_bounce(), mailbox)

    assert stored.outcome == Outcome.BOUNCE
    assert stored.case is None
    (report,) = DeliveryReport.objects.all()
    assert report.outbound is None
    # What it said is kept for administrators.
    assert (report.recipient, report.status, report.permanent) == (CUSTOMER, "5.0.0", True)
    assert statuses(receipt, reply) == [OutboundStatus.SENT, OutboundStatus.SENT]
    assert not Event.objects.filter(verb="channels.email.bounced").exists()


@pytest.mark.parametrize("where", ["envelope", "Delivered-To", "X-Original-To", "To", "upper"])
def test_a_bounce_to_an_emails_return_path_names_it(written_twice, mailbox, where):
    case, receipt, reply = written_twice
    address = return_path(receipt)
    envelope = (address,) if where == "envelope" else ()
    top = "" if where == "envelope" else f"{where}: <{address}>\r\n"
    if where == "upper":
        # Mail systems that upper-case addresses exist; the token survives them.
        top = f"Delivered-To: {address.upper()}\r\n"

    stored = deliver(real_bounce(top=top), mailbox, envelope_to=envelope)

    assert stored.case == case
    assert DeliveryReport.objects.get().outbound == receipt
    assert statuses(receipt, reply) == [OutboundStatus.BOUNCED, OutboundStatus.SENT]


def test_the_return_path_outweighs_a_returned_message_id(written_twice, mailbox):
    _case, receipt, reply = written_twice
    raw = real_bounce(message_id=reply.message_id)

    deliver(raw, mailbox, envelope_to=(return_path(receipt),))

    assert statuses(receipt, reply) == [OutboundStatus.BOUNCED, OutboundStatus.SENT]


def test_our_return_path_in_the_returned_message_names_the_email(written_twice, mailbox):
    _case, receipt, reply = written_twice
    raw = real_bounce(original_top=f"Return-Path: <{return_path(reply)}>\r\n")

    deliver(raw, mailbox)

    assert DeliveryReport.objects.get().outbound == reply
    assert statuses(receipt, reply) == [OutboundStatus.SENT, OutboundStatus.BOUNCED]


def test_a_token_of_no_email_of_ours_names_nothing(written_twice, mailbox):
    _case, receipt, reply = written_twice
    unknown = f"bounces+{'z' * 26}@example.com"

    stored = deliver(real_bounce(), mailbox, envelope_to=(unknown,))

    assert stored.outcome == Outcome.BOUNCE
    assert DeliveryReport.objects.get().outbound is None
    assert statuses(receipt, reply) == [OutboundStatus.SENT, OutboundStatus.SENT]


def test_a_bounce_to_our_return_path_is_no_loop_though_it_bears_our_from(written_twice, mailbox):
    # Some systems report with the original's From; ours then, which alone would be a loop.
    _case, receipt, _reply = written_twice
    raw = real_bounce().replace(b"From: MAILER-DAEMON@apollo.lv", b"From: atencio@example.com")

    stored = deliver(raw, mailbox, envelope_to=(return_path(receipt),))

    assert stored.outcome == Outcome.BOUNCE
    assert statuses(receipt) == [OutboundStatus.BOUNCED]


def test_mail_from_our_return_path_is_a_loop(written_twice, mailbox):
    _case, receipt, _reply = written_twice
    for sender in (return_path(receipt), "bounces@example.com"):
        stored = deliver(write_email(sender=sender, subject=sender), mailbox)
        assert stored.outcome == Outcome.LOOP


def test_our_own_email_returned_whole_to_its_return_path_is_a_loop(written_twice, mailbox):
    _case, receipt, _reply = written_twice
    sent = mail.outbox[0].message().as_bytes()

    stored = deliver(sent, mailbox, envelope_to=(return_path(receipt),))

    assert stored.outcome == Outcome.LOOP
    assert not DeliveryReport.objects.exists()


def test_an_autoresponder_answering_the_return_path_is_filed_as_an_auto_reply(
    written_twice, mailbox
):
    _case, receipt, _reply = written_twice
    vacation = BOUNCED["tt_1234211024.eml"].read_bytes()

    stored = deliver(vacation, mailbox, envelope_to=(return_path(receipt),))

    assert stored.outcome == Outcome.AUTO_REPLY
    assert not DeliveryReport.objects.exists()
    assert statuses(receipt) == [OutboundStatus.SENT]


def forward(attached: bytes, *, subject: str, in_reply_to: str = "") -> bytes:
    """A person's message with ``attached`` as a whole message/rfc822 attachment."""
    message = email.message_from_bytes(
        write_email(subject=subject, body="Mireu, m'ha arribat això.", in_reply_to=in_reply_to),
        policy=email.policy.SMTP,
    )
    original = email.message_from_bytes(attached, policy=email.policy.SMTP)
    message.add_attachment(original)
    return message.as_bytes()


@pytest.mark.parametrize("subject", ["Fwd: Undelivered Mail", "Undelivered Mail", "Una pregunta"])
def test_a_real_bounce_forwarded_by_a_person_reaches_the_case_as_theirs(
    written_twice, mailbox, subject
):
    case, receipt, reply = written_twice
    raw = forward(real_bounce(message_id=reply.message_id), subject=subject)

    stored = deliver(raw, mailbox)

    assert stored.outcome in (Outcome.CASE_OPENED, Outcome.MESSAGE_ADDED)
    assert not DeliveryReport.objects.exists()
    assert statuses(receipt, reply) == [OutboundStatus.SENT, OutboundStatus.SENT]


def test_a_person_replying_with_a_real_bounce_quoted_adds_to_the_case(written_twice, mailbox):
    case, receipt, reply = written_twice
    bounce = email.message_from_bytes(real_bounce(message_id=reply.message_id))
    quoted = "\n".join(f"> {line}" for line in bounce.get_payload(0).get_payload().splitlines())
    raw = write_email(
        subject=f"Re: {reply.subject}",
        body=f"El meu germà no ha rebut el vostre correu:\n\n{quoted}\n",
        in_reply_to=reply.message_id,
    )

    stored = deliver(raw, mailbox)

    assert stored.outcome == Outcome.MESSAGE_ADDED
    assert stored.case == case
    assert not DeliveryReport.objects.exists()
    assert statuses(receipt, reply) == [OutboundStatus.SENT, OutboundStatus.SENT]


def test_a_person_saying_our_email_was_not_delivered_is_heard(written_twice, mailbox):
    case, *_sent = written_twice
    raw = write_email(
        subject="Your email was not delivered",
        body="Hello, your email was not delivered to ana@example.com, bo@example.com:"
        " 550 5.1.1 User unknown.",
        in_reply_to="first@example.cat",
    )

    stored = deliver(raw, mailbox)

    assert stored.outcome == Outcome.MESSAGE_ADDED
    assert stored.case == case
    assert not DeliveryReport.objects.exists()
