"""Core periodic jobs."""

import datetime as dt

from django.conf import settings

from mostrador.core import services, tasks
from mostrador.core.scheduler import scheduled


@scheduled("core.worker_heartbeat", every=dt.timedelta(seconds=settings.WORKER_HEARTBEAT_INTERVAL))
def enqueue_worker_heartbeat() -> None:
    """Ask a worker to prove it is alive; health reports how long ago one did."""
    tasks.record_worker_heartbeat.enqueue()


@scheduled("core.prune_idempotency_records", every=dt.timedelta(hours=24))
def enqueue_idempotency_pruning() -> None:
    tasks.prune_idempotency_records.enqueue()


@scheduled("core.reclaim_abandoned_tasks", every=dt.timedelta(seconds=30))
def reclaim_abandoned_tasks() -> None:
    """Tasks left running by a lost worker go back to the queue (or fail, lost too often).

    Run here rather than in a task: it repairs the workers, so it must not wait for one; it
    only reads and writes a bounded batch of rows, as quick as the jobs that enqueue."""
    services.reclaim_abandoned_tasks()
