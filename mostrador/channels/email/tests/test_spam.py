"""Spam: the receiving server's verdict in headers, a real rspamd or spamd we ask, and DMARC.

Spam goes to the Spam folder (quarantined, no case, nothing sent); suspicious mail opens its
case without a receipt; a filter that cannot answer loses no mail. The filters are real
processes on loopback (``mostrador.testing.spamfilters``), started once per module.
"""

from __future__ import annotations

import contextlib
import signal
import smtplib
import socket
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.test import TestCase

from mostrador.cases.models import Case
from mostrador.channels.email import services
from mostrador.channels.email.choices import InboundStatus, Outcome, Quarantine, SpamVerdict
from mostrador.channels.email.models import InboundEmail, OutboundEmail
from mostrador.channels.email.tests.factories import deliver, make_mailbox, write_email
from mostrador.testing.mailservers import HOST, free_ports, running
from mostrador.testing.processes import ProcessOutput, start_manage
from mostrador.testing.spamfilters import (
    GTUBE,
    RSPAMD,
    SPAMD,
    Rspamd,
    Spamd,
    rspamd_available,
    spamd_available,
)

pytestmark = pytest.mark.django_db

SAMPLES = Path("/usr/share/doc/spamassassin/examples")
TRUSTED = "mx.example.com"


@pytest.fixture(autouse=True)
def _no_spam_checks(settings):
    """Every test starts from nothing configured, whatever the machine's environment says."""
    settings.EMAIL_TRUST_SPAM_HEADERS = False
    settings.EMAIL_SPAM_SCANNER = ""
    settings.EMAIL_SPAM_SCANNER_TIMEOUT = 5
    settings.EMAIL_SPAM_SCORE = None
    settings.EMAIL_SUSPICIOUS_SCORE = 4.0
    settings.EMAIL_TRUSTED_AUTHSERV_IDS = []


@pytest.fixture
def mailbox(people):
    return make_mailbox(people.customer_service)  # atencio@example.com


@pytest.fixture(scope="module")
def rspamd():
    """A real rspamd for the module's tests; skipped loudly when it is not installed."""
    if not rspamd_available():
        pytest.skip(f"SPAM FILTER TEST SKIPPED: rspamd not found at {RSPAMD} (make mail-servers)")
    with Rspamd.start() as server:
        yield server
        started = server.processes()
    assert not [pid for pid in started if running(pid)], f"rspamd left processes behind: {started}"


@pytest.fixture(scope="module")
def spamd():
    """A real spamd for the module's tests; skipped loudly when it is not installed."""
    if not spamd_available():
        pytest.skip(
            f"SPAM FILTER TEST SKIPPED: spamd or its rules not found at {SPAMD} (make mail-servers)"
        )
    with Spamd.start() as server:
        yield server
        started = server.processes()
    assert not [pid for pid in started if running(pid)], f"spamd left processes behind: {started}"


@pytest.fixture
def scanned_by_rspamd(settings, rspamd):
    settings.EMAIL_SPAM_SCANNER = "rspamd"
    settings.EMAIL_SPAM_SCANNER_URL = rspamd.url
    return rspamd


@pytest.fixture
def scanned_by_spamd(settings, spamd):
    settings.EMAIL_SPAM_SCANNER = "spamd"
    settings.EMAIL_SPAM_SCANNER_URL = spamd.address
    return spamd


def sample(name: str) -> bytes:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(
            f"SPAM FILTER TEST SKIPPED: SpamAssassin's {path} not found (make mail-servers)"
        )
    return path.read_bytes()


def gtube_email() -> bytes:
    """An email bearing GTUBE, the test string every filter calls spam."""
    return write_email(subject="Guanyeu un creuer", body=f"Una oferta irrepetible:\n\n{GTUBE}\n")


def stamped(*headers: str, raw: bytes) -> bytes:
    """``raw`` with ``headers`` on top, as the receiving server writes its own."""
    return b"".join(f"{header}\r\n".encode() for header in headers) + raw


def signals(stored: InboundEmail) -> dict[str, dict[str, str]]:
    return {reason["signal"]: reason for reason in stored.reasons}


def spam_reasons(stored: InboundEmail) -> list[dict[str, str]]:
    """The reasons the spam checks gave (the first one, who wrote the message, is not)."""
    return [reason for reason in stored.reasons if reason["verdict"] in SpamVerdict.values]


def assert_in_spam_folder(stored: InboundEmail) -> None:
    assert stored.status == InboundStatus.QUARANTINED
    assert stored.quarantine == Quarantine.SPAM
    assert stored.case is None
    assert not Case.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def assert_answered(stored: InboundEmail) -> None:
    assert stored.status == InboundStatus.PROCESSED
    assert stored.outcome == Outcome.CASE_OPENED
    assert OutboundEmail.objects.filter(case=stored.case, kind="cases.receipt").count() == 1


def assert_not_answered(stored: InboundEmail) -> None:
    assert stored.status == InboundStatus.PROCESSED
    assert stored.outcome == Outcome.CASE_OPENED
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


# ---------------------------------------------------------------- the receiving server's headers

SPAMASSASSIN_YES = "X-Spam-Status: Yes, score=7.1 required=5.0 tests=GTUBE,NO_RELAYS autolearn=no"


def test_spam_headers_are_ignored_unless_the_install_trusts_them(mailbox):
    """A sender can write any X-Spam header: by default none counts, and mail is answered."""
    raw = stamped(
        "X-Spam-Flag: YES", SPAMASSASSIN_YES, "X-Rspamd-Action: reject", raw=write_email()
    )

    stored = deliver(raw, mailbox)

    assert_answered(stored)
    assert spam_reasons(stored) == []
    assert stored.spam_score is None


@pytest.mark.parametrize(
    ("header", "signal"),
    [
        ("X-Spam-Flag: YES", "X-Spam-Flag"),
        (SPAMASSASSIN_YES, "X-Spam-Status"),
        ("X-Spam: Yes", "X-Spam"),
        ("X-Rspamd-Action: add header", "X-Rspamd-Action"),
        (
            "X-Spamd-Result: default: True [16.20 / 15.00];\r\n\tGTUBE(0.00)[];\r\n\tMID_RHS_NOT_FQDN(0.50)[]",
            "X-Spamd-Result",
        ),
    ],
)
def test_a_trusted_spam_header_puts_the_message_in_the_spam_folder_naming_the_header(
    settings, mailbox, header, signal
):
    settings.EMAIL_TRUST_SPAM_HEADERS = True

    stored = deliver(stamped(header, raw=write_email()), mailbox)

    assert_in_spam_folder(stored)
    assert signals(stored)[signal]["verdict"] == "spam"
    assert stored.detail.startswith(f"{signal}: "), "the Spam folder says why"


def test_a_no_written_by_the_sender_cannot_override_the_servers_yes(settings, mailbox):
    """Every spam header counts and the most severe wins: a forged "No" takes nothing away."""
    settings.EMAIL_TRUST_SPAM_HEADERS = True
    raw = stamped(
        SPAMASSASSIN_YES, raw=write_email(headers={"X-Spam-Status": "No, score=-5.0 required=5.0"})
    )

    stored = deliver(raw, mailbox)

    assert_in_spam_folder(stored)
    verdicts = [r["verdict"] for r in stored.reasons if r["signal"] == "X-Spam-Status"]
    assert sorted(verdicts) == ["ham", "spam"]
    assert stored.spam_score == 7.1


def test_rspamds_headers_are_read_with_their_score_and_symbols(settings, mailbox):
    """X-Spamd-Result's verdict, score and symbols, and X-Rspamd-Action's action."""
    settings.EMAIL_TRUST_SPAM_HEADERS = True
    raw = stamped(
        "X-Spamd-Result: default: False [2.60 / 15.00];\r\n\tMID_RHS_NOT_FQDN(0.50)[];\r\n\tR_SPF_NA(0.00)[no SPF record]",
        "X-Rspamd-Action: no action",
        raw=write_email(),
    )

    stored = deliver(raw, mailbox)

    assert_answered(stored)
    found = signals(stored)
    assert found["X-Spamd-Result"] == {
        "verdict": "ham",
        "signal": "X-Spamd-Result",
        "detail": "score=2.60 required=15.00 symbols=MID_RHS_NOT_FQDN,R_SPF_NA",
    }
    assert found["X-Rspamd-Action"]["verdict"] == "ham"
    assert stored.spam_score == 2.6


# ---------------------------------------------------------------- thresholds


def test_a_score_over_the_suspicious_threshold_opens_the_case_without_a_receipt(settings, mailbox):
    settings.EMAIL_TRUST_SPAM_HEADERS = True
    settings.EMAIL_SPAM_SCORE = 8.0  # 4.5 is under it

    stored = deliver(stamped("X-Rspamd-Score: 4.5", raw=write_email()), mailbox)

    assert_not_answered(stored)
    reason = signals(stored)["X-Rspamd-Score"]
    assert reason["verdict"] == "suspicious"
    assert "EMAIL_SUSPICIOUS_SCORE 4" in reason["detail"]
    assert stored.spam_score == 4.5


def test_a_score_over_the_spam_threshold_is_spam_even_when_the_filter_said_no(settings, mailbox):
    settings.EMAIL_TRUST_SPAM_HEADERS = True
    settings.EMAIL_SPAM_SCORE = 6.0

    stored = deliver(
        stamped("X-Spam-Status: No, score=6.5 required=10.0", raw=write_email()), mailbox
    )

    assert_in_spam_folder(stored)
    reason = signals(stored)["X-Spam-Status"]
    assert reason["verdict"] == "spam"
    assert "EMAIL_SPAM_SCORE 6" in reason["detail"]


def test_a_score_under_both_thresholds_is_answered(settings, mailbox):
    settings.EMAIL_TRUST_SPAM_HEADERS = True
    settings.EMAIL_SPAM_SCORE = 6.0

    stored = deliver(stamped("X-Spam-Score: 3.9", raw=write_email()), mailbox)

    assert_answered(stored)
    assert signals(stored)["X-Spam-Score"]["verdict"] == "ham"


# ---------------------------------------------------------------- DMARC

DMARC_FAIL = "Authentication-Results: {server}; dmarc=fail (p=reject) header.from=example.cat"


def test_a_dmarc_failure_reported_by_our_server_opens_the_case_without_a_receipt(settings, mailbox):
    """The From may be forged: the case opens, but nothing goes to that address."""
    settings.EMAIL_TRUSTED_AUTHSERV_IDS = [TRUSTED]

    stored = deliver(stamped(DMARC_FAIL.format(server=TRUSTED), raw=write_email()), mailbox)

    assert_not_answered(stored)
    reason = signals(stored)["dmarc"]
    assert reason["verdict"] == "suspicious"
    assert reason["detail"].startswith(f"{TRUSTED}: dmarc=fail")


def test_a_dmarc_failure_reported_by_another_server_is_ignored(settings, mailbox):
    settings.EMAIL_TRUSTED_AUTHSERV_IDS = [TRUSTED]

    stored = deliver(
        stamped(DMARC_FAIL.format(server="mx.sender.example"), raw=write_email()), mailbox
    )

    assert_answered(stored)
    assert spam_reasons(stored) == []


# ---------------------------------------------------------------- released by an administrator


def test_an_administrator_releases_spam_and_it_opens_its_case_without_being_scanned_again(
    settings, people, mailbox
):
    """Released from the Spam folder, a message is processed as usual and answered: its spam
    headers are not read again, and no filter is asked (one that is down would say so)."""
    settings.EMAIL_TRUST_SPAM_HEADERS = True
    held = deliver(stamped("X-Spam-Flag: YES", raw=write_email()), mailbox)
    assert_in_spam_folder(held)
    assert signals(held)["X-Spam-Flag"]["verdict"] == "spam"
    settings.EMAIL_SPAM_SCANNER = "spamd"
    settings.EMAIL_SPAM_SCANNER_URL = f"{HOST}:{free_ports(1)[0]}"

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.reprocess_email(held, actor=people.admin)
    held.refresh_from_db()

    assert_answered(held)
    assert held.released
    assert {"verdict": "released", "signal": "administrator", "detail": ""} in held.reasons
    assert "scanner_unavailable" not in signals(held)
    assert "X-Spam-Flag" not in signals(held), "its headers were not read again"


def test_a_released_message_that_failed_dmarc_still_gets_no_receipt(settings, people, mailbox):
    settings.EMAIL_TRUST_SPAM_HEADERS = True
    settings.EMAIL_TRUSTED_AUTHSERV_IDS = [TRUSTED]
    raw = stamped(DMARC_FAIL.format(server=TRUSTED), "X-Spam-Flag: YES", raw=write_email())
    held = deliver(raw, mailbox)
    assert_in_spam_folder(held)

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.reprocess_email(held, actor=people.admin)
    held.refresh_from_db()

    assert_not_answered(held)
    assert [r["verdict"] for r in spam_reasons(held)] == ["released", "suspicious"]
    assert signals(held)["dmarc"]["verdict"] == "suspicious"


# ---------------------------------------------------------------- a scanner that is down


@contextlib.contextmanager
def silent_server():
    """A loopback port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.mark.parametrize("scanner", ["rspamd", "spamd"])
def test_mail_is_processed_when_nothing_answers_on_the_scanners_port(settings, mailbox, scanner):
    """Connection refused: the message opens its case and is answered, marked as not scanned."""
    port = free_ports(1)[0]
    settings.EMAIL_SPAM_SCANNER = scanner
    settings.EMAIL_SPAM_SCANNER_URL = (
        f"http://{HOST}:{port}" if scanner == "rspamd" else f"{HOST}:{port}"
    )

    stored = deliver(gtube_email(), mailbox)

    assert_answered(stored)
    reason = signals(stored)["scanner_unavailable"]
    assert reason["verdict"] == "unscanned"
    assert reason["detail"].startswith(f"{scanner} at ")
    assert stored.spam_score is None


@pytest.mark.parametrize("scanner", ["rspamd", "spamd"])
def test_mail_is_processed_when_the_scanner_does_not_answer_in_time(settings, mailbox, scanner):
    settings.EMAIL_SPAM_SCANNER = scanner
    settings.EMAIL_SPAM_SCANNER_TIMEOUT = 1
    with silent_server() as port:
        settings.EMAIL_SPAM_SCANNER_URL = (
            f"http://{HOST}:{port}" if scanner == "rspamd" else f"{HOST}:{port}"
        )
        stored = deliver(gtube_email(), mailbox)

    assert_answered(stored)
    assert "timed out" in signals(stored)["scanner_unavailable"]["detail"]


@pytest.mark.slow
def test_rspamd_named_where_spamd_listens_counts_as_unavailable(settings, spamd, mailbox):
    """A misconfiguration (rspamd's HTTP API asked at spamd's port) loses no mail. (The reverse
    is no misconfiguration: rspamd's worker answers SPAMC too, as spamd would.)"""
    settings.EMAIL_SPAM_SCANNER = "rspamd"
    settings.EMAIL_SPAM_SCANNER_URL = f"http://{spamd.address}"

    stored = deliver(gtube_email(), mailbox)

    assert_answered(stored)
    assert "SPAMD/1.0 76 Bad header line" in signals(stored)["scanner_unavailable"]["detail"]


# ---------------------------------------------------------------- a real rspamd


@pytest.mark.slow
def test_rspamd_rejects_gtube_and_the_message_goes_to_the_spam_folder(scanned_by_rspamd, mailbox):
    stored = deliver(gtube_email(), mailbox)

    assert_in_spam_folder(stored)
    reason = signals(stored)["rspamd"]
    assert reason["verdict"] == "spam"
    assert reason["detail"].startswith("action=reject score=15")
    assert "GTUBE" in reason["detail"]
    assert stored.spam_score == 15.0


@pytest.mark.slow
def test_rspamd_lets_ordinary_mail_through_and_it_is_answered(scanned_by_rspamd, mailbox):
    stored = deliver(write_email(), mailbox)

    assert_answered(stored)
    reason = signals(stored)["rspamd"]
    assert reason["verdict"] == "ham"
    assert reason["detail"].startswith("action=no action")
    assert stored.spam_score is not None
    assert stored.spam_score < 4


@pytest.mark.slow
def test_rspamd_passes_spamassassins_sample_nonspam_and_it_is_answered(scanned_by_rspamd, mailbox):
    """SpamAssassin's sample of ham, a newsletter, here sent to us alone (no Precedence: list,
    which would make it list mail, never answered)."""
    raw = sample("sample-nonspam.txt").replace(b"Precedence: list\n", b"")
    assert b"Precedence:" not in raw

    stored = deliver(raw, mailbox)

    assert_answered(stored)
    reason = signals(stored)["rspamd"]
    assert reason["verdict"] == "ham"
    assert reason["detail"].startswith("action=no action")
    assert stored.spam_score is not None


# ---------------------------------------------------------------- a real spamd


@pytest.mark.slow
def test_spamd_finds_gtube_spam_and_the_message_goes_to_the_spam_folder(scanned_by_spamd, mailbox):
    stored = deliver(gtube_email(), mailbox)

    assert_in_spam_folder(stored)
    reason = signals(stored)["spamd"]
    assert reason["verdict"] == "spam"
    assert "GTUBE" in reason["detail"]
    assert stored.spam_score is not None
    assert stored.spam_score >= 1000


@pytest.mark.slow
def test_spamd_finds_spamassassins_sample_spam_spam(scanned_by_spamd, mailbox):
    """The sample SpamAssassin ships: GTUBE again, in a message of its own making."""
    stored = deliver(sample("sample-spam.txt"), mailbox)

    assert_in_spam_folder(stored)
    assert signals(stored)["spamd"]["verdict"] == "spam"


@pytest.mark.slow
def test_spamd_passes_spamassassins_sample_nonspam_and_it_opens_a_case(scanned_by_spamd, mailbox):
    """As it came, from a mailing list: its case opens, without a receipt (list mail)."""
    stored = deliver(sample("sample-nonspam.txt"), mailbox)

    assert_not_answered(stored)
    assert signals(stored)["precedence:list"]["verdict"] == "automated"
    reason = signals(stored)["spamd"]
    assert reason["verdict"] == "ham"
    assert reason["detail"].startswith("score=")


@pytest.mark.slow
def test_spamd_lets_ordinary_mail_through_and_it_is_answered(scanned_by_spamd, mailbox):
    stored = deliver(write_email(), mailbox)

    assert_answered(stored)
    assert signals(stored)["spamd"]["verdict"] == "ham"


# ---------------------------------------------------------------- through the real receiver


@contextlib.contextmanager
def receiving(environment: dict[str, str]):
    """``manage.py receive_email`` on free loopback ports, with ``environment`` set."""
    smtp_port, lmtp_port = free_ports(2)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        process = start_manage(
            "receive_email", "--smtp", f"{HOST}:{smtp_port}", "--lmtp", f"{HOST}:{lmtp_port}"
        )
    output = ProcessOutput(process)
    try:
        output.wait_for(f"receiving SMTP on {HOST}:{smtp_port}")
        yield smtp_port
    finally:
        # A clean stop, not a kill: the receiver then writes out its coverage data.
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_gtube_through_the_smtp_receiver_and_a_worker_ends_in_the_spam_folder(rspamd, mailbox):
    """The whole way as in production: the receiver stores the message, a ``db_worker`` (both
    processes configured by environment) asks rspamd and files it in the Spam folder."""
    environment = {"EMAIL_SPAM_SCANNER": "rspamd", "EMAIL_SPAM_SCANNER_URL": rspamd.url}

    with receiving(environment) as port, smtplib.SMTP(HOST, port, timeout=10) as client:
        client.sendmail("nuria@example.cat", ["atencio@example.com"], gtube_email())
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        worker = start_manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    output, _ = worker.communicate(timeout=60)

    stored = InboundEmail.objects.get()
    assert stored.status == InboundStatus.QUARANTINED, output
    assert stored.quarantine == Quarantine.SPAM
    assert signals(stored)["rspamd"]["verdict"] == "spam"
    assert stored.envelope_from == "nuria@example.cat"
    assert not Case.objects.exists()
    assert not OutboundEmail.objects.exists()
