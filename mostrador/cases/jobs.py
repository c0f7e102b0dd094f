"""Cases periodic jobs."""

import datetime as dt

from mostrador.cases import tasks
from mostrador.core.scheduler import scheduled


@scheduled("cases.escalate_overdue", every=dt.timedelta(minutes=5))
def enqueue_escalations() -> None:
    """Overdue consultations and approvals go to the heads."""
    tasks.escalate_overdue.enqueue()


@scheduled("cases.check_deadlines", every=dt.timedelta(minutes=1))
def enqueue_deadline_check() -> None:
    """Cases close to or past their deadlines are marked and their people told."""
    tasks.check_deadlines.enqueue()
