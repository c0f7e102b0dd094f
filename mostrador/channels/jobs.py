"""Channels periodic jobs."""

import datetime as dt

from django.conf import settings

from mostrador.channels.email import tasks
from mostrador.channels.email.choices import Protocol
from mostrador.channels.email.models import Mailbox
from mostrador.core.scheduler import scheduled


@scheduled("channels.email.sweep", every=dt.timedelta(seconds=15))
def enqueue_email_sweep() -> None:
    """Retries that are due, and work a dead worker left behind, go back to the queue."""
    tasks.sweep.enqueue()


@scheduled("channels.email.poll", every=dt.timedelta(seconds=settings.EMAIL_POLL_SECONDS))
def enqueue_mailbox_polls() -> None:
    """Every active IMAP mailbox is polled (those watched with IDLE are fetched at once too)."""
    for mailbox_id in Mailbox.objects.filter(is_active=True, protocol=Protocol.IMAP).values_list(
        "pk", flat=True
    ):
        tasks.poll_mailbox.enqueue(mailbox_id=mailbox_id)
