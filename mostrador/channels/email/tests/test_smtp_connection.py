"""A worker keeps its connection to the mail server between emails, and finds a new one when
the server dropped it: measured on a real SMTP server."""

import email
import email.policy

import pytest
from django.core.mail import EmailMessage
from django.test import override_settings

from mostrador.channels.email import smtp as connection

pytestmark = [pytest.mark.slow]


def _send(n):
    connection.send(EmailMessage(f"Avís {n}", "Text", "sac@example.cat", ["nuria@example.cat"]))


def _subjects(received):
    return [
        email.message_from_bytes(m.data, policy=email.policy.default)["Subject"] for m in received
    ]


def test_emails_sent_one_after_another_share_one_connection(smtp):
    for n in range(3):
        _send(n)
    received = smtp.wait_for(3)
    assert _subjects(received) == ["Avís 0", "Avís 1", "Avís 2"]
    assert len({message.peer for message in received}) == 1


def test_a_connection_the_server_dropped_is_replaced_and_the_email_sent_once(smtp):
    _send(1)
    smtp.stop()  # the server goes away, and with it the connection the worker kept
    smtp.start()
    _send(2)
    received = smtp.wait_for(2)
    assert _subjects(received) == ["Avís 1", "Avís 2"]
    assert received[0].peer != received[1].peer


def test_without_keepalive_every_email_has_its_own_connection(smtp):
    with override_settings(EMAIL_KEEPALIVE_SECONDS=0):
        _send(1)
        _send(2)
    received = smtp.wait_for(2)
    assert received[0].peer != received[1].peer
