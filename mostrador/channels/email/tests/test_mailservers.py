"""The real mail servers the email channel is tested against do what its tests rely on."""

from __future__ import annotations

import shutil
import smtplib
import socket
import subprocess
import uuid
from email import message_from_bytes

import pytest

from mostrador.testing.mailservers import running

pytestmark = pytest.mark.slow


def make_message(subject: str, *, headers: str = "", marker: str = "") -> tuple[bytes, str]:
    """A raw message (CRLF, 8-bit UTF-8 body) and its Message-ID."""
    message_id = f"<{uuid.uuid4().hex}@example.test>"
    text = (
        f"From: Client <client@example.test>\r\nTo: sac@example.test\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\n{headers}MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        f"La rentadora no centrifuga. Gràcies! {marker}\r\n.a line that starts with a dot\r\n"
    )
    return text.encode(), message_id


def fetch_all(client) -> dict[str, bytes]:
    """Every message in INBOX, raw, by Message-ID."""
    client.select_folder("INBOX", readonly=True)
    fetched = client.fetch(client.search(), ["BODY.PEEK[]"])
    raw = [data[b"BODY[]"] for data in fetched.values()]
    return {message_from_bytes(body)["Message-ID"]: body for body in raw}


def test_swaks_and_lmtp_deliveries_reach_imap_byte_for_byte(dovecot, tmp_path):
    if shutil.which("swaks") is None:
        pytest.skip("MAIL SERVER TEST SKIPPED: swaks not found (make mail-servers)")
    marker = f"marker-{uuid.uuid4().hex}"
    by_swaks, swaks_id = make_message("By swaks", marker=marker)
    by_python, python_id = make_message("By smtplib", marker=marker)
    # swaks ends DATA with a line break of its own before the final dot.
    (tmp_path / "message.eml").write_bytes(by_swaks.removesuffix(b"\r\n"))
    swaks = subprocess.run(
        ["swaks", "--protocol", "LMTP", "--server", dovecot.host, "--port", str(dovecot.lmtp_port)]
        + ["--to", "sac@example.test", "--from", "client@example.test"]
        + ["--data", f"@{tmp_path / 'message.eml'}"],
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert swaks.returncode == 0, swaks.stdout + swaks.stderr
    dovecot.deliver(by_python, "sac@example.test")

    client = dovecot.imap("sac")
    stored = fetch_all(client)
    client.logout()

    # Dovecot prepends Return-Path, Delivered-To and Received; the rest is what was sent.
    assert stored[swaks_id].endswith(by_swaks)
    assert stored[python_id].endswith(by_python)
    assert marker.encode() in stored[swaks_id]
    assert marker.encode() in stored[python_id]


def test_server_offers_the_extensions_and_threads_a_reply_with_its_parent(dovecot):
    parent, parent_id = make_message("Washing machine")
    reply, _ = make_message(
        "Re: Washing machine", headers=f"In-Reply-To: {parent_id}\r\nReferences: {parent_id}\r\n"
    )
    unrelated, _ = make_message("Invoice")
    for raw in (parent, unrelated, reply):
        dovecot.deliver(raw, "sac@example.test")

    client = dovecot.imap("sac")
    capabilities = set(client.capabilities())
    client.select_folder("INBOX")
    threads = client.thread(algorithm="REFERENCES")
    client.logout()

    assert {b"IDLE", b"UIDPLUS", b"MOVE", b"THREAD=REFERENCES"} <= capabilities
    assert sorted(threads) == [(1, 3), (2,)]  # UIDs in delivery order


def test_idle_sees_a_new_delivery(dovecot):
    client = dovecot.imap("sac")
    client.select_folder("INBOX")
    client.idle()
    dovecot.deliver(make_message("While idling")[0], "sac@example.test")
    responses = client.idle_check(timeout=5)
    client.idle_done()
    client.logout()

    assert (1, b"EXISTS") in responses


def test_added_user_logs_in_and_stop_leaves_nothing_running(dovecot):
    dovecot.add_user("taller", "other-secret")
    dovecot.deliver(make_message("For the workshop")[0], "taller@example.test")
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        dovecot.deliver(make_message("Lost")[0], "nobody@example.test")
    client = dovecot.imap("taller")
    assert client.select_folder("INBOX")[b"EXISTS"] == 1
    client.logout()
    processes = dovecot.processes()

    dovecot.stop()

    assert len(processes) >= 4  # master, log, config, auth at least
    assert not any(running(pid) for pid in processes)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((dovecot.host, dovecot.imap_port), timeout=1)
    assert "saved mail to INBOX" in dovecot.log()


def test_sink_records_the_envelope_and_the_raw_message(smtp_sink):
    raw, _ = make_message("To the outside")
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port, timeout=10) as smtp:
        smtp.sendmail("sac@example.test", ["client@example.test", "cc@example.test"], raw)

    [received] = smtp_sink.wait_for(1)
    assert received.mail_from == "sac@example.test"
    assert received.rcpt_tos == ["client@example.test", "cc@example.test"]
    assert received.data == raw


def test_sink_refuses_and_defers_the_recipients_it_is_told_to(smtp_sink):
    smtp_sink.respond("gone@example.test", "550 5.1.1 No such user")
    smtp_sink.respond("busy@example.test", "451 4.3.0 Try later")
    raw, _ = make_message("Reply")
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port, timeout=10) as smtp:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            smtp.sendmail("sac@example.test", ["gone@example.test"], raw)
        deferred = smtp.sendmail("sac@example.test", ["busy@example.test", "ok@example.test"], raw)

    assert refused.value.recipients == {"gone@example.test": (550, b"5.1.1 No such user")}
    assert deferred == {"busy@example.test": (451, b"4.3.0 Try later")}
    [received] = smtp_sink.wait_for(1)
    assert received.rcpt_tos == ["ok@example.test"]


def test_stopped_sink_refuses_connections_and_restarts_on_the_same_port(smtp_sink):
    port = smtp_sink.port
    smtp_sink.stop()
    with pytest.raises(ConnectionRefusedError):
        smtplib.SMTP(smtp_sink.host, port, timeout=5)

    smtp_sink.start()
    with smtplib.SMTP(smtp_sink.host, port, timeout=10) as smtp:
        smtp.sendmail("sac@example.test", ["client@example.test"], make_message("Again")[0])

    assert smtp_sink.port == port
    assert len(smtp_sink.wait_for(1)) == 1
