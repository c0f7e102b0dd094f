"""The periodic check of case deadlines: mark cases at risk and breached, and tell people."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from mostrador.cases import clocks, notifications
from mostrador.cases.choices import OPEN_STATUSES, CaseStatus, SLAState
from mostrador.cases.levels import HeadsCache
from mostrador.cases.models import Case
from mostrador.core import timeutils
from mostrador.core.services import record_event

BATCH = 500


def _due_before(moment: dt.datetime) -> Q:
    return (
        Q(first_responded_at__isnull=True, first_response_due__lt=moment)
        | Q(resolution_due__lt=moment)
        | Q(legal_due__lt=moment)
    )


def _mark(case: Case, state: str, moment: dt.datetime, heads: HeadsCache) -> None:
    with transaction.atomic():
        case.sla_state = state
        case.save(update_fields=["sla_state", "updated_at"])
        verb = "cases.case.breached" if state == SLAState.BREACHED else "cases.case.at_risk"
        record_event(case, verb, data={"clocks": clocks.late_clocks(case, moment)})
        people = [case.owner] if case.owner else []
        notifications.notify_staff([*people, *heads.of(case.department)], state, case)


def check_deadlines() -> dict[str, int]:
    """Mark open cases whose clocks ran out as breached, and those close to it as at risk.

    SLA clocks of a case waiting on the customer are paused, but its legal clock is not. Each
    state is entered once: a case is not re-notified every run. Records ``cases.case.at_risk``
    and ``cases.case.breached``; notifies the owner and the department's heads.
    """
    now = timeutils.now()
    soon = now + dt.timedelta(minutes=settings.SLA_AT_RISK_MINUTES)
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES).select_related("department", "owner")
    running = ~Q(status=CaseStatus.WAITING_CUSTOMER) | Q(legal_due__lt=now)
    breached = (
        open_cases.exclude(sla_state=SLAState.BREACHED).filter(_due_before(now)).filter(running)
    )
    at_risk = (
        open_cases.filter(sla_state=SLAState.ON_TIME)
        .filter(_due_before(soon))
        .exclude(_due_before(now))
    )
    at_risk = at_risk.exclude(status=CaseStatus.WAITING_CUSTOMER)
    counts = {"breached": 0, "at_risk": 0}
    heads = HeadsCache()
    for case in breached[:BATCH]:
        _mark(case, SLAState.BREACHED, now, heads)
        counts["breached"] += 1
    for case in at_risk[:BATCH]:
        _mark(case, SLAState.AT_RISK, now, heads)
        counts["at_risk"] += 1
    return counts
