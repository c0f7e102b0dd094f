"""Watch the IMAP mailboxes with IDLE, fetching mail as soon as it arrives."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mostrador.channels.email import imap
from mostrador.channels.email.choices import Protocol
from mostrador.channels.email.models import Mailbox


class Command(BaseCommand):
    help = (
        "Keep a connection to every active IMAP mailbox and fetch new mail at once (IDLE "
        "where the server offers it, polling otherwise). The scheduler polls them anyway; "
        "this makes arrival immediate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rescan", type=float, default=60, help="Seconds between looks for new mailboxes."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()

        def shutdown(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        watchers: dict[int, threading.Thread] = {}
        while not stop.is_set():
            active = Mailbox.objects.filter(is_active=True, protocol=Protocol.IMAP)
            for mailbox in active:
                if mailbox.pk not in watchers or not watchers[mailbox.pk].is_alive():
                    watchers[mailbox.pk] = self._start(mailbox, stop)
            stop.wait(options["rescan"])
        for thread in watchers.values():
            thread.join(timeout=10)
        self.stdout.write("mailbox watcher stopped")

    def _start(self, mailbox: Mailbox, stop: threading.Event) -> threading.Thread:
        def report(stored: int) -> None:
            if stored:
                self.stdout.write(f"{mailbox.address}: {stored} new")
                self.stdout.flush()

        thread = threading.Thread(
            target=imap.watch,
            args=(mailbox.pk,),
            kwargs={"stop": stop, "on_fetch": report},
            name=f"imap-{mailbox.pk}",
            daemon=True,
        )
        thread.start()
        self.stdout.write(f"watching {mailbox.address}")
        self.stdout.flush()
        return thread
