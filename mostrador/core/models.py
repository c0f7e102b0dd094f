"""Core records: the audit trail, and the bookkeeping of background processes."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit record."""


class EventQuerySet(models.QuerySet["Event"]):
    # The audit trail is evidence (claims, legal deadlines): a bulk update or delete of events is
    # always a bug, so the ORM refuses it rather than trusting every caller to remember.
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("events are append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("events are append-only")


class Event(models.Model):
    """Record one thing that happened: who did it, to what, when, with which data.

    Append-only: saving an existing event or deleting one raises ``AppendOnlyError``. Write
    events only through ``core.services.record_event``.
    """

    verb = models.CharField(_("action"), max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("subject type"), on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.CharField(_("subject id"), max_length=64)
    subject_repr = models.CharField(_("subject"), max_length=200, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("time"), db_index=True)

    objects: ClassVar[EventQuerySet] = EventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["subject_type", "subject_id", "created_at"], name="core_event_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.subject_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("events are append-only")


class Notice(models.Model):
    """Something Mostrador owes a person: a receipt, a reply, a staff notice, a sign-in link.

    Recorded by a domain app (``core.notices.record_notice``) in the transaction of what it
    tells about; delivered by the channels, which keep their own delivery state (an email's
    attempts, its bounce). ``kind`` is a code an app declares in its ``notices.py``.
    """

    kind = models.CharField(_("kind"), max_length=60)
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("about type"), on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(_("about id"))
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        help_text=_("Empty: the customer it is about."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="core_notice_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.subject_id}"

    @property
    def subject(self) -> models.Model:
        """What the notice is about (the case, the sign-in link...)."""
        cached: models.Model | None = getattr(self, "_subject_cache", None)
        if cached is None:
            model = self.subject_type.model_class()
            if model is None:
                raise LookupError(f"the model of {self.subject_type} is gone")
            cached = model._default_manager.get(pk=self.subject_id)
            self._subject_cache = cached
        return cached


class Heartbeat(models.Model):
    """The last time a kind of background process proved it was alive (worker, scheduler)."""

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    beat_at = models.DateTimeField(_("last beat"))
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at.isoformat()}"


class SchedulerLease(models.Model):
    """Who leads the scheduler until when. One row per scheduler name.

    Leadership is a conditional UPDATE on this row (see ``core.scheduler``), which behaves the
    same on SQLite and PostgreSQL, unlike advisory locks.
    """

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    holder = models.CharField(_("holder"), max_length=100, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("scheduler lease")
        verbose_name_plural = _("scheduler leases")

    def __str__(self) -> str:
        return f"{self.name}: {self.holder or '-'}"


class WorkerLease(models.Model):
    """A task worker process that is alive until ``expires_at``, unless it renews the lease.

    Each ``db_worker`` process holds one, renewed by a thread of its own and removed when it
    stops cleanly (see ``core.workers``). A task left running under a worker whose lease
    expired was abandoned: ``services.reclaim_abandoned_tasks`` queues it again.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    renewed_at = models.DateTimeField(_("last renewed"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("worker lease")
        verbose_name_plural = _("worker leases")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class ScheduledJob(models.Model):
    """When a periodic job last ran, so a new leader does not repeat work just done."""

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_holder = models.CharField(_("last run by process"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name


class IdempotencyRecord(models.Model):
    """The answer given to a request carrying an Idempotency-Key, replayed if it is retried."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("key"), max_length=200)
    scope = models.CharField(_("operation"), max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created"), db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class ConfigStamp(models.Model):
    """A token that changes with the configuration the write paths read (calendars, SLA
    policies, legal rules, mailboxes): each process keeps what it built from them while the
    token is the one it built them under (``core.configcache``). One row."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("configuration stamp")
        verbose_name_plural = _("configuration stamps")

    def __str__(self) -> str:
        return self.token
