"""Fetching mail from IMAP mailboxes: polled by the scheduler, or watched with IDLE.

Each message is stored (``inbound.receive`` commits it) before the server is told anything,
and only then moved to the processed folder or flagged. A poller that dies in between leaves
the message where it was; the next poll fetches it again and ``receive`` recognises it, so it
is neither lost nor stored twice.
"""

from __future__ import annotations

import logging
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import close_old_connections, connections
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from mostrador.channels.email import credentials, inbound
from mostrador.channels.email.choices import AfterFetch, Protocol, Security, Source
from mostrador.channels.email.models import Mailbox
from mostrador.core import timeutils

logger = logging.getLogger(__name__)

_BATCH = 25
# Servers drop an IDLE after 30 minutes (RFC 2177); renew well before.
_IDLE_SECONDS = 300
_MARKS = [b"\\Seen", b"\\Flagged"]


@contextmanager
def connect(mailbox: Mailbox) -> Iterator[IMAPClient]:
    """An IMAP connection to ``mailbox``, logged in; logged out and closed afterwards."""
    tls = mailbox.imap_security == Security.TLS
    port = mailbox.imap_port or (993 if tls else 143)
    context = ssl.create_default_context()
    client = IMAPClient(mailbox.imap_host, port=port, ssl=tls, ssl_context=context, timeout=60)
    try:
        if mailbox.imap_security == Security.STARTTLS:
            client.starttls(context)
        client.login(mailbox.imap_username or mailbox.address, credentials.password(mailbox))
        yield client
    finally:
        try:
            client.logout()
        except (IMAPClientError, OSError):
            client.shutdown()


def poll(mailbox_id: int) -> int:
    """Fetch the new mail of one mailbox; return how many messages were stored.

    A connection or login failure is recorded on the mailbox (shown in the admin) and the
    next poll tries again.
    """
    mailbox = Mailbox.objects.filter(pk=mailbox_id, is_active=True, protocol=Protocol.IMAP).first()
    if mailbox is None:
        return 0
    try:
        with connect(mailbox) as client:
            stored = fetch_new(client, mailbox)
    except Exception as exc:  # noqa: BLE001  (any failure is recorded on the mailbox and retried)
        _record_error(mailbox, exc)
        return 0
    return stored


def fetch_new(client: IMAPClient, mailbox: Mailbox) -> int:
    """Store every message not yet stored from the mailbox's folder, then move or flag it."""
    selected = client.select_folder(mailbox.imap_folder)
    uidvalidity = int(selected.get(b"UIDVALIDITY", 0))
    moving = mailbox.after_fetch == AfterFetch.MOVE and bool(mailbox.processed_folder)
    if moving and not client.folder_exists(mailbox.processed_folder):
        client.create_folder(mailbox.processed_folder)
    last_uid = mailbox.last_uid if mailbox.uidvalidity == uidvalidity else 0
    # When messages are moved away, everything left is new (or was stored but not moved yet,
    # which ``receive`` recognises); when they stay, the UID says what is new.
    criteria = ["ALL"] if moving else ["UID", f"{last_uid + 1}:*"]
    uids = sorted(uid for uid in client.search(criteria) if moving or uid > last_uid)
    stored = 0
    for start in range(0, len(uids), _BATCH):
        batch = uids[start : start + _BATCH]
        fetched = client.fetch(batch, ["BODY.PEEK[]"])
        done = []
        for uid in batch:
            raw = fetched.get(uid, {}).get(b"BODY[]")
            if raw is None:
                continue  # expunged meanwhile by someone else
            inbound.receive(bytes(raw), mailbox, source=Source.IMAP, imap_uid=uid)
            done.append(uid)
            stored += 1
        _after_storing(client, mailbox, done, moving=moving)
        _advance(mailbox, uidvalidity=uidvalidity, last_uid=max(batch))
    _advance(mailbox, uidvalidity=uidvalidity, last_uid=max([last_uid, *uids]), polled=True)
    return stored


def _after_storing(client: IMAPClient, mailbox: Mailbox, uids: list[int], *, moving: bool) -> None:
    if not uids:
        return
    if not moving:
        client.add_flags(uids, _MARKS, silent=True)
    elif client.has_capability("MOVE"):
        client.move(uids, mailbox.processed_folder)
    else:
        client.copy(uids, mailbox.processed_folder)
        client.delete_messages(uids, silent=True)
        if client.has_capability("UIDPLUS"):
            client.uid_expunge(uids)
        else:
            client.expunge()


def _advance(mailbox: Mailbox, *, uidvalidity: int, last_uid: int, polled: bool = False) -> None:
    mailbox.uidvalidity, mailbox.last_uid = uidvalidity, last_uid
    fields = ["uidvalidity", "last_uid"]
    if polled:
        mailbox.last_polled_at, mailbox.last_error = timeutils.now(), ""
        fields += ["last_polled_at", "last_error"]
    mailbox.save(update_fields=fields)


def _record_error(mailbox: Mailbox, exc: BaseException) -> None:
    logger.warning("mailbox %s: %s", mailbox, exc)
    mailbox.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    mailbox.last_error_at = timeutils.now()
    mailbox.save(update_fields=["last_error", "last_error_at"])


def watch(mailbox_id: int, *, stop: threading.Event, on_fetch: Callable[[int], None]) -> None:
    """Keep one mailbox's new mail flowing in until ``stop`` is set: IDLE where the server
    offers it (mail is fetched as soon as it arrives), polling otherwise. Reconnects after
    errors, waiting longer each time."""
    wait = 5.0
    try:
        while not stop.is_set():
            close_old_connections()
            mailbox = Mailbox.objects.filter(pk=mailbox_id).first()
            if mailbox is None or not mailbox.is_active:
                return
            try:
                with connect(mailbox) as client:
                    on_fetch(fetch_new(client, mailbox))
                    wait = 5.0
                    _idle_loop(client, mailbox, stop=stop, on_fetch=on_fetch)
            except Exception as exc:  # noqa: BLE001  (recorded; the watcher reconnects)
                _record_error(mailbox, exc)
                stop.wait(wait)
                wait = min(wait * 2, 300.0)
    finally:
        # The watcher is a thread of its own: its database connection ends with it.
        connections.close_all()


def _idle_loop(
    client: IMAPClient, mailbox: Mailbox, *, stop: threading.Event, on_fetch: Callable[[int], None]
) -> None:
    idle = mailbox.use_idle and client.has_capability("IDLE")
    pause = min(_IDLE_SECONDS, settings.EMAIL_POLL_SECONDS)
    while not stop.is_set():
        if idle:
            client.idle()
            try:
                # Short checks, so that a stop request is honoured within a second or two.
                for _second in range(pause):
                    if stop.is_set() or client.idle_check(timeout=1):
                        break
            finally:
                client.idle_done()
        else:
            stop.wait(pause)
        if not stop.is_set():
            close_old_connections()
            on_fetch(fetch_new(client, mailbox))
