"""Periodic jobs, run by exactly one scheduler process however many are started.

Leadership is a lease row (``SchedulerLease``): a process leads while it holds an unexpired
lease, renewing it every tick with a conditional UPDATE that only succeeds for the current
holder or once the lease has expired. A standby process keeps trying, so when the leader dies
another takes over within one lease period. The lease is compared with each process's own clock,
so scheduler hosts need synchronised clocks (NTP), as any distributed lock does.

Jobs are declared in each app's ``jobs.py`` with ``@scheduled(...)``; a job only enqueues tasks
(quick, no I/O beyond the database), so a slow job never delays the lease renewal.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.module_loading import autodiscover_modules

from mostrador.core import selectors, services, timeutils
from mostrador.core.models import ScheduledJob, SchedulerLease

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    run: Callable[[], None]


_registry: dict[str, Job] = {}


def scheduled(
    name: str, *, every: dt.timedelta
) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Declare ``func`` as a periodic job named ``name``, due every ``every``."""

    def register(func: Callable[[], None]) -> Callable[[], None]:
        _registry[name] = Job(name=name, every=every, run=func)
        return func

    return register


def registered_jobs() -> list[Job]:
    """Return every job declared in the installed apps' ``jobs`` modules."""
    autodiscover_modules("jobs")
    return sorted(_registry.values(), key=lambda job: job.name)


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Scheduler:
    """One scheduler process: acquire or renew the lease, then run the jobs that are due."""

    def __init__(
        self,
        *,
        name: str = "default",
        holder: str | None = None,
        lease: dt.timedelta,
        jobs: list[Job] | None = None,
    ) -> None:
        self.name = name
        self.holder = holder or default_holder()
        self.lease = lease
        self.jobs = registered_jobs() if jobs is None else jobs

    def try_acquire(self) -> bool:
        """Take or renew the lease; return whether this process leads now."""
        now = timeutils.now()
        SchedulerLease.objects.get_or_create(
            name=self.name, defaults={"holder": "", "expires_at": now}
        )
        renewed = (
            SchedulerLease.objects.filter(name=self.name)
            .filter(Q(holder=self.holder) | Q(expires_at__lte=now))
            .update(holder=self.holder, expires_at=now + self.lease)
        )
        return renewed == 1

    def release(self) -> None:
        """Give the lease up at once, so a standby need not wait for it to expire."""
        SchedulerLease.objects.filter(name=self.name, holder=self.holder).update(
            holder="", expires_at=timeutils.now()
        )

    def run_due_jobs(self) -> list[str]:
        """Run every job whose interval has passed since it last ran; return their names."""
        now = timeutils.now()
        states = {state.name: state for state in ScheduledJob.objects.all()}
        ran = []
        for job in self.jobs:
            state = states.get(job.name)
            if state is not None and state.last_run_at and now - state.last_run_at < job.every:
                continue
            try:
                job.run()
            except Exception:
                # One broken job must not stop the others nor the lease renewal.
                logger.exception("scheduled job %s failed", job.name)
                continue
            ScheduledJob.objects.update_or_create(
                name=job.name, defaults={"last_run_at": now, "last_holder": self.holder}
            )
            ran.append(job.name)
        return ran

    def tick(self) -> bool:
        """Do one round of work; return whether this process was the leader."""
        if not self.try_acquire():
            return False
        services.record_heartbeat(selectors.SCHEDULER, detail=self.holder)
        self.run_due_jobs()
        return True

    def run(self, *, tick: float, stop: threading.Event, on_change: Callable[[bool], None]) -> None:
        """Tick every ``tick`` seconds until ``stop`` is set; report leadership changes."""
        leading: bool | None = None
        try:
            while not stop.is_set():
                now_leading = self.tick()
                if now_leading != leading:
                    leading = now_leading
                    on_change(leading)
                stop.wait(tick)
        finally:
            if leading:
                self.release()
