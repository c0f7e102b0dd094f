"""The SMTP/LMTP receiver as a mail server meets it: a real ``receive_email`` process, spoken to
by real mail clients (swaks, msmtp) and by smtplib where the exact replies matter."""

from __future__ import annotations

import contextlib
import shutil
import signal
import smtplib
import socket
import struct
import subprocess
import time

import pytest

from mostrador.channels.email import inbound
from mostrador.channels.email.choices import InboundStatus, Outcome, Source
from mostrador.channels.email.models import InboundEmail
from mostrador.channels.email.tests.factories import make_mailbox, write_email
from mostrador.testing.mailservers import free_ports
from mostrador.testing.processes import ProcessOutput, start_manage

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

HOST = "127.0.0.1"
MAX_BYTES = 20_000
# Longer than RFC 5321's 1000, shorter than MAX_BYTES: a line over it is refused for its length.
MAX_LINE = 10_000
CUSTOMER = "nuria@example.cat"


class Receiver:
    """A running ``manage.py receive_email`` and its output, read on a thread."""

    def __init__(self, smtp_port: int, lmtp_port: int) -> None:
        self.smtp_port, self.lmtp_port = smtp_port, lmtp_port
        self.process = start_manage(
            "receive_email", "--smtp", f"{HOST}:{smtp_port}", "--lmtp", f"{HOST}:{lmtp_port}"
        )
        self.output = ProcessOutput(self.process)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        return self.output.wait_for(text, timeout)


@pytest.fixture
def mailboxes(people):
    return (
        make_mailbox(people.customer_service),  # atencio@example.com
        make_mailbox(people.technical_service, address="sat@example.com"),
    )


@contextlib.contextmanager
def running_receiver(*, max_bytes: int = MAX_BYTES, max_line: int = MAX_LINE):
    """The receiver on two free loopback ports, SMTP and LMTP, refusing messages over
    ``max_bytes`` and lines over ``max_line`` bytes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EMAIL_MAX_BYTES", str(max_bytes))
        patch.setenv("EMAIL_RECEIVER_MAX_LINE", str(max_line))
        running = Receiver(*free_ports(2))
    try:
        running.wait_for(f"receiving SMTP on {HOST}:{running.smtp_port}")
        running.wait_for(f"receiving LMTP on {HOST}:{running.lmtp_port}")
        yield running
    finally:
        # A clean stop, not a kill: the receiver then writes out its coverage data.
        if running.process.poll() is None:
            running.process.send_signal(signal.SIGTERM)
            try:
                running.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                running.process.kill()
                running.process.wait()


@pytest.fixture(scope="module")
def receiver(django_db_setup):
    """One receiver for the module's tests: it looks mailboxes up at each RCPT, so the rows
    each test makes (and the flush after it) are what it sees."""
    with running_receiver() as running:
        yield running


def swaks(port: int, *args: str, lmtp: bool = False) -> subprocess.CompletedProcess[str]:
    protocol = ["--protocol", "LMTP"] if lmtp else []
    return subprocess.run(  # noqa: S603  (a fixed client on loopback)
        ["swaks", "--server", HOST, "--port", str(port), *protocol, *args],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )


def as_data_file(tmp_path, raw: bytes, name: str = "message.eml") -> str:
    """``raw`` as a file for ``swaks --data @file``; swaks ends DATA with a line break of its
    own before the final dot, so the file leaves it out and the server gets ``raw`` exactly."""
    path = tmp_path / name
    path.write_bytes(raw.removesuffix(b"\r\n"))
    return f"@{path}"


def process_all() -> list[InboundEmail]:
    """Do what the worker would: process every stored message, in the order received."""
    rows = list(InboundEmail.objects.order_by("pk"))
    for row in rows:
        inbound.process(row.pk)
    return [InboundEmail.objects.select_related("case", "case_message").get(pk=r.pk) for r in rows]


@pytest.fixture(autouse=True)
def _clients_installed():
    missing = [name for name in ("swaks", "msmtp") if shutil.which(name) is None]
    if missing:
        pytest.skip(f"MAIL CLIENT TEST SKIPPED: {', '.join(missing)} not found (make mail-servers)")


def test_mail_over_smtp_and_over_lmtp_is_stored_as_sent_with_its_envelope_and_opens_cases(
    receiver, mailboxes, tmp_path
):
    """swaks delivers one message over SMTP and another over LMTP: each is acknowledged, stored
    byte for byte with how it came and its envelope, and opens a case of its own."""
    by_smtp = write_email(subject="Per SMTP", body="La rentadora no centrifuga.\n")
    by_lmtp = write_email(subject="Per LMTP", body="El rentaplats no escalfa.\n")

    smtp = swaks(
        receiver.smtp_port,
        *("--to", "atencio@example.com", "--from", CUSTOMER),
        *("--data", as_data_file(tmp_path, by_smtp, "smtp.eml")),
    )
    lmtp = swaks(
        receiver.lmtp_port,
        *("--to", "atencio@example.com", "--from", CUSTOMER),
        *("--data", as_data_file(tmp_path, by_lmtp, "lmtp.eml")),
        lmtp=True,
    )

    assert smtp.returncode == 0, smtp.stdout + smtp.stderr
    assert "250 2.0.0 Stored" in smtp.stdout
    assert lmtp.returncode == 0, lmtp.stdout + lmtp.stderr
    assert "250 2.0.0 Stored" in lmtp.stdout
    stored = {row.source: row for row in InboundEmail.objects.all()}
    assert set(stored) == {Source.SMTP, Source.LMTP}
    assert bytes(stored[Source.SMTP].raw) == by_smtp
    assert bytes(stored[Source.LMTP].raw) == by_lmtp
    for row in stored.values():
        assert row.mailbox == mailboxes[0]
        assert row.envelope_from == CUSTOMER
        assert row.envelope_to == ["atencio@example.com"]
        assert row.status == InboundStatus.PENDING, "the receiver only stores; a worker processes"
    processed = process_all()
    assert [row.outcome for row in processed] == [Outcome.CASE_OPENED] * 2
    assert processed[0].case != processed[1].case
    assert {row.case.subject for row in processed} == {"Per SMTP", "Per LMTP"}


def test_a_recipient_that_is_no_mailbox_is_refused_with_550_and_nothing_is_stored(
    receiver, mailboxes, tmp_path
):
    """RCPT to an address no active mailbox has gets 550 at once, so the sending server tells
    its sender; the message is never taken, over SMTP or LMTP."""
    with smtplib.SMTP(HOST, receiver.smtp_port, timeout=10) as client:
        client.ehlo()
        client.mail(CUSTOMER)
        code, reply = client.rcpt("ningu@example.com")
        assert (code, reply) == (550, b"5.1.1 No such mailbox here")
        # Nor does a mailbox's domain make any address there ours.
        assert client.rcpt("atencio.client@example.com")[0] == 550
    refused = swaks(
        receiver.lmtp_port,
        *("--to", "ningu@example.com", "--from", CUSTOMER),
        *("--data", as_data_file(tmp_path, write_email(to="ningu@example.com"))),
        lmtp=True,
    )

    assert refused.returncode != 0
    assert "550 5.1.1 No such mailbox here" in refused.stdout
    assert not InboundEmail.objects.exists()


def test_lmtp_answers_each_recipient_and_two_mailboxes_get_one_case_message(receiver, mailboxes):
    """One LMTP transaction for two mailboxes gets one reply per recipient after DATA; the
    message is stored for each mailbox, and processing makes one case message of it: the
    second copy is recognised as a duplicate of the first."""
    raw = write_email(to="atencio@example.com, sat@example.com")
    with smtplib.LMTP(HOST, receiver.lmtp_port, timeout=10) as client:
        assert client.ehlo()[0] == 250  # smtplib's LMTP says LHLO here
        assert client.mail(CUSTOMER)[0] == 250
        assert client.rcpt("atencio@example.com")[0] == 250
        assert client.rcpt("sat@example.com")[0] == 250
        first = client.data(raw)
        # LMTP: one more reply follows for the second recipient.
        second = client.getreply()

    assert first == (250, b"2.0.0 Stored")
    assert second == (250, b"2.0.0 Stored")
    rows = {row.mailbox: row for row in InboundEmail.objects.all()}
    assert set(rows) == set(mailboxes)
    for row in rows.values():
        assert row.source == Source.LMTP
        assert row.envelope_to == ["atencio@example.com", "sat@example.com"]
        assert bytes(row.raw) == raw
    opened, copy = process_all()
    assert opened.outcome == Outcome.CASE_OPENED
    assert copy.outcome == Outcome.DUPLICATE
    assert copy.duplicate_of == opened
    assert copy.case == opened.case
    assert copy.case_message is None
    assert opened.case.messages.count() == 1


def test_a_tagged_address_reaches_its_mailbox(receiver, mailboxes, tmp_path):
    """msmtp sends to atencio+factures@example.com: the atencio@example.com mailbox gets it,
    with the tagged address kept in the envelope."""
    raw = write_email(to="atencio+factures@example.com", subject="Factura duplicada")
    path = tmp_path / "message.eml"
    path.write_bytes(raw)
    with path.open("rb") as message:
        msmtp = subprocess.run(  # noqa: S603  (a fixed client on loopback)
            ["msmtp", "--file=/dev/null", f"--host={HOST}", f"--port={receiver.smtp_port}"]
            + ["--auth=off", "--tls=off", f"--from={CUSTOMER}", "atencio+factures@example.com"],
            stdin=message,
            capture_output=True,
            timeout=20,
            check=False,
        )

    assert msmtp.returncode == 0, msmtp.stdout + msmtp.stderr
    row = InboundEmail.objects.get()
    assert row.mailbox == mailboxes[0]
    assert row.envelope_to == ["atencio+factures@example.com"]
    assert bytes(row.raw) == raw
    [processed] = process_all()
    assert processed.outcome == Outcome.CASE_OPENED
    assert processed.case.department == mailboxes[0].department


def test_a_message_over_the_size_limit_is_refused_with_552_and_not_stored(
    receiver, mailboxes, tmp_path
):
    """A message over EMAIL_MAX_BYTES is refused with 552 after its DATA (the sending server
    bounces it to its sender), over SMTP and LMTP; one under the limit still gets in."""
    big = write_email(body="Adjunto el manual escanejat.\n" + ("x" * 70 + "\n") * 400)
    assert len(big) > MAX_BYTES
    with smtplib.SMTP(HOST, receiver.smtp_port, timeout=10) as client:
        client.ehlo()
        assert client.has_extn("size")
        assert client.esmtp_features["size"] == str(MAX_BYTES), "the limit is announced"
        # No SIZE= on MAIL FROM, as a client that ignores the announcement: the data is
        # refused at its end.
        assert client.mail(CUSTOMER)[0] == 250
        assert client.rcpt("atencio@example.com")[0] == 250
        code, _reply = client.data(big)
    refused = swaks(
        receiver.lmtp_port,
        *("--to", "atencio@example.com", "--from", CUSTOMER),
        *("--data", as_data_file(tmp_path, big)),
        lmtp=True,
    )

    assert code == 552
    assert refused.returncode != 0
    assert "552" in refused.stdout, refused.stdout
    assert not InboundEmail.objects.exists()
    small = swaks(receiver.smtp_port, "--to", "atencio@example.com", "--from", CUSTOMER)
    assert small.returncode == 0, small.stdout
    assert InboundEmail.objects.count() == 1


def test_a_message_sent_again_after_a_lost_connection_is_stored_once(receiver, mailboxes):
    """A client whose connection drops after it sent the whole message, before it read the
    answer, sends the same bytes again later: it gets 250 again and the message is stored
    once."""
    raw = write_email()
    lost = socket.create_connection((HOST, receiver.smtp_port), timeout=10)
    reader = lost.makefile("rb")
    assert reader.readline().startswith(b"220")
    for command in (b"HELO client.example.cat", f"MAIL FROM:<{CUSTOMER}>".encode()):
        lost.sendall(command + b"\r\n")
        assert reader.readline().startswith(b"250")
    lost.sendall(b"RCPT TO:<atencio@example.com>\r\n")
    assert reader.readline().startswith(b"250")
    lost.sendall(b"DATA\r\n")
    assert reader.readline().startswith(b"354")
    lost.sendall(raw + b".\r\n")
    # The receiver commits and answers; the client never reads the answer: the connection
    # is reset (SO_LINGER 0 sends RST), as when a network drops between the two.
    deadline = time.monotonic() + 10
    while not InboundEmail.objects.exists():
        assert time.monotonic() < deadline, "the message was never stored"
        time.sleep(0.05)
    lost.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    reader.close()
    lost.close()

    with smtplib.SMTP(HOST, receiver.smtp_port, timeout=10) as client:
        refused = client.sendmail(CUSTOMER, ["atencio@example.com"], raw)
        assert refused == {}, "sent again, it is acknowledged again"

    row = InboundEmail.objects.get()
    assert bytes(row.raw) == raw
    assert InboundEmail.objects.filter(mailbox=mailboxes[0]).count() == 1
    [processed] = process_all()
    assert processed.outcome == Outcome.CASE_OPENED


def with_long_line(length: int) -> bytes:
    """A message whose body is one line of ``length`` bytes with its CRLF, sent as 8-bit text
    (a mail client's unwrapped HTML, a pasted log): no transfer encoding folds it."""
    head = (
        f"From: Núria Puig <{CUSTOMER}>\r\nTo: atencio@example.com\r\n"
        "Subject: El registre sencer\r\nMessage-ID: <long-line@example.cat>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode()
    line = ("Registre de l'assecadora, pàgina 1: ".encode() + b"0123456789" * length)[: length - 2]
    line += b"\r\n"
    assert len(line) == length
    return head + line + b"\r\nNuria\r\n"


def test_a_line_longer_than_rfc_5321s_but_within_the_limit_is_accepted_and_stored_exactly(
    receiver, mailboxes
):
    """Real mail has lines over 1000 bytes: one of 5,000 (of 8-bit text), in a message with a
    line that starts with a dot, is acknowledged over SMTP and LMTP and stored byte for byte."""
    raw = with_long_line(5_000).replace(b"\r\nNuria", b"\r\n.Nuria", 1)
    with smtplib.SMTP(HOST, receiver.smtp_port, timeout=10) as client:
        client.ehlo()
        assert client.mail(CUSTOMER)[0] == 250
        assert client.rcpt("atencio@example.com")[0] == 250
        by_smtp = client.data(raw)
    with smtplib.LMTP(HOST, receiver.lmtp_port, timeout=10) as client:
        client.ehlo()
        assert client.mail(CUSTOMER)[0] == 250
        assert client.rcpt("sat@example.com")[0] == 250
        by_lmtp = client.data(raw)

    assert by_smtp == (250, b"2.0.0 Stored")
    assert by_lmtp == (250, b"2.0.0 Stored")
    rows = list(InboundEmail.objects.order_by("pk"))
    assert [row.source for row in rows] == [Source.SMTP, Source.LMTP]
    assert [bytes(row.raw) for row in rows] == [raw, raw]
    opened, copy = process_all()
    assert opened.outcome == Outcome.CASE_OPENED
    assert copy.outcome == Outcome.DUPLICATE
    assert "Registre de l'assecadora, pàgina 1: 0123456789" in opened.case_message.body


def test_a_line_over_the_receivers_limit_is_refused_with_500_and_nothing_is_stored(
    receiver, mailboxes
):
    """A line over EMAIL_RECEIVER_MAX_LINE, in a message under EMAIL_MAX_BYTES, is refused
    after the data with a permanent 500 (the sending server tells its sender), over SMTP and
    LMTP; the connection stays usable and the next message gets in."""
    raw = with_long_line(MAX_LINE + 1)
    assert len(raw) < MAX_BYTES, "refused for its line, not its size"
    with smtplib.SMTP(HOST, receiver.smtp_port, timeout=10) as client:
        client.ehlo()
        assert client.mail(CUSTOMER)[0] == 250
        assert client.rcpt("atencio@example.com")[0] == 250
        code, reply = client.data(raw)
        assert (code, reply) == (500, b"Line too long (see RFC5321 4.5.3.1.6)")
        client.rset()
        assert client.sendmail(CUSTOMER, ["atencio@example.com"], with_long_line(MAX_LINE)) == {}
    with smtplib.LMTP(HOST, receiver.lmtp_port, timeout=10) as client:
        client.ehlo()
        assert client.mail(CUSTOMER)[0] == 250
        assert client.rcpt("atencio@example.com")[0] == 250
        assert client.data(raw)[0] == 500

    [stored] = InboundEmail.objects.all()
    assert bytes(stored.raw) == with_long_line(MAX_LINE), "only the line within the limit"


def test_a_size_declared_over_the_limit_is_refused_with_552_at_mail_from(receiver, mailboxes):
    """A client that reads the SIZE announced and declares a bigger message (RFC 1870) is
    refused at MAIL FROM, before it sends anything; a size within the limit is accepted."""
    with smtplib.SMTP(HOST, receiver.smtp_port, timeout=10) as client:
        client.ehlo()
        code, reply = client.mail(CUSTOMER, [f"SIZE={MAX_BYTES + 1}"])
        assert code == 552, reply
        client.rset()
        assert client.mail(CUSTOMER, [f"SIZE={MAX_BYTES}"])[0] == 250
    with smtplib.LMTP(HOST, receiver.lmtp_port, timeout=10) as client:
        client.ehlo()
        assert client.mail(CUSTOMER, [f"SIZE={MAX_BYTES * 10}"])[0] == 552

    assert not InboundEmail.objects.exists()


def test_the_receiver_stops_cleanly_on_sigterm(mailboxes):
    """SIGTERM (what systemd and Docker send) stops the receiver, with a client still
    connected, exiting 0; afterwards nothing listens on its ports."""
    with running_receiver() as receiver:
        idle = smtplib.SMTP(HOST, receiver.smtp_port, timeout=10)
        idle.ehlo()

        receiver.process.send_signal(signal.SIGTERM)
        returncode = receiver.process.wait(timeout=15)

        assert returncode == 0, receiver.output.text()
        assert "receiver stopped" in receiver.output.text()
        for port in (receiver.smtp_port, receiver.lmtp_port):
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection((HOST, port), timeout=5).close()
        idle.close()
