"""Recomputing the due times of many open cases without holding the database for long.

SQLite has one writer at a time, and an IMMEDIATE transaction takes the write lock at its
start: a job that computes inside its transaction makes every sign-in and every new case wait
for it. So the arithmetic (calendars, policies, legal rules: reads only) is done outside any
transaction, and each batch of ``BATCH`` cases is written in a transaction of its own that
only runs UPDATEs, a few milliseconds long; other writers take their turn between batches.

A case changed by someone else between the read and the write (answered, paused, closed,
moved, marked late) is not overwritten with values computed from what it was: its UPDATE
names the inputs as they were read and so matches no row. Such a case is then computed again
from a fresh read inside a transaction of its own, one row long.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from mostrador.accounts.calendars import calendar_by_id
from mostrador.cases import clocks
from mostrador.cases.choices import OPEN_STATUSES
from mostrador.cases.models import Case

# Cases written per transaction.
BATCH = 50

# What ``clocks.compute_due_times`` reads from the case itself (besides ``created_at``, which
# never changes), and the state it may reset: a row that no longer has these values was
# changed meanwhile.
INPUTS = (
    "status",
    "type",
    "priority",
    "channel",
    "department_id",
    "first_responded_at",
    "sla_paused_at",
    "sla_paused_seconds",
    "sla_state",
)


def open_case_ids(calendar_id: int) -> list[int]:
    """The open cases whose department works by ``calendar_id``, read at once (a read cursor
    left open across the writes would make SQLite refuse them)."""
    return list(
        Case.objects.filter(department__calendar_id=calendar_id, status__in=OPEN_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def recompute(ids: list[int]) -> int:
    """Recompute the due times of the cases ``ids``, ``BATCH`` per transaction; return how
    many were written again from a fresh read because they changed meanwhile."""
    redone = 0
    for start in range(0, len(ids), BATCH):
        redone += _recompute_batch(ids[start : start + BATCH])
    return redone


def _recompute_batch(ids: list[int]) -> int:
    cases = Case.objects.filter(pk__in=ids, status__in=OPEN_STATUSES).select_related("department")
    planned: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    for case in cases:
        inputs = {name: getattr(case, name) for name in INPUTS}
        fields = clocks.compute_due_times(case, calendar_by_id(case.department.calendar_id))
        planned.append((case.pk, inputs, {name: getattr(case, name) for name in fields}))
    changed = []
    with transaction.atomic():
        for pk, inputs, values in planned:
            if not Case.objects.filter(pk=pk, **inputs).update(**values):
                changed.append(pk)
    for pk in changed:
        _recompute_one(pk)
    return len(changed)


def _recompute_one(pk: int) -> None:
    """Compute and write one case in one transaction, from what it is now."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .select_related("department")
            .filter(pk=pk, status__in=OPEN_STATUSES)
            .first()
        )
        if case is not None:
            case.save(update_fields=clocks.compute_due_times(case))
