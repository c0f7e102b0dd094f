"""Reads for consultations, approval requests and follow-ups, scoped to the reader."""

from __future__ import annotations

from django.db.models import QuerySet

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.models import Membership, User
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
