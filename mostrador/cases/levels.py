"""Attribution levels 2 and 3: consulting another department, asking a superior's approval.

Level 1 is the handler resolving alone. Level 2 keeps the case with its handler while another
department answers a question. Level 3 is an action with an amount beyond the requester's
authority limit (accounts.AuthorityLimit): within the limit it is granted at once and the case
stays at its level; beyond it, a head decides. The case records the highest level it reached.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts import selectors as account_selectors
from mostrador.accounts.calendars import calendar_by_id
from mostrador.accounts.choices import ApprovalAction, Role
from mostrador.accounts.models import Department, Membership, User
from mostrador.cases import notices, permissions, search
from mostrador.cases.choices import TRANSITIONS, ApprovalStatus, CaseStatus, Channel, MessageKind
from mostrador.cases.models import ApprovalRequest, Case, Consultation, Message
from mostrador.cases.services import set_status
from mostrador.core import timeutils
from mostrador.core.businesstime import add_business_time
from mostrador.core.errors import Conflict, Forbidden, InvalidInput
from mostrador.core.services import record_event


def _raise_level(case: Case, level: int) -> None:
    if case.level < level:
        case.level = level
        case.save(update_fields=["level", "updated_at"])


def _wait(case: Case, status: str, actor: User) -> None:
    if case.status != status and status in TRANSITIONS[case.status]:
        set_status(case, status, actor=actor)


def _resume_if_nothing_pending(case: Case, waiting: str, actor: User) -> None:
    pending = (
        case.consultations.filter(answered_at__isnull=True).exists()
        if waiting == CaseStatus.WAITING_DEPARTMENT
        else case.approvals.filter(status=ApprovalStatus.PENDING).exists()
    )
    if case.status == waiting and not pending:
        set_status(case, CaseStatus.OPEN, actor=actor)


class HeadsCache(dict[int, list[User]]):
    """Heads per department, looked up once per job run instead of once per case."""

    def of(self, department: Department) -> list[User]:
        if department.pk not in self:
            self[department.pk] = heads_of(department)
        return self[department.pk]


def heads_of(department: Department) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(department=department, role=Role.HEAD).select_related(
            "user"
        )
    ]


@transaction.atomic
def request_consultation(
    case: Case,
    *,
    department: Department,
    question: str,
    actor: Any,
    due_at: dt.datetime | None = None,
) -> Consultation:
    """Ask ``department`` a question about ``case`` (level 2); the case waits on its answer.

    Due by default CONSULTATION_DUE_HOURS business hours later on the consulted department's
    calendar. Records ``cases.consultation.requested``; notifies the department's members.
    """
    staff = permissions.require_worker(actor, case)
    if not question.strip():
        raise InvalidInput(fields={"question": [_("Write the question.")]})
    now = timeutils.now()
    due = due_at or add_business_time(
        calendar_by_id(department.calendar_id),
        now,
        dt.timedelta(hours=settings.CONSULTATION_DUE_HOURS),
    )
    consultation = Consultation.objects.create(
        case=case,
        department=department,
        asked_by=staff,
        question=question.strip(),
        due_at=due,
        created_at=now,
    )
    _raise_level(case, 2)
    record_event(
        case,
        "cases.consultation.requested",
        actor=staff,
        data={"consultation": consultation.pk, "department": department.pk, "due_at": due},
    )
    _wait(case, CaseStatus.WAITING_DEPARTMENT, staff)
    members = [
        m.user for m in Membership.objects.filter(department=department).select_related("user")
    ]
    notices.notify_staff(members, "consultation_requested", case)
    return consultation


@transaction.atomic
def answer_consultation(
    consultation: Consultation, *, answer: str, actor: Any, channel: str = Channel.WORKSPACE
) -> Consultation:
    """Answer a consultation: the answer goes to the case as an internal note, back to its handler.

    ``channel`` is where the answer was written (the workspace, the API).

    Only members of the consulted department (or admins) answer. Raises ``Forbidden``,
    ``Conflict`` if already answered, ``InvalidInput`` for an empty answer. Records
    ``cases.consultation.answered``.
    """
    allowed = isinstance(actor, User) and (
        account_permissions.is_admin(actor)
        or Membership.objects.filter(user=actor, department=consultation.department).exists()
    )
    if not allowed:
        raise Forbidden()
    if consultation.answered_at is not None:
        raise Conflict(_("This consultation is already answered."), code="consultation_answered")
    if not answer.strip():
        raise InvalidInput(fields={"answer": [_("Write the answer.")]})
    now = timeutils.now()
    consultation.answer, consultation.answered_by, consultation.answered_at = (
        answer.strip(),
        actor,
        now,
    )
    consultation.save(update_fields=["answer", "answered_by", "answered_at"])
    case = consultation.case
    note = Message.objects.create(
        case=case,
        kind=MessageKind.NOTE,
        channel=channel,
        author=actor,
        created_at=now,
        body=_("Answer from %(department)s: %(answer)s")
        % {"department": consultation.department.name, "answer": answer.strip()},
    )
    search.index_message(note)
    record_event(
        case, "cases.consultation.answered", actor=actor, data={"consultation": consultation.pk}
    )
    _resume_if_nothing_pending(case, CaseStatus.WAITING_DEPARTMENT, actor)
    notices.notify_staff([consultation.asked_by], "consultation_answered", case)
    return consultation


def approver_for(department: Department, action: str, amount: Decimal) -> User | None:
    """The department's configured approver; else the head who may grant ``amount``; else any
    head; else an admin."""
    if department.approver is not None and department.approver.is_active:
        return department.approver
    heads = heads_of(department)
    for head in heads:
        if account_selectors.get_authority_limit(head, action) >= amount:
            return head
    if heads:
        return heads[0]
    admin = Membership.objects.filter(role=Role.ADMIN).select_related("user").order_by("pk").first()
    return admin.user if admin else None


@transaction.atomic
def request_approval(
    case: Case, *, action: str, amount: Decimal, actor: Any, reason: str = ""
) -> ApprovalRequest:
    """Ask to grant ``action`` for ``amount`` on ``case``.

    Within the requester's authority limit it is granted at once (``within_limit``) and the case
    keeps its level. Beyond it, it goes to a head of the case's department, the case waits on
    authorisation and reaches level 3. Records ``cases.approval.requested`` or
    ``cases.approval.granted_within_limit``; notifies the approver.
    """
    staff = permissions.require_worker(actor, case)
    if action not in ApprovalAction.values:
        raise InvalidInput(fields={"action": [_("Unknown action.")]})
    if amount < 0:
        raise InvalidInput(fields={"amount": [_("The amount cannot be negative.")]})
    now = timeutils.now()
    limit = account_selectors.get_authority_limit(staff, action)
    if amount <= limit:
        approval = ApprovalRequest.objects.create(
            case=case,
            action=action,
            amount=amount,
            reason=reason,
            requested_by=staff,
            status=ApprovalStatus.WITHIN_LIMIT,
            decided_by=staff,
            decided_at=now,
            created_at=now,
        )
        record_event(
            case,
            "cases.approval.granted_within_limit",
            actor=staff,
            data={"approval": approval.pk, "action": action, "amount": amount, "limit": limit},
        )
        return approval
    approver = approver_for(case.department, action, amount)
    due = add_business_time(
        calendar_by_id(case.department.calendar_id),
        now,
        dt.timedelta(hours=settings.APPROVAL_DUE_HOURS),
    )
    approval = ApprovalRequest.objects.create(
        case=case,
        action=action,
        amount=amount,
        reason=reason,
        requested_by=staff,
        approver=approver,
        status=ApprovalStatus.PENDING,
        due_at=due,
        created_at=now,
    )
    _raise_level(case, 3)
    record_event(
        case,
        "cases.approval.requested",
        actor=staff,
        data={
            "approval": approval.pk,
            "action": action,
            "amount": amount,
            "limit": limit,
            "approver": approver.pk if approver else None,
        },
    )
    _wait(case, CaseStatus.WAITING_AUTHORISATION, staff)
    if approver is not None:
        notices.notify_staff([approver], "approval_requested", case)
    return approval


def can_decide(user: User, approval: ApprovalRequest) -> bool:
    return (
        user.pk == approval.approver_id
        or account_permissions.is_admin(user)
        or (account_permissions.is_head_of(user, approval.case.department))
    )


@transaction.atomic
def decide_approval(
    approval: ApprovalRequest, *, approve: bool, actor: Any, reason: str = ""
) -> ApprovalRequest:
    """Approve or reject a pending request; a rejection needs a reason. The case resumes.

    Raises ``Forbidden`` unless the actor is the approver, a head of the case's department or an
    admin; ``Conflict`` if already decided. Records ``cases.approval.approved`` or ``.rejected``.
    """
    if not isinstance(actor, User) or not can_decide(actor, approval):
        raise Forbidden()
    if approval.status != ApprovalStatus.PENDING:
        raise Conflict(_("This request is already decided."), code="approval_decided")
    if not approve and not reason.strip():
        raise InvalidInput(fields={"reason": [_("Say why the request is rejected.")]})
    approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    approval.decided_by, approval.decided_at, approval.decision_reason = (
        actor,
        timeutils.now(),
        reason.strip(),
    )
    approval.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    verb = "cases.approval.approved" if approve else "cases.approval.rejected"
    record_event(
        approval.case, verb, actor=actor, data={"approval": approval.pk, "reason": reason.strip()}
    )
    _resume_if_nothing_pending(approval.case, CaseStatus.WAITING_AUTHORISATION, actor)
    notices.notify_staff([approval.requested_by], "approval_decided", approval.case)
    return approval


@transaction.atomic
def escalate_overdue() -> int:
    """Escalate unanswered consultations and undecided approvals past their due time to the heads.

    Each is escalated once. Records ``cases.consultation.escalated`` / ``cases.approval.escalated``.
    """
    now = timeutils.now()
    count = 0
    heads = HeadsCache()
    overdue = Consultation.objects.filter(
        answered_at__isnull=True, escalated_at__isnull=True, due_at__lt=now
    )
    # Locked, and skipped when locked: a run beside this one (a task queued again after its
    # worker was lost, though it was only slow) escalates nothing twice.
    for consultation in overdue.select_related("case", "department").select_for_update(
        skip_locked=True, of=("self",)
    ):
        consultation.escalated_at = now
        consultation.save(update_fields=["escalated_at"])
        record_event(
            consultation.case,
            "cases.consultation.escalated",
            data={"consultation": consultation.pk},
        )
        notices.notify_staff(heads.of(consultation.department), "escalated", consultation.case)
        count += 1
    late = ApprovalRequest.objects.filter(
        status=ApprovalStatus.PENDING, escalated_at__isnull=True, due_at__lt=now
    )
    for approval in late.select_related("case", "case__department").select_for_update(
        skip_locked=True, of=("self",)
    ):
        approval.escalated_at = now
        approval.save(update_fields=["escalated_at"])
        record_event(approval.case, "cases.approval.escalated", data={"approval": approval.pk})
        notices.notify_staff(heads.of(approval.case.department), "escalated", approval.case)
        count += 1
    return count
