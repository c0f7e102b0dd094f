"""Fixtures for the email channel's tests: real mail servers on loopback."""

from __future__ import annotations

import pytest
from django.test import override_settings

from mostrador.channels.email import credentials
from mostrador.channels.email.choices import Protocol, Security
from mostrador.channels.email.tests.factories import make_mailbox
from mostrador.testing.mailservers import DOVECOT, Dovecot, SMTPSink, dovecot_available


@pytest.fixture
def dovecot():
    """A running Dovecot with one user, ``sac``/``secret`` (mail to sac@ any domain reaches it).

    Skipped loudly when Dovecot is not installed.
    """
    if not dovecot_available():
        pytest.skip(f"MAIL SERVER TEST SKIPPED: Dovecot not found at {DOVECOT} (make mail-servers)")
    with Dovecot.start({"sac": "secret"}) as server:
        yield server


@pytest.fixture
def smtp_sink():
    """A running SMTP server that records every message it receives."""
    with SMTPSink().start() as sink:
        yield sink


@pytest.fixture
def smtp(smtp_sink):
    """Mostrador sends through the real SMTP server ``smtp_sink``."""
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": smtp_sink.host, "port": smtp_sink.port, "timeout": 5},
        }
    }
    with override_settings(MAILERS=mailers):
        yield smtp_sink


@pytest.fixture
def imap_mailbox(people, dovecot):
    """The customer service mailbox, polled over IMAP from ``dovecot``'s user ``sac``."""
    return make_mailbox(
        people.customer_service,
        protocol=Protocol.IMAP,
        imap_host=dovecot.host,
        imap_port=dovecot.imap_port,
        imap_security=Security.NONE,
        imap_username="sac",
        imap_password_encrypted=credentials.encrypt("secret"),
    )
