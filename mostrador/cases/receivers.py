"""What cases do when another app's rows change: recompute open cases' due times when a
business calendar changes. A signal, because accounts (which owns calendars) must not know
about cases."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from mostrador.accounts.models import BusinessCalendar, BusinessHours, ClosedDay
from mostrador.cases import tasks


def _calendar_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    calendar_id = instance.pk if isinstance(instance, BusinessCalendar) else instance.calendar_id
    transaction.on_commit(lambda: tasks.recompute_due_times.enqueue(calendar_id=calendar_id))


def connect() -> None:
    """Listen to the business calendars' changes (called once, from ``ready()``)."""
    for model in (BusinessCalendar, BusinessHours, ClosedDay):
        post_save.connect(
            _calendar_changed, sender=model, dispatch_uid=f"cases-{model.__name__}-saved"
        )
        post_delete.connect(
            _calendar_changed, sender=model, dispatch_uid=f"cases-{model.__name__}-deleted"
        )
