"""Core periodic jobs."""

import datetime as dt

from django.conf import settings

from mostrador.core import tasks
from mostrador.core.scheduler import scheduled


@scheduled("core.worker_heartbeat", every=dt.timedelta(seconds=settings.WORKER_HEARTBEAT_INTERVAL))
def enqueue_worker_heartbeat() -> None:
    """Ask a worker to prove it is alive; health reports how long ago one did."""
    tasks.record_worker_heartbeat.enqueue()


@scheduled("core.prune_idempotency_records", every=dt.timedelta(hours=24))
def enqueue_idempotency_pruning() -> None:
    tasks.prune_idempotency_records.enqueue()
