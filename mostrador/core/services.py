"""Core writes: recording events and heartbeats."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from mostrador.core import events, timeutils, transactions
from mostrador.core.errors import Conflict
from mostrador.core.models import Event, Heartbeat, IdempotencyRecord


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
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return Event.objects.create(
        verb=verb,
        actor=user,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        subject_repr=str(subject)[:200],
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
