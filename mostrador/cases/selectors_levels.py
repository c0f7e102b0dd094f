"""Reads for consultations, approval requests and follow-ups, scoped to the reader."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.choices import Role
from mostrador.accounts.models import Membership, User
from mostrador.cases.choices import ApprovalStatus
from mostrador.cases.models import ApprovalRequest, Consultation, FollowUp
from mostrador.core.errors import NotFound


def get_consultation_for_user(pk: int, user: User) -> Consultation:
    """A consultation the reader may see: asked by them, to their department, or any for admins."""
    consultation = (
        Consultation.objects.select_related("case", "department", "asked_by").filter(pk=pk).first()
    )
    if consultation is None:
        raise NotFound()
    mine = (
        consultation.asked_by_id == user.pk
        or Membership.objects.filter(
            user=user,
            department_id__in=[consultation.department_id, consultation.case.department_id],
        ).exists()
    )
    if not (mine or account_permissions.is_admin(user)):
        raise NotFound()
    return consultation


def get_approval_for_user(pk: int, user: User) -> ApprovalRequest:
    approval = (
        ApprovalRequest.objects.select_related("case", "case__department").filter(pk=pk).first()
    )
    if approval is None:
        raise NotFound()
    involved = (
        user.pk in (approval.requested_by_id, approval.approver_id)
        or Membership.objects.filter(user=user, department_id=approval.case.department_id).exists()
    )
    if not (involved or account_permissions.is_admin(user)):
        raise NotFound()
    return approval


def list_followups_for(user: User, *, pending_only: bool = True) -> QuerySet[FollowUp]:
    """The reader's follow-ups, soonest due first (those waiting for a resolution last)."""
    followups = FollowUp.objects.filter(assignee=user).select_related("case")
    if pending_only:
        followups = followups.filter(done_at__isnull=True)
    return followups.order_by("due_at", "id")


def get_followup_for_user(pk: int, user: User) -> FollowUp:
    """One of the reader's own follow-ups (any, for admins), or ``NotFound``."""
    followup = FollowUp.objects.select_related("case").filter(pk=pk).first()
    if followup is None or (
        followup.assignee_id != user.pk and not account_permissions.is_admin(user)
    ):
        raise NotFound()
    return followup


def pending_approvals_for(user: User) -> QuerySet[ApprovalRequest]:
    """Requests waiting for ``user``'s decision: addressed to them, or to a department they head
    (all of them for admins), oldest due first."""
    pending = ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING)
    if not account_permissions.is_admin(user):
        headed = Membership.objects.filter(user=user, role=Role.HEAD).values("department_id")
        pending = pending.filter(Q(approver=user) | Q(case__department_id__in=headed))
    return pending.select_related(
        "case", "case__customer", "case__department", "requested_by", "approver", "decided_by"
    ).order_by("due_at", "id")


def approvals_asked_by(user: User, *, pending_only: bool = False) -> QuerySet[ApprovalRequest]:
    """The requests ``user`` made, newest first: where their authorisations stand."""
    asked = ApprovalRequest.objects.filter(requested_by=user)
    if pending_only:
        asked = asked.filter(status=ApprovalStatus.PENDING)
    return asked.select_related(
        "case", "case__customer", "case__department", "requested_by", "approver", "decided_by"
    ).order_by("-created_at", "-id")


def open_consultations_for(user: User) -> QuerySet[Consultation]:
    """Unanswered consultations to the user's departments, oldest due first."""
    departments = Membership.objects.filter(user=user).values("department_id")
    return (
        Consultation.objects.filter(answered_at__isnull=True, department_id__in=departments)
        .select_related("case", "case__customer", "department", "asked_by", "answered_by")
        .order_by("due_at", "id")
    )


def consultations_asked_by(user: User, *, open_only: bool = False) -> QuerySet[Consultation]:
    """The questions ``user`` asked other departments, newest first."""
    asked = Consultation.objects.filter(asked_by=user)
    if open_only:
        asked = asked.filter(answered_at__isnull=True)
    return asked.select_related(
        "case", "case__customer", "department", "asked_by", "answered_by"
    ).order_by("-created_at", "-id")
