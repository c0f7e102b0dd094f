"""Cases writes: opening a case, messages, the status workflow, changes of its fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mostrador.accounts.models import Department, User
from mostrador.cases import (
    assignment,
    clocks,
    notifications,
    ownership,
    permissions,
    routing,
    search,
)
from mostrador.cases.attachments import check_attachments, store_attachments
from mostrador.cases.choices import (
    OPEN_STATUSES,
    TRANSITIONS,
    CaseStatus,
    CaseType,
    Channel,
    MessageKind,
    Priority,
    Remedy,
)
from mostrador.cases.models import Case, Message, Tag
from mostrador.cases.references import next_reference
from mostrador.core import timeutils
from mostrador.core.errors import Conflict, Forbidden, InvalidInput
from mostrador.core.language import detect_language
from mostrador.core.services import record_event
from mostrador.customers.models import ContactPoint, Customer


def _check_choice(value: str, choices: type[Any], field: str) -> None:
    if value not in choices.values:
        raise InvalidInput(
            fields={field: [_("“%(value)s” is not a valid choice.") % {"value": value}]}
        )


def _check_claim(type: str, remedy: str, amount: Decimal | None) -> None:
    if remedy:
        _check_choice(remedy, Remedy, "remedy")
    if type == CaseType.CLAIM and not remedy:
        raise InvalidInput(fields={"remedy": [_("A claim must say what the customer asks for.")]})
    if amount is not None and amount < 0:
        raise InvalidInput(fields={"amount": [_("The amount cannot be negative.")]})


def _default_department() -> Department:
    department = (
        Department.objects.filter(is_active=True, kind="customer_service").order_by("pk").first()
        or Department.objects.filter(is_active=True).order_by("pk").first()
    )
    if department is None:
        raise InvalidInput(_("There is no department to receive the case."), code="no_department")
    return department


def _staff(actor: Any) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None


@transaction.atomic
def open_case(
    *,
    customer: Customer,
    type: str | None,
    channel: str,
    subject: str,
    body: str,
    actor: Any,
    contact: ContactPoint | None = None,
    department: Department | None = None,
    priority: str | None = None,
    remedy: str = "",
    amount: Decimal | None = None,
    authority: str = "",
    language: str | None = None,
    attachments: Sequence[UploadedFile[bytes]] = (),
    fallback_department: Department | None = None,
    html: str = "",
    fold_at: int | None = None,
    acknowledge: bool = True,
) -> Case:
    """Open a case for ``customer`` with what they said as its first message; issue the receipt.

    ``actor`` is the staff member who logged it (phone, counter), who then owns it, or None
    when the customer wrote in. Without a department the routing rules choose one, falling back
    to ``fallback_department`` (the mailbox's, for email) or the customer service department;
    without a type (email, chat) one is suggested; the owner is the actor, the rule's owner, or
    whoever the department's assignment policy picks. The language is detected from the text
    when not given. ``html`` and ``fold_at`` describe the message as it came (see
    ``Message``). ``acknowledge=False`` sends no receipt: automated mail is never answered.
    Raises ``InvalidInput``. Records ``cases.case.opened``; on commit, sends the receipt.
    """
    _check_choice(channel, Channel, "channel")
    subject, body = subject.strip(), body.strip()
    if not subject:
        raise InvalidInput(fields={"subject": [_("The subject is required.")]})
    if not body:
        raise InvalidInput(fields={"body": [_("Say what the customer asks or reports.")]})
    seen = routing.Contact(
        subject=subject, body=body, channel=channel, case_type=type or "", customer=customer
    )
    suggested = not type
    if suggested:
        if channel not in routing.UNTYPED_CHANNELS:
            raise InvalidInput(fields={"type": [_("Say what kind of case this is.")]})
        type = routing.suggest_type(seen)
        seen = dataclasses.replace(seen, case_type=type)
    case_type: str = type or CaseType.INFORMATION
    _check_choice(case_type, CaseType, "type")
    _check_claim(case_type, remedy, amount)
    if priority is not None:
        _check_choice(priority, Priority, "priority")
    check_attachments(attachments)
    fallback = fallback_department or _default_department()
    way = routing.route(seen, default=fallback) if department is None else None
    target = department or (way.department if way else fallback)
    staff = _staff(actor)
    owner = staff or (way.owner if way else None)
    if owner is None:
        owner = assignment.choose_assignee(
            target, way.assignment_policy if way else target.assignment_policy
        )
    now = timeutils.now()
    case = Case.objects.create(
        reference=next_reference(now),
        type=case_type,
        channel=channel,
        priority=priority or (way.priority if way else None) or Priority.NORMAL,
        department=target,
        customer=customer,
        contact=contact,
        owner=owner,
        handler=owner,
        language=language or detect_language(f"{subject}\n{body}", fallback=customer.language),
        subject=subject[:300],
        remedy=remedy,
        amount=amount,
        authority=authority[:200],
        created_at=now,
    )
    case.save(update_fields=clocks.compute_due_times(case))
    message = Message.objects.create(
        case=case,
        kind=MessageKind.INBOUND,
        channel=channel,
        author=_staff(actor),
        body=body,
        html=html,
        fold_at=fold_at,
        created_at=now,
    )
    store_attachments(message, attachments)
    search.index_case(case, new=True)
    search.index_message(message)
    record_event(
        case,
        "cases.case.opened",
        actor=actor,
        data={
            "type": case_type,
            "type_suggested": suggested,
            "channel": channel,
            "department": case.department_id,
            "priority": case.priority,
            "routing_rule": way.rule if way else None,
            "owner": case.owner_id,
        },
    )
    if acknowledge:
        notifications.send_receipt(case)
    if owner is not None and owner != staff:
        notifications.notify_staff([owner], "assigned", case)
    return case


def _reopen_window() -> dt.timedelta:
    return dt.timedelta(days=settings.CASE_REOPEN_WINDOW_DAYS)


def can_reopen_by_reply(case: Case) -> bool:
    """Whether a customer's reply now reopens ``case`` (within the window after it ended)."""
    ended = case.closed_at or case.resolved_at
    return ended is None or timeutils.now() - ended <= _reopen_window()


@transaction.atomic
def add_message(
    case: Case,
    *,
    kind: str,
    body: str,
    actor: Any,
    channel: str | None = None,
    attachments: Sequence[UploadedFile[bytes]] = (),
    html: str = "",
    fold_at: int | None = None,
) -> Message:
    """Add a customer message, a reply to the customer, or an internal note to ``case``.

    A customer message moves a case waiting for them back to open, and reopens a resolved or
    closed case within the reopen window. The first reply to the customer stops the
    first-response clock. ``html`` and ``fold_at`` describe a message as it came (see
    ``Message``). Raises ``Forbidden`` or ``InvalidInput``; records ``cases.message.added``;
    on commit, a reply is emailed to the customer.
    """
    _check_choice(kind, MessageKind, "kind")
    staff = _staff(actor)
    if kind != MessageKind.INBOUND and (
        staff is None or not permissions.can_work_on_case(staff, case)
    ):
        raise Forbidden()
    if not body.strip():
        raise InvalidInput(fields={"body": [_("The message is empty.")]})
    check_attachments(attachments)
    if case.merged_into_id:
        raise Conflict(_("This case was merged into another; write there."), code="case_merged")
    now = timeutils.now()
    message = Message.objects.create(
        case=case,
        kind=kind,
        channel=channel or (Channel.API if kind != MessageKind.INBOUND else case.channel),
        author=staff,
        body=body.strip(),
        html=html,
        fold_at=fold_at,
        created_at=now,
    )
    store_attachments(message, attachments)
    search.index_message(message)
    record_event(
        case, "cases.message.added", actor=actor, data={"message": message.pk, "kind": kind}
    )
    if kind == MessageKind.INBOUND:
        _on_customer_message(case, actor=actor)
    elif kind == MessageKind.OUTBOUND:
        _on_reply(case, now=now, actor=actor)
        notifications.send_reply(message)
    return message


def _on_customer_message(case: Case, *, actor: Any) -> None:
    if case.status == CaseStatus.WAITING_CUSTOMER:
        set_status(case, CaseStatus.OPEN, actor=actor)
    elif case.status in (CaseStatus.RESOLVED, CaseStatus.CLOSED) and can_reopen_by_reply(case):
        reopen_case(case, actor=actor, reason="customer_reply")


def _on_reply(case: Case, *, now: dt.datetime, actor: Any) -> None:
    fields = ["updated_at"]
    if case.first_responded_at is None:
        case.first_responded_at = now
        fields += ["first_responded_at", *clocks.record_first_response(case, now)]
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.OPEN
        fields.append("status")
    case.save(update_fields=fields)


@transaction.atomic
def set_status(case: Case, status: str, *, actor: Any, reason: str = "") -> Case:
    """Move ``case`` to ``status`` if the workflow allows it (``choices.TRANSITIONS``).

    Raises ``Conflict`` with code ``illegal_transition`` otherwise. Records
    ``cases.case.status_changed``. If you add a timestamp here, clear it in ``reopen_case``.
    """
    _check_choice(status, CaseStatus, "status")
    if status not in TRANSITIONS[case.status]:
        raise Conflict(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": CaseStatus(case.status).label, "to": CaseStatus(status).label},
            code="illegal_transition",
        )
    previous, case.status = case.status, status
    fields = ["status", "updated_at"]
    now = timeutils.now()
    if previous == CaseStatus.WAITING_CUSTOMER:
        fields += clocks.resume(case, now)
    if status == CaseStatus.WAITING_CUSTOMER:
        fields += clocks.pause(case, now)
    if status == CaseStatus.RESOLVED:
        case.resolved_at = now
        fields += ["resolved_at", *clocks.record_resolution(case, now)]
    elif status == CaseStatus.CLOSED:
        case.closed_at = now
        fields.append("closed_at")
    case.save(update_fields=list(dict.fromkeys(fields)))
    record_event(
        case,
        "cases.case.status_changed",
        actor=actor,
        data={"from": previous, "to": status, "reason": reason},
    )
    return case


@transaction.atomic
def resolve_case(case: Case, *, actor: Any, note: str = "") -> Case:
    """Mark the case solved; the owner's follow-ups and the survey start from here."""
    set_status(case, CaseStatus.RESOLVED, actor=actor, reason=note[:200])
    ownership.schedule_followups_after_resolution(case, case.resolved_at or timeutils.now())
    notifications.send_resolution(case)
    return case


@transaction.atomic
def close_case(case: Case, *, actor: Any) -> Case:
    """Close the case for good (a customer reply within the window still reopens it)."""
    return set_status(case, CaseStatus.CLOSED, actor=actor)


@transaction.atomic
def reopen_case(case: Case, *, actor: Any, reason: str = "") -> Case:
    """Open a resolved or closed case again; its resolution times no longer hold."""
    set_status(case, CaseStatus.OPEN, actor=actor, reason=reason)
    case.resolved_at = case.closed_at = None
    case.resolution_seconds = None
    case.save(update_fields=["resolved_at", "closed_at", "resolution_seconds", "updated_at"])
    return case


@transaction.atomic
def update_case(
    case: Case,
    *,
    actor: Any,
    priority: str | None = None,
    type: str | None = None,
    tags: Iterable[str] | None = None,
) -> Case:
    """Change the priority, type or tags of ``case``. Records ``cases.case.updated``."""
    staff = _staff(actor)
    if staff is None or not permissions.can_work_on_case(staff, case):
        raise Forbidden()
    changes: dict[str, Any] = {}
    if priority is not None and priority != case.priority:
        _check_choice(priority, Priority, "priority")
        changes["priority"] = [case.priority, priority]
        case.priority = priority
    if type is not None and type != case.type:
        _check_choice(type, CaseType, "type")
        _check_claim(type, case.remedy, case.amount)
        changes["type"] = [case.type, type]
        case.type = type
    if changes:
        case.save(update_fields=[*changes, "updated_at"])
    if tags is not None:
        names = sorted({slugify(tag, allow_unicode=True)[:50] for tag in tags} - {""})
        current = sorted(case.tags.values_list("name", flat=True))
        if names != current:
            case.tags.set([Tag.objects.get_or_create(name=name)[0] for name in names])
            changes["tags"] = [current, names]
    if changes:
        record_event(case, "cases.case.updated", actor=actor, data=changes)
    return case


def is_open(case: Case) -> bool:
    return case.status in OPEN_STATUSES


def recompute_due_times(*, calendar_id: int) -> int:
    """Recompute SLA and legal due times of the open cases on ``calendar_id``; return how many.

    Due times are derived values (policy, calendar, pauses), so this records no events: the
    history keeps what people did, not what the arithmetic gave.
    """
    ids = list(
        Case.objects.filter(department__calendar_id=calendar_id, status__in=OPEN_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Ids first, then short transactions: a read cursor held open across writes makes SQLite
    # refuse the write ("database is locked") as soon as another process commits meanwhile.
    for start in range(0, len(ids), 200):
        with transaction.atomic():
            for case in Case.objects.filter(pk__in=ids[start : start + 200]).select_related(
                "department"
            ):
                case.save(update_fields=clocks.compute_due_times(case))
    return len(ids)


@transaction.atomic
def record_authority_forwarding(
    case: Case, *, authority: str, actor: Any, forwarded_at: dt.datetime | None = None
) -> Case:
    """Record that a report to the authorities was forwarded to ``authority`` (and when).

    Only for cases of type authority_report. Records ``cases.case.forwarded_to_authority``.
    """
    staff = _staff(actor)
    if staff is None or not permissions.can_work_on_case(staff, case):
        raise Forbidden()
    if case.type != CaseType.AUTHORITY_REPORT:
        raise Conflict(
            _("Only reports to the authorities are forwarded."), code="not_authority_report"
        )
    if not authority.strip():
        raise InvalidInput(fields={"authority": [_("Name the administration.")]})
    case.authority = authority.strip()[:200]
    case.authority_forwarded_at = forwarded_at or timeutils.now()
    case.save(update_fields=["authority", "authority_forwarded_at", "updated_at"])
    record_event(
        case,
        "cases.case.forwarded_to_authority",
        actor=staff,
        data={"authority": case.authority, "at": case.authority_forwarded_at},
    )
    return case
