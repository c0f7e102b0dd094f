"""Real mail nobody on the team wrote, arriving as it does in production: through the real
SMTP receiver process, and from a maildir by ``import_email``. Each message is stored once,
byte for byte, and processed to an outcome with a reason, never a processing failure; the
bounces are recognised where they come, at the return path.

The corpora are those of ``test_corpora``: flufl.bounce's bounces, SpamAssassin's ordinary
mail and CPython's email test messages (all 48: small enough to send whole).
"""

from __future__ import annotations

import email.utils
import mailbox as mailboxes
import smtplib
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from mostrador.channels.email import inbound
from mostrador.channels.email.choices import InboundStatus, Outcome, Quarantine, Source
from mostrador.channels.email.models import DeliveryReport, InboundEmail
from mostrador.channels.email.noise import NoiseKind
from mostrador.channels.email.tests import corpora
from mostrador.channels.email.tests.factories import make_mailbox
from mostrador.channels.email.tests.test_corpora import CPYTHON_OUTCOMES
from mostrador.channels.email.tests.test_noise import (
    FLUFL_NOT_BOUNCES,
    RETURN_PATH,
)
from mostrador.channels.email.tests.test_receiver import HOST, running_receiver

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The corpora's largest message is flufl.bounce's simple_43 (22 kB): over test_receiver's
# 20,000-byte limit, so this receiver takes up to 1 MB, as a production one (40 MB) would.
MAX_BYTES = 1_000_000
SERVICE = "atencio@example.com"
BOUNCES = "bounces@example.com"  # RETURN_PATH is a tagged address of this mailbox


FLUFL_OUTCOMES: dict[str, str] = {
    NoiseKind.BOUNCE: Outcome.BOUNCE,
    NoiseKind.AUTO_REPLY: Outcome.AUTO_REPLY,
}


@dataclass(frozen=True)
class Sent:
    """One corpus message as a sending server transmits it, and what it should become."""

    name: str
    raw: bytes
    envelope_from: str
    envelope_to: str
    expected: str  # an Outcome or a Quarantine

    @property
    def bounce(self) -> bool:
        return self.expected == Outcome.BOUNCE


def on_the_wire(raw: bytes) -> bytes:
    """``raw`` as SMTP carries it: CRLF line ends, ending with one (files keep bare LFs)."""
    wire = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\r\n")
    return wire if wire.endswith(b"\r\n") else wire + b"\r\n"


def author_of(raw: bytes) -> str:
    message = email.message_from_bytes(raw)
    return email.utils.parseaddr(str(message.get("From", "")))[1]


def corpus() -> list[Sent]:
    """Every message to send: bounces to the return path from the null sender, as mail
    systems send them; ordinary mail to the service's address from its author."""
    sent = []
    for path in corpora.flufl_bounce_files():
        kind = FLUFL_NOT_BOUNCES.get(path.name, NoiseKind.BOUNCE)
        raw = on_the_wire(path.read_bytes())
        envelope_from = "" if kind == NoiseKind.BOUNCE else author_of(raw)
        outcome = FLUFL_OUTCOMES.get(kind, Outcome.CASE_OPENED)
        sent.append(Sent(f"flufl-{path.stem}", raw, envelope_from, RETURN_PATH, outcome))
    # One mbox-like file: the first message, then one after each "From " line.
    ham = corpora.SPAMASSASSIN_HAM.read_bytes().split(b"\nFrom ")
    for number, chunk in enumerate(ham):
        raw = on_the_wire(chunk if number == 0 else chunk.partition(b"\n")[2])
        sent.append(Sent(f"ham-{number}", raw, author_of(raw), SERVICE, Outcome.CASE_OPENED))
    for path in corpora.cpython_email_files():
        raw = on_the_wire(path.read_bytes())
        expected = CPYTHON_OUTCOMES.get(path.stem, Outcome.CASE_OPENED)
        sent.append(Sent(f"cpython-{path.stem}", raw, author_of(raw), SERVICE, expected))
    assert len({message.raw for message in sent}) == len(sent), "no two are the same bytes"
    return sent


@pytest.fixture
def mailboxes_of_the_service(people, settings):
    settings.EMAIL_BOUNCE_ADDRESS = BOUNCES
    # Barry Warsaw wrote much of CPython's corpus within minutes: not a flood to hold back.
    settings.EMAIL_SENDER_LIMIT = 1000
    return {
        SERVICE: make_mailbox(people.customer_service, address=SERVICE),
        BOUNCES: make_mailbox(people.technical_service, address=BOUNCES),
    }


def process_in_order() -> dict[bytes, InboundEmail]:
    """Process every stored message as the worker would, in the order received; return them
    by their bytes."""
    for pk in InboundEmail.objects.order_by("pk").values_list("pk", flat=True):
        inbound.process(pk)
    return {bytes(row.raw): row for row in InboundEmail.objects.order_by("pk")}


def outcome_of(row: InboundEmail) -> str:
    return row.outcome if row.status == InboundStatus.PROCESSED else row.quarantine


# In one mailbox, a CPython message may answer another one sent before it, or repeat it.
SAME_CASE: dict[str, set[str]] = {
    Outcome.CASE_OPENED: {Outcome.CASE_OPENED, Outcome.MESSAGE_ADDED, Outcome.DUPLICATE}
}


def assert_each_became_what_it_is(sent: list[Sent], stored: dict[bytes, InboundEmail]) -> None:
    assert len(stored) == len(sent), "every message stored exactly once"
    wrong = []
    for message in sent:
        row = stored[message.raw]
        outcome = outcome_of(row)
        assert row.status != InboundStatus.PENDING, message.name
        assert row.quarantine != Quarantine.FAILED, (message.name, row.detail)
        if outcome not in SAME_CASE.get(message.expected, {message.expected}):
            wrong.append((message.name, message.expected, outcome, row.detail[:200]))
        if message.bounce and outcome == Outcome.BOUNCE:
            assert DeliveryReport.objects.filter(inbound=row).exists(), message.name
    assert not wrong, wrong


def test_every_corpus_message_sent_through_the_smtp_receiver_is_stored_once_and_processed(
    mailboxes_of_the_service,
):
    """smtplib sends each message in its own transaction, as a sending server would: each is
    acknowledged, stored exactly as sent with its envelope, and processed to what it is."""
    sent = corpus()
    with running_receiver(max_bytes=MAX_BYTES) as receiver:
        client = smtplib.SMTP(HOST, receiver.smtp_port, timeout=30)
        client.ehlo()
        for message in sent:
            client.mail(message.envelope_from)
            client.rcpt(message.envelope_to)
            code, reply = client.data(message.raw)
            assert (code, reply) == (250, b"2.0.0 Stored"), message.name
            client.rset()
        client.quit()

    stored = process_in_order()

    for message in sent:
        row = stored[message.raw]
        assert row.source == Source.SMTP
        assert row.envelope_to == [message.envelope_to], message.name
        expected_box = BOUNCES if message.envelope_to == RETURN_PATH else SERVICE
        assert row.mailbox == mailboxes_of_the_service[expected_box]
    assert_each_became_what_it_is(sent, stored)


def test_every_corpus_message_imported_from_a_maildir_is_stored_once_and_processed(
    mailboxes_of_the_service, tmp_path, capsys
):
    """A maildir as a delivery agent (Dovecot's, Postfix's local) writes it, with the
    Delivered-To line it adds: ``import_email`` stores each message once, even imported
    twice, and each is processed to what it is. Without an envelope, only the Delivered-To
    shows which came to the return path; ordinary mail carries none."""
    sent = [
        Sent(
            m.name,
            (f"Delivered-To: {m.envelope_to}\r\n".encode() if m.bounce else b"") + m.raw,
            m.envelope_from,
            m.envelope_to,
            m.expected,
        )
        for m in corpus()
    ]
    maildir = mailboxes.Maildir(tmp_path / "Maildir", create=True)
    for message in sent:
        maildir.add(message.raw)

    for _time in range(2):
        call_command("import_email", "--mailbox", SERVICE, str(tmp_path / "Maildir"))
    stored = process_in_order()

    assert f"{len(sent)} messages stored for {SERVICE}" in capsys.readouterr().out
    assert {row.source for row in stored.values()} == {Source.FILE}
    assert_each_became_what_it_is(sent, stored)
