"""Task worker processes: the lease each one holds, and when a task counts as abandoned.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: a
worker killed mid-task (SIGKILL, out of memory, its host lost) leaves it RUNNING for good. So
each ``db_worker`` process (our ``core/management/commands/db_worker.py``) holds a
``WorkerLease``, renewed every third of ``WORKER_LEASE_SECONDS`` by a thread with its own
database connection and removed when the process stops cleanly. A task still RUNNING under a
worker whose lease expired was abandoned: ``services.reclaim_abandoned_tasks`` queues it again
(``MAX_ATTEMPTS`` times at most), and ``selectors.get_system_health`` counts it, both by the
one rule ``is_abandoned``.

Leases are compared with each process's own clock, so worker hosts need synchronised clocks
(NTP), as the scheduler's lease does. Every task must be safe to run again: one reclaimed from
a worker that was only frozen, not dead, may run twice.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.models import DBTaskResult

from mostrador.core import timeutils
from mostrador.core.models import WorkerLease

logger = logging.getLogger(__name__)

# Claims of one task (its ``worker_ids``) after which a lost worker fails it instead of
# queueing it again: a task that kills its worker every time must not kill them all forever.
MAX_ATTEMPTS = 3
# Tasks reclaimed in one transaction, so that a pile of them never holds the locks for long.
RECLAIM_BATCH = 200


class WorkerLost(Exception):  # noqa: N818  (the error a task records, named for what happened)
    """The error recorded on a task whose worker stopped under it ``MAX_ATTEMPTS`` times."""


def lease_duration() -> dt.timedelta:
    return dt.timedelta(seconds=settings.WORKER_LEASE_SECONDS)


def lease_expiries() -> dict[str, dt.datetime]:
    """When each worker's lease expires, by worker id (expired leases included)."""
    return dict(WorkerLease.objects.values_list("worker_id", "expires_at"))


def is_abandoned(
    worker_ids: Sequence[str],
    started_at: dt.datetime | None,
    leases: Mapping[str, dt.datetime],
    now: dt.datetime,
) -> bool:
    """Whether a RUNNING task was left by its worker: the worker that claimed it last holds no
    unexpired lease. A worker with no lease row at all (started before leases existed, or its
    expired lease already deleted) gets one lease period from the task's start."""
    expires = leases.get(worker_ids[-1]) if worker_ids else None
    if expires is not None:
        return expires <= now
    return started_at is None or started_at <= now - lease_duration()


def list_abandoned_ids(leases: Mapping[str, dt.datetime], now: dt.datetime) -> list[str]:
    """The ids of the RUNNING tasks abandoned by their worker, oldest claim first, at most
    ``RECLAIM_BATCH`` (a later run takes the rest)."""
    running = DBTaskResult.objects.running().order_by("started_at")
    return [
        str(pk)
        for pk, ids, started in running.values_list("pk", "worker_ids", "started_at")
        if is_abandoned(ids, started, leases, now)
    ][:RECLAIM_BATCH]


def count_abandoned(now: dt.datetime) -> tuple[int, int]:
    """(abandoned tasks, live workers), in two queries whatever their numbers."""
    leases = lease_expiries()
    # RUNNING tasks are few (one per live worker, plus what dead ones left): read in Python,
    # as the last element of a JSON list is read differently by each database.
    running = DBTaskResult.objects.running().values_list("worker_ids", "started_at")
    abandoned = sum(1 for ids, started in running if is_abandoned(ids, started, leases, now))
    return abandoned, sum(1 for expires in leases.values() if expires > now)


class LeaseKeeper:
    """Hold the lease of the worker process ``worker_id`` while it runs."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.interval = settings.WORKER_LEASE_SECONDS / 3
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Take the lease now (a failure here stops the worker: it must not claim tasks
        without one), then renew it on a thread until ``stop``."""
        self._take(timeutils.now())
        # With --reload the worker runs on a daemon thread that a signal ends without running
        # its ``finally``: the process's exit still gives the lease up.
        atexit.register(self.stop)
        self._thread = threading.Thread(target=self._renew_until_stopped, daemon=True)
        self._thread.name = f"worker-lease-{self.worker_id}"
        self._thread.start()

    def renew(self) -> None:
        """Push the expiry one lease period on; take the lease afresh if it was removed (the
        process was frozen past its expiry and its tasks were reclaimed meanwhile)."""
        now = timeutils.now()
        renewed = WorkerLease.objects.filter(worker_id=self.worker_id).update(
            renewed_at=now, expires_at=now + lease_duration()
        )
        if not renewed:
            logger.warning("worker %s lost its lease; taking it again", self.worker_id)
            self._take(now)

    def _take(self, now: dt.datetime) -> None:
        WorkerLease.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "renewed_at": now,
                "expires_at": now + lease_duration(),
            },
        )

    def _renew_until_stopped(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                self.renew_logging_errors()
        finally:
            connection.close()  # this thread's own connection

    def renew_logging_errors(self) -> bool:
        """Renew; a failure (database away, locked) is logged and retried at the next turn,
        never raised: the worker goes on, and its lease holds for two more turns."""
        try:
            close_old_connections()
            self.renew()
        except Exception:
            logger.exception("worker %s could not renew its lease", self.worker_id)
            return False
        return True

    def stop(self) -> None:
        """Stop renewing and give the lease up, so the worker's absence is known at once."""
        atexit.unregister(self.stop)
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=self.interval + 5)
        try:
            WorkerLease.objects.filter(worker_id=self.worker_id).delete()
        except Exception:
            logger.exception("worker %s could not give its lease up", self.worker_id)
