"""Core reads: an object's history and the health of the system."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, models

from mostrador.core import timeutils
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
    status: str  # "ok", "degraded" (background work not running) or "error" (no database)
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


def _pending_tasks() -> dict[str, object]:
    """Count tasks waiting for a worker, when tasks live in the database."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return {}
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415  (app optional in tests)

    ready = DBTaskResult.objects.ready()
    oldest: datetime | None = (
        ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    )
    age = round((timeutils.now() - oldest).total_seconds(), 1) if oldest else 0.0
    return {"pending": ready.count(), "oldest_pending_seconds": age}


def get_system_health() -> HealthReport:
    """Check the database and report when the worker and the scheduler last proved alive."""
    database = _database_health()
    if database.status != "ok":
        unknown = ComponentHealth("unknown")
        return HealthReport("error", database, unknown, unknown)
    beats = {beat.name: beat for beat in Heartbeat.objects.filter(name__in=[WORKER, SCHEDULER])}
    worker = _beat_health(WORKER, beats)
    worker = ComponentHealth(worker.status, {**worker.detail, **_pending_tasks()})
    scheduler = _beat_health(SCHEDULER, beats)
    overall = "ok" if worker.status == "ok" and scheduler.status == "ok" else "degraded"
    return HealthReport(overall, database, worker, scheduler)
