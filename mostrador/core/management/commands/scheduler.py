"""Run the periodic-job scheduler. Start as many as you like: one leads, the others stand by."""

from __future__ import annotations

import datetime as dt
import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from mostrador.core.scheduler import Scheduler


class Command(BaseCommand):
    help = "Run periodic jobs; only one scheduler leads at a time, the others stand by."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tick", type=float, default=settings.SCHEDULER_TICK_SECONDS)
        parser.add_argument("--lease", type=float, default=settings.SCHEDULER_LEASE_SECONDS)
        parser.add_argument("--holder", default=None, help="Name of this process in the lease.")
        parser.add_argument("--once", action="store_true", help="Run one tick and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["lease"] <= options["tick"]:
            self.stderr.write("--lease must be longer than --tick.")
            raise SystemExit(2)
        scheduler = Scheduler(
            holder=options["holder"], lease=dt.timedelta(seconds=options["lease"])
        )
        if options["once"]:
            self._report(scheduler.holder, scheduler.tick())
            return
        stop = threading.Event()

        def shutdown(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, shutdown)
        signal.signal(signal.SIGINT, shutdown)
        jobs = ", ".join(job.name for job in scheduler.jobs)
        self.stdout.write(f"scheduler {scheduler.holder} started; jobs: {jobs}", ending="\n")
        scheduler.run(
            tick=options["tick"],
            stop=stop,
            on_change=lambda leading: self._report(scheduler.holder, leading),
        )
        self.stdout.write(f"scheduler {scheduler.holder} stopped")

    def _report(self, holder: str, leading: bool) -> None:
        state = "leader" if leading else "standby"
        self.stdout.write(f"scheduler {holder} is {state}")
        self.stdout.flush()
