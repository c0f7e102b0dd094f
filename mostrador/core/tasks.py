"""Core background tasks."""

from __future__ import annotations

import os
import socket

from django.tasks import task

from mostrador.core import selectors, services


@task()
def record_worker_heartbeat() -> None:
    """Prove that a worker is taking tasks off the queue; the scheduler enqueues this."""
    services.record_heartbeat(selectors.WORKER, detail=f"{socket.gethostname()}:{os.getpid()}")


@task()
def prune_idempotency_records() -> int:
    """Delete expired idempotency answers (run daily by the scheduler)."""
    return services.prune_idempotency_records()
