"""Receive mail delivered by a mail server, over SMTP and/or LMTP (see the README)."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mostrador.channels.email.receiver import ReceiverController


def _address(value: str) -> tuple[str, int]:
    host, _colon, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise CommandError(f"{value!r} is not HOST:PORT")
    return host.strip("[]"), int(port)


class Command(BaseCommand):
    help = "Accept mail for the active mailboxes over SMTP and/or LMTP until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--smtp", metavar="HOST:PORT", help="Listen for SMTP here.")
        parser.add_argument("--lmtp", metavar="HOST:PORT", help="Listen for LMTP here.")

    def handle(self, *args: Any, **options: Any) -> None:
        listeners = [
            (lmtp, _address(options[name]))
            for name, lmtp in (("smtp", False), ("lmtp", True))
            if options[name]
        ]
        if not listeners:
            raise CommandError("Give --smtp HOST:PORT, --lmtp HOST:PORT, or both.")
        stop = threading.Event()

        def shutdown(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        controllers = []
        for lmtp, (host, port) in listeners:
            controller = ReceiverController(lmtp=lmtp, hostname=host, port=port)
            controller.start()
            controllers.append(controller)
            self.stdout.write(f"receiving {'LMTP' if lmtp else 'SMTP'} on {host}:{port}")
        self.stdout.flush()
        stop.wait()
        for controller in controllers:
            controller.stop()
        self.stdout.write("receiver stopped")
