"""Cases background tasks."""

from __future__ import annotations

from django.tasks import task

from mostrador.cases import services


@task()
def recompute_due_times(calendar_id: int) -> int:
    """Recompute the due times of open cases whose department uses the calendar."""
    return services.recompute_due_times(calendar_id=calendar_id)


@task()
def escalate_overdue() -> int:
    """Escalate overdue consultations and approval requests (run by the scheduler)."""
    from mostrador.cases import levels  # noqa: PLC0415  (levels imports services, which imports tasks)

    return levels.escalate_overdue()


@task()
def check_deadlines() -> dict[str, int]:
    """Mark cases at risk and breached (run by the scheduler)."""
    from mostrador.cases import watch  # noqa: PLC0415  (watch imports levels, which imports services)

    return watch.check_deadlines()
