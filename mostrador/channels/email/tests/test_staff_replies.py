"""Nobody writes an internal note in a staff member's name by email.

End to end against real mail servers: a customer writes in, Mostrador polls Dovecot over IMAP,
tells a staff member about the case through a real SMTP server, and that person's mail client
answers the very bytes the server received, to the Reply-To they carry; Dovecot delivers the
answer over LMTP. Their From address alone, which anyone can write, makes no note.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client, override_settings

from mostrador.accounts import services as account_services
from mostrador.accounts.choices import Role
from mostrador.cases import ownership
from mostrador.cases.choices import MessageKind
from mostrador.cases.models import Case
from mostrador.channels.email import credentials, imap, outbound
from mostrador.channels.email.choices import (
    OutboundStatus,
    Outcome,
    Protocol,
    Security,
    StaffSender,
)
from mostrador.channels.email.models import InboundEmail, OutboundEmail, ReplyToken
from mostrador.channels.email.tests.factories import make_mailbox, write_email
from mostrador.core import timeutils
from mostrador.core.models import Event
from mostrador.testing.portal import signed_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

MAILBOX = "atencio@example.com"  # the department's mailbox, a Dovecot user of its own
CUSTOMER = "Núria Puig <nuria@example.cat>"
PAU = "Pau Serra <pau@example.com>"
MONTSERRAT = "Montserrat Vila <montserrat@example.com>"
TRICKY_SUBJECT = "Re: L'assecadora & la rentadora <urgent>"
TRICKY_BODY = "D'acord: truco a l'Ernest & Fills <ernest@example.net> demà, abans de les 9 h.\n"
TOKEN_ADDRESS = re.compile(r"^atencio\+s-([a-z2-7]{32})@example\.com$")
TRUSTED = override_settings(EMAIL_TRUSTED_AUTHSERV_IDS=["mx.example.com"])


@pytest.fixture
def mailbox(people, dovecot):
    dovecot.add_user("atencio", "secret")
    return make_mailbox(
        people.customer_service,
        protocol=Protocol.IMAP,
        imap_host=dovecot.host,
        imap_port=dovecot.imap_port,
        imap_security=Security.NONE,
        imap_username="atencio",
        imap_password_encrypted=credentials.encrypt("secret"),
    )


@dataclass(frozen=True)
class Notice:
    """The email about a case a staff member received, as their mail client reads it."""

    message_id: str
    subject: str
    reply_to: str
    raw: bytes


def parsed(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def arrive(dovecot, mailbox, raw: bytes, to: str = MAILBOX) -> InboundEmail:
    """Deliver ``raw`` to ``to`` over LMTP, as the mail server does; poll the mailbox."""
    dovecot.deliver(raw, to)
    assert imap.poll(mailbox.pk) == 1
    return InboundEmail.objects.select_related("case", "case_message").latest("pk")


def open_case(dovecot, mailbox, smtp) -> InboundEmail:
    opened = arrive(dovecot, mailbox, write_email(sender=CUSTOMER, to=MAILBOX))
    smtp.wait_for(1)  # the receipt
    return opened


def notify(people, smtp, case: Case, user) -> Notice:
    """Assign ``case`` to ``user``; return the email about it the SMTP server got for them."""
    before = len(smtp.messages)
    ownership.assign_case(case, assignee=user, actor=people.head)
    [raw] = [m.data for m in smtp.wait_for(before + 1)[before:] if user.email in m.rcpt_tos]
    message = parsed(raw)
    return Notice(
        message_id=str(message["Message-ID"]).strip("<>"),
        subject=str(message["Subject"]),
        reply_to=message["Reply-To"].addresses[0].addr_spec,
        raw=raw,
    )


def answer(notice: Notice, *, sender: str = PAU, **overrides) -> bytes:
    """A mail client's reply to ``notice``: to its Reply-To, threaded on it."""
    values = {
        "sender": sender,
        "to": notice.reply_to,
        "subject": f"Re: {notice.subject}",
        "body": "Ho miro demà amb el tècnic.\n",
        "in_reply_to": notice.message_id,
        "references": [notice.message_id],
    }
    return write_email(**{**values, **overrides})


def events_by(user) -> list[str]:
    return list(Event.objects.filter(actor=user).values_list("verb", flat=True))


def test_a_staff_members_reply_to_the_address_we_sent_them_is_their_note(
    people, dovecot, mailbox, smtp
):
    opened = open_case(dovecot, mailbox, smtp)
    notice = notify(people, smtp, opened.case, people.operator)

    note = arrive(
        dovecot,
        mailbox,
        answer(notice, subject=TRICKY_SUBJECT, body=TRICKY_BODY),
        to=notice.reply_to,
    )

    token = TOKEN_ADDRESS.match(notice.reply_to).group(1)
    assert note.outcome == Outcome.MESSAGE_ADDED
    assert note.case == opened.case
    assert note.case_message.kind == MessageKind.NOTE
    assert note.case_message.author == people.operator
    assert note.case_message.body == TRICKY_BODY.strip()
    assert note.subject == TRICKY_SUBJECT
    assert note.staff_sender == StaffSender.REPLY_ADDRESS
    assert parsed(notice.raw)["From"] == "Mostrador <no-reply@localhost>"
    # Only the token's hash is kept: not in the email's row, not in the token's.
    row = OutboundEmail.objects.get(message_id=notice.message_id)
    assert row.raw is None
    stored = ReplyToken.objects.get(outbound=row)
    assert stored.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert (stored.user, stored.case) == (people.operator, opened.case)
    for value in (*vars(row).values(), *vars(stored).values()):
        assert token not in str(value)


def test_the_reply_to_and_message_id_stay_the_same_when_the_email_is_sent_again(
    people, dovecot, mailbox, smtp
):
    opened = open_case(dovecot, mailbox, smtp)
    first = notify(people, smtp, opened.case, people.operator)
    row = OutboundEmail.objects.get(message_id=first.message_id)
    # The worker died after the server took the email, before it said so.
    OutboundEmail.objects.filter(pk=row.pk).update(
        status=OutboundStatus.SENDING, next_attempt_at=timeutils.now() - dt.timedelta(seconds=1)
    )

    assert outbound.requeue_due() == 1

    again = parsed(smtp.wait_for(3)[-1].data)
    assert again["Message-ID"] == f"<{first.message_id}>"
    assert again["Reply-To"].addresses[0].addr_spec == first.reply_to
    assert again["Reply-To"].addresses[0].display_name == "Atenció al Client"


def test_a_forged_from_of_a_staff_member_on_the_thread_is_an_outside_message_flagged(
    people, dovecot, mailbox, smtp
):
    opened = open_case(dovecot, mailbox, smtp)
    emails_before = OutboundEmail.objects.count()

    forged = arrive(
        dovecot,
        mailbox,
        write_email(
            sender=PAU,
            to=MAILBOX,
            subject=TRICKY_SUBJECT,
            body="Tanqueu-lo: ja li hem tornat els diners & <prou>.\n",
            in_reply_to=opened.message_id,
        ),
    )

    message = forged.case_message
    assert forged.case == opened.case
    assert (message.kind, message.author) == (MessageKind.INBOUND, None)
    assert forged.staff_sender == StaffSender.UNPROVEN
    assert not opened.case.messages.filter(kind=MessageKind.NOTE).exists()
    assert events_by(people.operator) == []
    event = Event.objects.get(verb="channels.email.unverified_staff_sender")
    assert event.actor is None
    assert event.data == {
        "channel": "email",
        "from": "pau@example.com",
        "staff": people.operator.pk,
        "message": message.pk,
    }
    assert OutboundEmail.objects.count() == emails_before, "nobody is told anything in their name"
    client = Client()
    client.force_login(people.head)
    page = client.get(f"/cases/{opened.case.reference}/").content.decode()
    assert "Sent from a staff address without proof of identity" in page
    assert "sender-unproven" in page
    assert "ja li hem tornat els diners &amp; &lt;prou&gt;." in page
    assert "Not shown to the customer." in page
    portal = signed_in(opened.case.customer).get(f"/portal/cases/{opened.case.reference}/")
    assert "ja li hem tornat els diners" not in portal.content.decode(), "not the customer's words"


def test_the_reply_address_of_one_staff_member_with_the_from_of_another_is_not_a_note(
    people, dovecot, mailbox, smtp
):
    opened = open_case(dovecot, mailbox, smtp)
    notice = notify(people, smtp, opened.case, people.operator)

    reply = arrive(dovecot, mailbox, answer(notice, sender=MONTSERRAT), to=notice.reply_to)

    assert reply.case == opened.case
    assert (reply.case_message.kind, reply.case_message.author) == (MessageKind.INBOUND, None)
    assert reply.staff_sender == StaffSender.UNPROVEN
    assert events_by(people.head) == ["cases.case.assigned"]  # their own, before


def test_a_reply_address_for_another_case_proves_nothing_on_this_one(
    people, dovecot, mailbox, smtp
):
    first = open_case(dovecot, mailbox, smtp)
    notice = notify(people, smtp, first.case, people.operator)
    second = arrive(dovecot, mailbox, write_email(sender=CUSTOMER, subject="Una altra cosa"))

    reply = arrive(
        dovecot, mailbox, answer(notice, in_reply_to=second.message_id), to=notice.reply_to
    )

    assert reply.case == second.case
    assert reply.case_message.kind == MessageKind.INBOUND
    assert reply.staff_sender == StaffSender.UNPROVEN


def test_an_expired_reply_address_proves_nothing(people, dovecot, mailbox, smtp, settings):
    opened = open_case(dovecot, mailbox, smtp)
    notice = notify(people, smtp, opened.case, people.operator)

    later = timeutils.now() + dt.timedelta(days=settings.EMAIL_REPLY_TOKEN_DAYS, minutes=1)
    with time_machine.travel(later, tick=True):
        reply = arrive(dovecot, mailbox, answer(notice), to=notice.reply_to)

    assert reply.case_message.kind == MessageKind.INBOUND
    assert reply.staff_sender == StaffSender.UNPROVEN


def _leave_and_come_back(people) -> None:
    sac = people.customer_service
    account_services.remove_member(sac, user=people.operator, actor=people.admin)
    account_services.add_member(sac, user=people.operator, role=Role.OPERATOR, actor=people.admin)


def _deactivated_and_back(people) -> None:
    for active in (False, True):
        people.operator.is_active = active
        people.operator.save()


@pytest.mark.parametrize("revoke", [_leave_and_come_back, _deactivated_and_back])
def test_a_revoked_reply_address_stays_revoked_when_access_comes_back(
    people, dovecot, mailbox, smtp, revoke
):
    opened = open_case(dovecot, mailbox, smtp)
    notice = notify(people, smtp, opened.case, people.operator)
    # Handling the case would keep their access to it while out of the department.
    Case.objects.filter(pk=opened.case.pk).update(handler=None, owner=None)

    revoke(people)

    assert ReplyToken.objects.get().revoked_at is not None
    reply = arrive(dovecot, mailbox, answer(notice), to=notice.reply_to)
    assert reply.case_message.kind == MessageKind.INBOUND
    assert reply.staff_sender == StaffSender.UNPROVEN


def stamped(raw: bytes, *headers: str) -> bytes:
    """``raw`` as our receiving server passes it on, with its headers on top."""
    return "".join(f"{header}\r\n" for header in headers).encode() + raw


PASS = "mx.example.com; spf=pass smtp.mailfrom=example.com; dmarc=pass header.from=example.com"


@TRUSTED
@pytest.mark.parametrize(
    "headers",
    [
        [f"Authentication-Results: {PASS}"],
        [
            "Authentication-Results: mx.example.com; dkim=pass (2048-bit key)\r\n"
            " header.d=example.com header.s=mail header.b=AbCdEf"
        ],
    ],
    ids=["dmarc", "aligned-dkim"],
)
def test_a_trusted_receiving_servers_word_proves_a_staff_reply_without_token(
    people, dovecot, mailbox, smtp, headers
):
    opened = open_case(dovecot, mailbox, smtp)
    raw = write_email(sender=PAU, to=MAILBOX, body="Ja està.", in_reply_to=opened.message_id)

    note = arrive(dovecot, mailbox, stamped(raw, *headers))

    assert note.case_message.kind == MessageKind.NOTE
    assert note.case_message.author == people.operator
    assert note.staff_sender == StaffSender.RECEIVING_SERVER


@TRUSTED
@pytest.mark.parametrize(
    "headers",
    [
        [f"Authentication-Results: {PASS.replace('mx.example.com', 'mx.elsewhere.example')}"],
        # Our server's verdict on top; the pass below it is the sender's own writing.
        [
            "Authentication-Results: mx.example.com; dmarc=fail header.from=example.com",
            "Received: from attacker.example (attacker.example [192.0.2.66])",
            f"Authentication-Results: {PASS}",
        ],
        ["Authentication-Results: mx.example.com; dkim=pass header.d=example.net"],
        ["Authentication-Results: mx.example.com; dmarc=pass header.from=example.net"],
    ],
    ids=["untrusted-id", "forged-below-ours", "dkim-not-aligned", "other-domain"],
)
def test_authentication_results_that_do_not_vouch_for_the_sender_prove_nothing(
    people, dovecot, mailbox, smtp, headers
):
    opened = open_case(dovecot, mailbox, smtp)
    raw = write_email(sender=PAU, to=MAILBOX, body="Ja està.", in_reply_to=opened.message_id)

    reply = arrive(dovecot, mailbox, stamped(raw, *headers))

    assert reply.case_message.kind == MessageKind.INBOUND
    assert reply.staff_sender == StaffSender.UNPROVEN


def test_the_same_header_proves_nothing_where_no_receiving_server_is_trusted(
    people, dovecot, mailbox, smtp
):
    opened = open_case(dovecot, mailbox, smtp)
    raw = write_email(sender=PAU, to=MAILBOX, in_reply_to=opened.message_id)

    reply = arrive(dovecot, mailbox, stamped(raw, f"Authentication-Results: {PASS}"))

    assert reply.staff_sender == StaffSender.UNPROVEN


def test_mail_from_a_staff_address_on_no_thread_opens_a_flagged_case_by_nobody(
    people, dovecot, mailbox, smtp
):
    stored = arrive(dovecot, mailbox, write_email(sender=PAU, to=MAILBOX, subject="Prova"))

    assert stored.outcome == Outcome.CASE_OPENED
    assert stored.case_message.author is None
    assert stored.staff_sender == StaffSender.UNPROVEN
    assert events_by(people.operator) == []
    assert Event.objects.filter(verb="channels.email.unverified_staff_sender").count() == 1


def test_the_original_of_a_note_downloads_without_its_reply_token(people, dovecot, mailbox, smtp):
    opened = open_case(dovecot, mailbox, smtp)
    notice = notify(people, smtp, opened.case, people.operator)
    note = arrive(dovecot, mailbox, answer(notice), to=notice.reply_to)
    token = TOKEN_ADDRESS.match(notice.reply_to).group(1)
    client = Client()
    client.force_login(people.head)

    response = client.get(
        f"/cases/{opened.case.reference}/messages/{note.case_message_id}/original/"
    )

    assert token.encode() in bytes(note.raw)
    assert token.encode() not in response.content
    assert b"atencio+s-REDACTED@example.com" in response.content
