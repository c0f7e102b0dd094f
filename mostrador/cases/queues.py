"""Work queues: the lists of cases people work from, and how many each holds."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from mostrador.accounts.models import Membership, User
from mostrador.cases import lateness, selectors
from mostrador.cases.choices import OPEN_STATUSES, ApprovalStatus
from mostrador.cases.models import ApprovalRequest, Case, Consultation
from mostrador.core import timeutils

PERSONAL = ("mine", "unassigned", "waiting_on_me", "at_risk", "breached")


def waiting_on(user: User) -> Q:
    """Cases with a consultation to one of the user's departments, or an approval for them.

    As one list of case ids, not correlated EXISTS: the open consultations and approvals are
    few and the open cases many, so the database looks the few up by id instead of probing
    them for every open case (benchmark W2: 20 ms to under 1 ms at 100,000 cases).
    """
    departments = Membership.objects.filter(user=user).values("department_id")
    consulted = Consultation.objects.filter(
        answered_at__isnull=True, department_id__in=departments
    ).values("case_id")
    to_approve = ApprovalRequest.objects.filter(
        status=ApprovalStatus.PENDING, approver=user
    ).values("case_id")
    return Q(pk__in=consulted.union(to_approve))


# The personal queues that are the same for every member of a department, by what they hold.
SHARED_QUEUES = ("unassigned", "at_risk", "breached")


def shared(now: dt.datetime) -> dict[str, Q]:
    """What each shared queue holds of the open cases at ``now``: those nobody works on yet,
    and those at risk and past a due time as ``lateness`` defines them."""
    return {
        "unassigned": Q(handler__isnull=True),
        "at_risk": lateness.running_at_risk(now),
        "breached": lateness.running_late(now),
    }


def _condition(user: User, queue: str) -> Q:
    if queue in SHARED_QUEUES:
        return shared(timeutils.now())[queue]
    return {"mine": Q(owner=user) | Q(handler=user), "waiting_on_me": waiting_on(user)}[queue]


def queue_cases(user: User, queue: str, *, department_id: int | None = None) -> QuerySet[Case]:
    """Open cases of a personal queue, or of a department when ``department_id`` is given.

    Only cases the user may see, except "waiting on me", which is exactly what was asked of them.
    """
    if department_id is not None:
        visible = selectors.list_cases_for_user(user).filter(department_id=department_id)
    elif queue == "waiting_on_me":
        visible = selectors.with_related().filter(waiting_on(user))
    else:
        visible = selectors.list_cases_for_user(user).filter(_condition(user, queue))
    return visible.filter(status__in=OPEN_STATUSES)
