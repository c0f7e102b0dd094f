"""Follow-ups, consultations (level 2) and approval requests (level 3) on a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mostrador.accounts.choices import ApprovalAction
from mostrador.accounts.models import Department
from mostrador.cases.choices import ApprovalStatus, FollowUpReason
from mostrador.cases.models.case import Case


class FollowUp(models.Model):
    """A dated task for a person on a case, e.g. the owner checking back after a transfer.

    ``due_at`` may be empty until the event it waits for: a check-back after a transfer falls
    due once the case is resolved.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="followups"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="followups",
    )
    reason = models.CharField(_("reason"), max_length=30, choices=FollowUpReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["assignee", "done_at", "due_at"], name="followup_assignee")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.case_id}"


class Consultation(models.Model):
    """Level 2: a question from a case's handler to another department, with a due time.

    The answer comes back to the case; its owner stays responsible throughout.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="consultations"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department consulted"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("question"))
    due_at = models.DateTimeField(_("due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["department", "answered_at", "due_at"], name="consultation_inbox")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.department_id}"


class ApprovalRequest(models.Model):
    """Level 3: an action with an amount that exceeds the requester's authority limit."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="approvals"
    )
    action = models.CharField(_("action"), max_length=30, choices=ApprovalAction.choices)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("justification"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approvals_to_decide",
    )
    status = models.CharField(_("status"), max_length=20, choices=ApprovalStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["approver", "status"], name="approval_inbox")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="approval_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.amount} EUR · {self.case_id}"
