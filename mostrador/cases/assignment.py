"""Choosing who in a department takes a new case: round robin or fewest open cases."""

from __future__ import annotations

from django.db.models import Count, Q

from mostrador.accounts.choices import AssignmentPolicy, Role
from mostrador.accounts.models import Department, User
from mostrador.cases.choices import OPEN_STATUSES
from mostrador.cases.models import Case
from mostrador.core import timeutils

# Heads approve and supervise; the front line and the technicians take cases.
TAKES_CASES = (Role.OPERATOR, Role.TECHNICIAN)


def available_members(department: Department) -> list[User]:
    """Active operators and technicians of ``department`` who are not absent now, by id."""
    now = timeutils.now()
    return list(
        User.objects.filter(
            is_active=True, memberships__department=department, memberships__role__in=TAKES_CASES
        )
        .filter(Q(absent_until__isnull=True) | Q(absent_until__lte=now))
        .order_by("pk")
        .distinct()
    )


def _round_robin(department: Department, members: list[User]) -> User:
    # The next after whoever received the department's latest case: derived from the cases
    # themselves, so there is no pointer to keep in step.
    last_owner = (
        Case.objects.filter(department=department, owner__isnull=False)
        .order_by("-created_at", "-pk")
        .values_list("owner_id", flat=True)
        .first()
    )
    later = [member for member in members if last_owner is not None and member.pk > last_owner]
    return later[0] if later else members[0]


def _fewest_open(department: Department, members: list[User]) -> User:
    loads = dict(
        Case.objects.filter(department=department, status__in=OPEN_STATUSES, owner__in=members)
        .values_list("owner_id")
        .annotate(open_cases=Count("pk"))
        .values_list("owner_id", "open_cases")
    )
    return min(members, key=lambda member: (loads.get(member.pk, 0), member.pk))


def choose_assignee(department: Department, policy: str) -> User | None:
    """Who takes a new case of ``department`` under ``policy``; None for manual or nobody free."""
    if policy == AssignmentPolicy.MANUAL:
        return None
    members = available_members(department)
    if not members:
        return None
    if policy == AssignmentPolicy.ROUND_ROBIN:
        return _round_robin(department, members)
    return _fewest_open(department, members)


def answerable_for(department: Department) -> User | None:
    """Who answers for a department's case nobody was assigned: its approver, else its first
    head, else its first active member (None only for a department without anyone)."""
    approver = department.approver if department.approver_id is not None else None
    if approver is not None and approver.is_active:
        return approver
    members = (
        User.objects.filter(is_active=True, memberships__department=department)
        .annotate(is_head=Q(memberships__role=Role.HEAD))
        .order_by("-is_head", "pk")
    )
    return members.first()
