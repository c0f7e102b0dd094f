"""Core reads: an object's history and the health of the system."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, models
from django.db.models import Count, Min
from django_tasks_db.models import DBTaskResult

from mostrador.core import timeutils, workers
from mostrador.core.models import Event, Heartbeat

WORKER = "worker"
SCHEDULER = "scheduler"


def list_events_for(subject: models.Model) -> models.QuerySet[Event]:
    """Return the events recorded on ``subject``, oldest first, with their actors."""
    return Event.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk)
    ).select_related("actor")


@dataclass(frozen=True)
class ComponentHealth:
    status: str  # "ok", "stale", "unknown" or "error"
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class HealthReport:
    # "ok"; "degraded": background work not running, or tasks left running by a lost worker
    # (``worker.detail["abandoned"]``); "error": no database.
    status: str
    database: ComponentHealth
    worker: ComponentHealth
    scheduler: ComponentHealth


def _database_health() -> ComponentHealth:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return ComponentHealth("error", {"vendor": connection.vendor, "error": str(exc)[:200]})
    elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
    return ComponentHealth("ok", {"vendor": connection.vendor, "latency_ms": elapsed_ms})


def _beat_health(name: str, beats: dict[str, Heartbeat]) -> ComponentHealth:
    beat = beats.get(name)
    if beat is None:
        return ComponentHealth("unknown", {"last_seen": None})
    age = (timeutils.now() - beat.beat_at).total_seconds()
    status = "ok" if age <= settings.WORKER_STALE_AFTER else "stale"
    return ComponentHealth(
        status, {"last_seen": beat.beat_at.isoformat(), "age_seconds": round(age, 1)}
    )


def _queue_health() -> dict[str, object]:
    """Count tasks waiting for a worker, tasks a lost worker left running (``abandoned``) and
    the workers alive (``workers``, by their leases), when tasks live in the database."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return {}
    now = timeutils.now()
    ready = DBTaskResult.objects.ready().aggregate(pending=Count("pk"), oldest=Min("enqueued_at"))
    oldest: datetime | None = ready["oldest"]
    age = round((now - oldest).total_seconds(), 1) if oldest else 0.0
    abandoned, alive = workers.count_abandoned(now)
    return {
        "pending": ready["pending"],
        "oldest_pending_seconds": age,
        "abandoned": abandoned,
        "workers": alive,
    }


def get_system_health() -> HealthReport:
    """Check the database, report when the worker and the scheduler last proved alive, and
    count the tasks waiting and those a lost worker left running."""
    database = _database_health()
    if database.status != "ok":
        unknown = ComponentHealth("unknown")
        return HealthReport("error", database, unknown, unknown)
    beats = {beat.name: beat for beat in Heartbeat.objects.filter(name__in=[WORKER, SCHEDULER])}
    worker = _beat_health(WORKER, beats)
    queue = _queue_health()
    worker = ComponentHealth(worker.status, {**worker.detail, **queue})
    scheduler = _beat_health(SCHEDULER, beats)
    running = worker.status == "ok" and scheduler.status == "ok"
    overall = "ok" if running and not queue.get("abandoned") else "degraded"
    return HealthReport(overall, database, worker, scheduler)
