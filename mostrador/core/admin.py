from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mostrador.core.models import Event, Heartbeat, ScheduledJob, SchedulerLease, WorkerLease


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    """The audit trail, read-only: events are evidence and are never edited."""

    list_display = ["created_at", "verb", "subject_repr", "actor"]
    list_filter = ["verb", "subject_type"]
    search_fields = ["verb", "subject_repr", "subject_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "subject_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Bookkeeping written by the worker and the scheduler: shown for diagnosis, never edited."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["name", "beat_at", "detail"]


@admin.register(SchedulerLease)
class SchedulerLeaseAdmin(ReadOnlyAdmin):
    list_display = ["name", "holder", "expires_at"]


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ReadOnlyAdmin):
    list_display = ["name", "last_run_at", "last_holder"]


@admin.register(WorkerLease)
class WorkerLeaseAdmin(ReadOnlyAdmin):
    list_display = ["worker_id", "host", "pid", "started_at", "renewed_at", "expires_at"]
