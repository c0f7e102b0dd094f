"""The periodic check of case deadlines: mark cases at risk and breached, and tell people."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from mostrador.cases import lateness, notices
from mostrador.cases.choices import OPEN_STATUSES, SLAState
from mostrador.cases.levels import HeadsCache
from mostrador.cases.models import Case
from mostrador.core import timeutils
from mostrador.core.services import record_event

BATCH = 500


def _mark(case: Case, state: str, moment: dt.datetime, heads: HeadsCache) -> bool:
    """Announce ``case`` in ``state``; False if a check beside this one (a task run again after
    its worker was lost, though it was only slow) changed its state first."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().filter(pk=case.pk, sla_state=case.sla_state)
        if not list(locked.values_list("pk", flat=True)):
            return False
        case.sla_state = state
        case.save(update_fields=["sla_state", "updated_at"])
        verb = "cases.case.breached" if state == SLAState.BREACHED else "cases.case.at_risk"
        late = lateness.late_clocks(case, moment)
        if state == SLAState.AT_RISK:
            late = lateness.late_clocks(case, moment + lateness.risk_window())
        record_event(case, verb, data={"clocks": late})
        people = [case.owner] if case.owner else []
        notices.notify_staff([*people, *heads.of(case.department)], state, case)
    return True


def check_deadlines() -> dict[str, int]:
    """Announce the open cases that became late (breached) or at risk since the last run.

    What late and at risk mean is ``lateness``'s: the SLA clocks of a case waiting on the
    customer stand still, its legal clock does not. Each state is announced once: the case
    keeps the last state announced (``sla_state``), which goes back to on time, silently, when
    the case is no longer late nor at risk. Records ``cases.case.at_risk`` and
    ``cases.case.breached``; notifies the owner and the department's heads.
    """
    now = timeutils.now()
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES).select_related("department", "owner")
    breached = open_cases.exclude(sla_state=SLAState.BREACHED).filter(lateness.late(now))
    at_risk = open_cases.filter(sla_state=SLAState.ON_TIME).filter(lateness.at_risk(now))
    counts = {"breached": 0, "at_risk": 0}
    heads = HeadsCache()
    for case in breached[:BATCH]:
        counts["breached"] += _mark(case, SLAState.BREACHED, now, heads)
    for case in at_risk[:BATCH]:
        counts["at_risk"] += _mark(case, SLAState.AT_RISK, now, heads)
    # On time again (answered, due times moved): ready to be announced afresh.
    soon = now + lateness.risk_window()
    Case.objects.filter(status__in=OPEN_STATUSES).exclude(sla_state=SLAState.ON_TIME).exclude(
        lateness.late(soon)
    ).update(sla_state=SLAState.ON_TIME)
    return counts
