"""Core writes: recording events and heartbeats."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from mostrador.core import timeutils
from mostrador.core.models import Event, Heartbeat


def record_event(
    subject: models.Model,
    verb: str,
    *,
    actor: Any = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Append an event to ``subject``'s history.

    ``verb`` is a dotted ``<app>.<model>.<past_participle>`` code, e.g. ``accounts.token.revoked``.
    ``actor`` is the user who acted, or None for the system. Call it inside the same transaction
    as the change it records, so that a rolled-back change leaves no event behind.
    """
    if verb.count(".") < 2:
        raise ValueError(f"event verb {verb!r} must be <app>.<model>.<past_participle>")
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
