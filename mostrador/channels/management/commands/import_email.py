"""Import mail from files: .eml files, maildirs or mbox files, into a mailbox."""

from __future__ import annotations

import mailbox as mailboxes
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mostrador.channels.email import inbound
from mostrador.channels.email.choices import InboundStatus, Source
from mostrador.channels.email.models import Mailbox


def _messages(path: Path) -> Iterator[bytes]:
    if path.is_dir() and (path / "cur").is_dir():
        maildir = mailboxes.Maildir(path, create=False)
        # In delivery order: a maildir's names begin with the time the message arrived, and a
        # reply imported before the message it answers would not find it.
        for key in sorted(maildir.iterkeys()):
            yield maildir.get_bytes(key)
    elif path.is_dir():
        for child in sorted(path.iterdir()):
            if child.is_file():
                yield child.read_bytes()
    elif path.read_bytes()[:5] == b"From ":
        box = mailboxes.mbox(path, create=False)
        for key in box.iterkeys():
            yield box.get_bytes(key)
    else:
        yield path.read_bytes()


class Command(BaseCommand):
    help = (
        "Store mail from .eml files, folders of them, maildirs or mbox files as received by "
        "a mailbox; each is then processed like any incoming mail. Importing twice stores "
        "nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mailbox", required=True, help="The mailbox's address.")
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        target = Mailbox.objects.filter(address__iexact=options["mailbox"]).first()
        if target is None:
            raise CommandError(f"No mailbox {options['mailbox']!r}.")
        for path in options["paths"]:
            if not path.exists():
                raise CommandError(f"{path} does not exist.")
        count = 0
        waiting: list[int] = []  # stored, to be queued together (a task per inbound.BATCH)
        for path in options["paths"]:
            for raw in _messages(path):
                stored = inbound.receive(raw, target, source=Source.FILE, queued=False)
                count += 1
                if stored.status == InboundStatus.PENDING:
                    waiting.append(stored.pk)
                if len(waiting) == inbound.BATCH:
                    inbound.queue(waiting)
                    waiting = []
        inbound.queue(waiting)
        self.stdout.write(f"{count} messages stored for {target.address}")
