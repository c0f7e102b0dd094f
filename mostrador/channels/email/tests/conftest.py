"""Fixtures for the email channel's tests: real mail servers on loopback."""

from __future__ import annotations

import pytest

from mostrador.core.testing.mailservers import DOVECOT, Dovecot, SMTPSink, dovecot_available


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
