"""Polling a real IMAP server (Dovecot): stored first, then moved or flagged, never twice."""

import threading
import time

import pytest

from mostrador.cases.models import Case, Message
from mostrador.channels.email import credentials, imap
from mostrador.channels.email.choices import AfterFetch, Outcome
from mostrador.channels.email.models import InboundEmail
from mostrador.channels.email.tests.factories import write_email

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def mailbox(imap_mailbox):
    return imap_mailbox


def folder_uids(dovecot, folder):
    client = dovecot.imap("sac")
    try:
        client.select_folder(folder)
        return client.search("ALL")
    finally:
        client.logout()


def test_polling_stores_processes_and_moves_each_message(dovecot, mailbox):
    dovecot.deliver(write_email(subject="Primer"), "sac@example.com")
    dovecot.deliver(write_email(subject="Segon", body="Una altra qüestió."), "sac@example.com")

    assert imap.poll(mailbox.pk) == 2

    assert sorted(Case.objects.values_list("subject", flat=True)) == ["Primer", "Segon"]
    assert folder_uids(dovecot, "INBOX") == []
    assert len(folder_uids(dovecot, "Mostrador")) == 2
    mailbox.refresh_from_db()
    assert mailbox.last_polled_at is not None
    assert mailbox.last_error == ""


def test_a_message_stored_but_not_yet_moved_is_not_stored_twice(dovecot, mailbox):
    dovecot.deliver(write_email(), "sac@example.com")
    client = dovecot.imap("sac")
    try:
        client.select_folder("INBOX")
        [uid] = client.search("ALL")
        raw = client.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"]
    finally:
        client.logout()
    # The poller died after storing it and before moving it.
    from mostrador.channels.email import inbound

    inbound.receive(bytes(raw), mailbox, source="imap", imap_uid=uid)

    imap.poll(mailbox.pk)

    assert InboundEmail.objects.count() == 1
    assert Message.objects.count() == 1
    assert folder_uids(dovecot, "INBOX") == []


def test_in_flag_mode_messages_stay_marked_and_only_new_ones_are_fetched(dovecot, mailbox):
    mailbox.after_fetch = AfterFetch.FLAG
    mailbox.save()
    dovecot.deliver(write_email(subject="Primer"), "sac@example.com")
    assert imap.poll(mailbox.pk) == 1

    dovecot.deliver(write_email(subject="Segon", body="Més coses."), "sac@example.com")
    assert imap.poll(mailbox.pk) == 1
    assert imap.poll(mailbox.pk) == 0

    client = dovecot.imap("sac")
    try:
        client.select_folder("INBOX")
        flags = client.get_flags(client.search("ALL"))
    finally:
        client.logout()
    assert all(b"\\Seen" in f and b"\\Flagged" in f for f in flags.values())
    assert Case.objects.count() == 2


def test_a_wrong_password_is_recorded_on_the_mailbox(dovecot, mailbox):
    mailbox.imap_password_encrypted = credentials.encrypt("wrong")
    mailbox.save()

    assert imap.poll(mailbox.pk) == 0

    mailbox.refresh_from_db()
    assert "LoginError" in mailbox.last_error or "authentication" in mailbox.last_error.lower()
    assert mailbox.last_error_at is not None


def test_the_password_can_come_from_the_environment(dovecot, mailbox, monkeypatch):
    monkeypatch.setenv("SAC_IMAP_PASSWORD", "secret")
    mailbox.imap_password_env = "SAC_IMAP_PASSWORD"
    mailbox.imap_password_encrypted = ""
    mailbox.save()
    dovecot.deliver(write_email(), "sac@example.com")

    assert imap.poll(mailbox.pk) == 1


def test_the_watcher_fetches_new_mail_as_soon_as_it_arrives_with_idle(dovecot, mailbox):
    stop = threading.Event()
    fetched = []
    watcher = threading.Thread(
        target=imap.watch, args=(mailbox.pk,), kwargs={"stop": stop, "on_fetch": fetched.append}
    )
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while not fetched and time.monotonic() < deadline:
            time.sleep(0.05)  # the first fetch, before waiting with IDLE
        started = time.monotonic()
        dovecot.deliver(write_email(subject="Ara mateix"), "sac@example.com")
        while not Case.objects.filter(subject="Ara mateix").exists():
            assert time.monotonic() - started < 10, "not fetched within 10 s"
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(timeout=15)
    assert not watcher.is_alive()
    assert time.monotonic() - started < 5, "IDLE, not the poll interval, brought it in"
    assert InboundEmail.objects.get().outcome == Outcome.CASE_OPENED


def test_the_encrypted_password_is_not_the_password():
    token = credentials.encrypt("secret")

    assert "secret" not in token
    assert credentials.decrypt(token) == "secret"
