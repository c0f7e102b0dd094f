"""Work queues: the lists of cases people work from, and how many each holds."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.models import Membership, User
from mostrador.cases import selectors
from mostrador.cases.choices import OPEN_STATUSES, ApprovalStatus, SLAState
from mostrador.cases.models import ApprovalRequest, Case, Consultation, FollowUp
from mostrador.core import timeutils

PERSONAL = ("mine", "unassigned", "waiting_on_me", "at_risk", "breached")


def _waiting_on(user: User) -> Q:
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


def _condition(user: User, queue: str) -> Q:
    return {
        "mine": Q(owner=user) | Q(handler=user),
        "unassigned": Q(owner__isnull=True),
        "waiting_on_me": _waiting_on(user),
        "at_risk": Q(sla_state=SLAState.AT_RISK),
        "breached": Q(sla_state=SLAState.BREACHED),
    }[queue]


def queue_cases(user: User, queue: str, *, department_id: int | None = None) -> QuerySet[Case]:
    """Open cases of a personal queue, or of a department when ``department_id`` is given.

    Only cases the user may see, except "waiting on me", which is exactly what was asked of them.
    """
    if department_id is not None:
        visible = selectors.list_cases_for_user(user).filter(department_id=department_id)
    elif queue == "waiting_on_me":
        visible = selectors.with_related().filter(_waiting_on(user))
    else:
        visible = selectors.list_cases_for_user(user).filter(_condition(user, queue))
    return visible.filter(status__in=OPEN_STATUSES)


# Counted per department for the queues' navigation, over the open cases only.
_OPEN_COUNTS = ("unassigned", "at_risk", "breached", "mine")


def _grouped(cases: QuerySet[Case], user: User) -> dict[int | None, dict[str, int]]:
    """For each department, its open cases and those of each personal queue, in one query.

    Read from the ``case_open_counts`` index alone on PostgreSQL: the cost is the number of
    open cases, never of all the cases ever handled.
    """
    names = ("open", *_OPEN_COUNTS)
    rows = (
        cases.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values("department_id")
        .annotate(
            open=Count("pk"),
            **{name: Count("pk", filter=_condition(user, name)) for name in _OPEN_COUNTS},
        )
        .values_list("department_id", *names)
    )
    return {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows}


def _outside(user: User, departments: list[int]) -> dict[str, int]:
    """The personal queues' open cases in departments the user is not a member of: those they
    own, handle or follow (a small set, found through its own indexes)."""
    followed = Case.followers.through.objects.filter(user_id=user.pk).values("case_id")
    cases = (
        Case.objects.filter(status__in=OPEN_STATUSES)
        .filter(Q(owner=user) | Q(handler=user) | Q(pk__in=followed))
        .exclude(department_id__in=departments)
    )
    counts = cases.aggregate(
        **{name: Count("pk", filter=_condition(user, name)) for name in _OPEN_COUNTS}
    )
    return {name: value or 0 for name, value in counts.items()}


def navigation_counts(user: User) -> tuple[dict[str, int], list[tuple[int, str, int]]]:
    """What the queues' navigation shows: how many open cases each personal queue holds (and
    the follow-ups due), and (id, name, open cases) for each of the user's departments.

    Five queries whatever the size of the data: the open cases are counted per department from
    one index (benchmark W2), the few outside the user's departments apart.
    """
    memberships = list(
        Membership.objects.filter(user=user)
        .order_by("department__name")
        .values_list("department_id", "department__name")
    )
    departments = [pk for pk, _name in memberships]
    if account_permissions.is_admin(user):
        grouped = _grouped(Case.objects.all(), user)
        outside = dict.fromkeys(_OPEN_COUNTS, 0)
    else:
        grouped = _grouped(Case.objects.filter(department_id__in=departments), user)
        outside = _outside(user, departments)
    counts = {
        name: outside[name] + sum(row[name] for row in grouped.values()) for name in _OPEN_COUNTS
    }
    counts["waiting_on_me"] = (
        Case.objects.filter(status__in=OPEN_STATUSES).filter(_waiting_on(user)).count()
    )
    counts["followups_due"] = FollowUp.objects.filter(
        assignee=user, done_at__isnull=True, due_at__lte=timeutils.now()
    ).count()
    per_department = [(pk, name, grouped.get(pk, {}).get("open", 0)) for pk, name in memberships]
    return counts, per_department


def queue_counts(user: User) -> dict[str, int]:
    """How many open cases each personal queue holds, and the follow-ups due."""
    return navigation_counts(user)[0]


def department_counts(user: User) -> list[tuple[int, str, int]]:
    """(id, name, open cases) for each of the user's departments, empty ones too."""
    return navigation_counts(user)[1]
