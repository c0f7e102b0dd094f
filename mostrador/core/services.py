"""Core writes: recording events and heartbeats, reclaiming the tasks of lost workers."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.tasks import TaskResultStatus
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from mostrador.core import events, interface, timeutils, transactions, workers
from mostrador.core.errors import Conflict
from mostrador.core.models import Event, Heartbeat, IdempotencyRecord, WorkerLease

logger = logging.getLogger(__name__)


def record_event(
    subject: models.Model,
    verb: str,
    *,
    actor: Any = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Append an event to ``subject``'s history.

    ``verb`` is a dotted ``<app>.<model>.<past_participle>`` code, e.g. ``accounts.token.revoked``,
    that its app declares in its ``events.py`` (see ``core.events``): an undeclared verb raises
    ``ValueError``. ``actor`` is the user who acted, or None for the system. Call it inside the
    same transaction as the change it records, so that a rolled-back change leaves no event.
    """
    if not events.is_declared(verb):
        raise ValueError(f"event verb {verb!r} is not declared in any app's events.py")
    if subject.pk is None:
        raise ValueError("cannot record an event on an unsaved object")
    return _append(
        verb,
        ContentType.objects.get_for_model(subject),
        str(subject.pk),
        str(subject),
        actor=actor,
        data=data,
    )


def record_event_on_nothing(
    model: type[models.Model], verb: str, *, name: str, data: dict[str, Any] | None = None
) -> Event:
    """Append an event about a ``model`` object that does not exist, known only by ``name``:
    a wrong password for an account nobody has. Its subject id is empty."""
    if not events.is_declared(verb):
        raise ValueError(f"event verb {verb!r} is not declared in any app's events.py")
    return _append(verb, ContentType.objects.get_for_model(model), "", name, actor=None, data=data)


def _append(
    verb: str,
    subject_type: ContentType,
    subject_id: str,
    subject_repr: str,
    *,
    actor: Any,
    data: dict[str, Any] | None,
) -> Event:
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    channel = interface.current_channel()
    if channel:
        data = {"channel": channel, **(data or {})}
    return Event.objects.create(
        verb=verb,
        actor=user,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_repr=subject_repr[:200],
        data=data or {},
        created_at=timeutils.now(),
    )


def record_heartbeat(name: str, *, detail: str = "") -> Heartbeat:
    """Record that the background process ``name`` is alive now."""
    beat, _created = Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timeutils.now(), "detail": detail[:200]}
    )
    return beat


def run_idempotently(
    *,
    user: Any,
    key: str | None,
    scope: str,
    payload: bytes,
    action: Callable[[], tuple[int, Any]],
) -> tuple[int, Any]:
    """Run ``action`` once per (user, key): a retry with the same key gets the first answer.

    ``action`` returns a status code and a JSON-serialisable body, and runs in the same
    transaction as the record of its answer, so a crash leaves neither. A domain error raised by
    ``action`` is not recorded: the client may fix the input and retry with the same key. Reusing
    a key for a different request raises ``Conflict`` (``idempotency_key_reused``).
    """
    if not key:
        return action()
    digest = hashlib.sha256(scope.encode() + b"\x00" + payload).hexdigest()
    record = IdempotencyRecord.objects.filter(user=user, key=key[:200]).first()
    if record is not None:
        return _replay(record, digest)
    try:
        # Files written by the action go if the answer cannot be recorded (a twin won).
        with transactions.undone_on_error(), transaction.atomic():
            status, body = action()
            IdempotencyRecord.objects.create(
                user=user,
                key=key[:200],
                scope=scope[:200],
                request_hash=digest,
                status_code=status,
                response=body,
                created_at=timeutils.now(),
            )
    except IntegrityError:
        # The key was used before (or by a concurrent twin, which has now committed): replay.
        return _replay(IdempotencyRecord.objects.get(user=user, key=key[:200]), digest)
    return status, body


def _replay(record: IdempotencyRecord, digest: str) -> tuple[int, Any]:
    if record.request_hash != digest:
        raise Conflict(
            _("This Idempotency-Key was already used for a different request."),
            code="idempotency_key_reused",
        )
    return record.status_code, record.response


def prune_idempotency_records() -> int:
    """Forget answers older than IDEMPOTENCY_KEY_TTL_HOURS; a key may then be used afresh."""
    cutoff = timeutils.now() - dt.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    deleted, _details = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def reclaim_abandoned_tasks() -> dict[str, int]:
    """Queue again the tasks whose worker was lost; fail those that lost one too often.

    Abandoned is ``workers.is_abandoned``: still RUNNING, and the worker that claimed it last
    holds no unexpired lease. Such a task goes back to READY for any worker to claim, and
    records ``core.task.reclaimed``; one already claimed ``workers.MAX_ATTEMPTS`` times is
    FAILED with ``WorkerLost`` instead, and records ``core.task.abandoned``. Expired leases are
    deleted. Safe beside another reclaim and beside the workers: each row is locked and
    checked again (PostgreSQL skips a row someone holds; SQLite serialises the writers).
    Returns how many tasks were queued again and how many failed.
    """
    now = timeutils.now()
    counts = {"reclaimed": 0, "failed": 0}
    with transaction.atomic():
        leases = workers.lease_expiries()
        candidates = workers.list_abandoned_ids(leases, now)
        locked = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for task in locked.filter(pk__in=candidates).order_by("started_at"):
            if not workers.is_abandoned(task.worker_ids, task.started_at, leases, now):
                continue  # claimed again, or finished, since the candidates were read
            lost_too_often = len(task.worker_ids) >= workers.MAX_ATTEMPTS
            counts[_fail(task) if lost_too_often else _requeue(task)] += 1
        WorkerLease.objects.filter(expires_at__lte=now).delete()
    return counts


def _lost_data(task: DBTaskResult[Any, Any]) -> dict[str, Any]:
    return {
        "task": task.task_path,
        "worker": task.worker_ids[-1] if task.worker_ids else "",
        "attempt": len(task.worker_ids),
        "attempts": workers.MAX_ATTEMPTS,
    }


def _requeue(task: DBTaskResult[Any, Any]) -> str:
    # Its place in the queue is kept (priority, run_after, enqueued_at): it runs next.
    task.status = TaskResultStatus.READY
    task.started_at = None
    task.save(update_fields=["status", "started_at"])
    logger.warning("task %s (%s) lost its worker; queued again", task.pk, task.task_path)
    record_event(task, "core.task.reclaimed", data=_lost_data(task))
    return "reclaimed"


def _fail(task: DBTaskResult[Any, Any]) -> str:
    task.set_failed(
        workers.WorkerLost(
            f"worker lost: the worker running this task stopped {len(task.worker_ids)} times "
            f"(workers {', '.join(task.worker_ids)}); it is not run again"
        )
    )
    logger.error("task %s (%s) lost its worker too often; failed", task.pk, task.task_path)
    record_event(task, "core.task.abandoned", data=_lost_data(task))
    return "failed"
