"""Cases writes: opening a case, messages, the status workflow, changes of its fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mostrador.accounts.models import Department, User
from mostrador.cases import (
    assignment,
    claims,
    clocks,
    duetimes,
    notices,
    ownership,
    permissions,
    routing,
    search,
    signals,
)
from mostrador.cases import details as details_registry
from mostrador.cases.attachments import check_attachments, store_attachments
from mostrador.cases.choices import (
    CASE_CHANNELS,
    OPEN_STATUSES,
    TRANSITIONS,
    CaseStatus,
    CaseType,
    Channel,
    MessageKind,
    Priority,
)
from mostrador.cases.models import Case, Message, Tag
from mostrador.cases.references import next_reference
from mostrador.core import prefetch, timeutils
from mostrador.core.errors import Conflict, Forbidden, InvalidInput
from mostrador.core.language import detect_language
from mostrador.core.services import record_event
from mostrador.customers.models import ContactPoint, Customer


def _check_choice(value: str, choices: type[Any], field: str) -> None:
    if value not in choices.values:
        raise InvalidInput(
            fields={field: [_("“%(value)s” is not a valid choice.") % {"value": value}]}
        )


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


@dataclass(frozen=True)
class Opening:
    """A new case as checked, before anything is written (see ``check_opening``)."""

    type: str
    type_suggested: bool
    channel: str
    subject: str
    body: str
    priority: str | None
    details: dict[str, dict[str, Any]]


def check_opening(
    *,
    type: str | None,
    channel: str,
    subject: str,
    body: str,
    customer: Customer | None,
    priority: str | None = None,
    details: Mapping[str, Mapping[str, Any]] | None = None,
    attachments: Sequence[UploadedFile[bytes]] = (),
) -> Opening:
    """Check a new case and say what it will be, writing nothing; raise ``InvalidInput`` with
    every field that is wrong. Without a type (email, chat) one is suggested by the routing
    rules; a suggested type does not require its details (a person completes them)."""
    errors: dict[str, list[str]] = {}
    if channel not in CASE_CHANNELS:
        errors["channel"] = [_("“%(value)s” is not a valid choice.") % {"value": channel}]
    subject, body = subject.strip(), body.strip()
    if not subject:
        errors["subject"] = [_("The subject is required.")]
    if not body:
        errors["body"] = [_("Say what the customer asks or reports.")]
    if priority is not None and priority not in Priority.values:
        errors["priority"] = [_("“%(value)s” is not a valid choice.") % {"value": priority}]
    suggested = not type
    if suggested and channel not in routing.UNTYPED_CHANNELS:
        errors["type"] = [_("Say what kind of case this is.")]
    elif type and type not in CaseType.values:
        errors["type"] = [_("“%(value)s” is not a valid choice.") % {"value": type}]
    found = [InvalidInput(fields=errors)] if errors else []
    if suggested and "type" not in errors:
        seen = routing.Contact(subject=subject, body=body, channel=channel, customer=customer)
        type = routing.suggest_type(seen)
    case_type: str = type or CaseType.INFORMATION
    clean: dict[str, dict[str, Any]] = {}
    if "type" not in errors:
        try:
            clean = details_registry.check(case_type, details or {}, type_given=not suggested)
        except InvalidInput as error:
            found.append(error)
    try:
        check_attachments(attachments)
    except InvalidInput as error:
        found.append(error)
    if found:
        raise InvalidInput.combine(found)
    return Opening(case_type, suggested, channel, subject, body, priority, clean)


def _owner_of(
    target: Department, way: routing.Route | None, staff: User | None
) -> tuple[User | None, bool]:
    """Who answers for a new case from its first minute, and whether they also work on it:
    whoever logged it; else the rule's owner; else whom the department's assignment policy
    picks; else (manual assignment, or nobody available) the department's approver or head,
    who answers for it until someone takes it."""
    if staff is not None:
        return staff, True
    if way is not None and way.owner is not None:
        return way.owner, True
    policy = way.assignment_policy if way else target.assignment_policy
    picked = assignment.choose_assignee(target, policy)
    if picked is not None:
        return picked, True
    return assignment.answerable_for(target), False


def open_case(
    *,
    customer: Customer,
    type: str | None,
    channel: str,
    subject: str,
    body: str,
    actor: Any,
    contact: ContactPoint | None = None,
    filed_name: str | None = None,
    department: Department | None = None,
    priority: str | None = None,
    details: Mapping[str, Mapping[str, Any]] | None = None,
    language: str | None = None,
    attachments: Sequence[UploadedFile[bytes]] = (),
    fallback_department: Department | None = None,
    html: str = "",
    fold_at: int | None = None,
    acknowledge: bool = True,
    checked: Opening | None = None,
) -> Case:
    """Open a case for ``customer`` with what they said as its first message; issue the receipt.

    Interfaces call ``intake.file_case``, which finds the customer first; this is its last step.
    ``actor`` is the staff member who logged it (phone, counter), who then owns it, or None
    when the customer wrote in. ``filed_name`` is the name it is filed under, which its receipt
    shows (``intake`` chooses it); None is the customer's own. Without a department the
    routing rules choose one, falling back to ``fallback_department`` (the mailbox's, for
    email) or the customer service department; the owner is the actor, the rule's owner,
    whoever the department's assignment policy picks, or its approver or head (``_owner_of``).
    ``details`` are the type's own (a claim's remedy: ``cases.details``). The language is
    detected from the text when not given. ``html`` and ``fold_at`` describe the message as it
    came (see ``Message``). ``acknowledge=False`` sends no receipt: automated mail is never
    answered. ``checked`` is what ``check_opening`` said of the same arguments. Raises
    ``InvalidInput``. Records ``cases.case.opened``; records the receipt notice; on commit,
    sends ``signals.case_opened``.
    """
    opening = checked or check_opening(
        type=type,
        channel=channel,
        subject=subject,
        body=body,
        customer=customer,
        priority=priority,
        details=details,
        attachments=attachments,
    )
    # Checked first, so that a refusal leaves the caller's transaction usable; the writes then
    # join it without a savepoint of their own (an error there undoes the caller's work too).
    with transaction.atomic(savepoint=False):
        seen = routing.Contact(
            subject=opening.subject,
            body=opening.body,
            channel=channel,
            case_type=opening.type,
            customer=customer,
        )
        way: routing.Route | None = None
        if department is None:
            way = routing.route(seen, default=fallback_department or _default_department())
            target = way.department
        else:
            target = department
        staff = _staff(actor)
        owner, works_on_it = _owner_of(target, way, staff)
        # An owner of last resort answers for the case; it waits in the queue for a taker.
        handler = owner if works_on_it else None
        now = timeutils.now()
        case = Case(
            reference=next_reference(now),
            type=opening.type,
            channel=channel,
            priority=opening.priority or (way.priority if way else None) or Priority.NORMAL,
            department=target,
            customer=customer,
            contact=contact,
            filed_name=(customer.name if filed_name is None else filed_name)[:200],
            owner=owner,
            handler=handler,
            language=language
            or detect_language(f"{opening.subject}\n{opening.body}", fallback=customer.language),
            subject=opening.subject[:300],
            created_at=now,
        )
        clocks.compute_due_times(case)  # before the INSERT: one statement writes the case
        case.save(force_insert=True)
        details_registry.create(case, opening.details)
        message = Message.objects.create(
            case=case,
            kind=MessageKind.INBOUND,
            channel=channel,
            author=staff,
            body=opening.body,
            html=html,
            fold_at=fold_at,
            created_at=now,
        )
        # What was just written is what the answer shows: nothing read back. (Not the case's
        # messages: a caller may add more to the same object, which nothing would tell the set.)
        prefetch.remember(message, "attachments", store_attachments(message, attachments))
        prefetch.remember(case, "tags", [])  # changed only through case.tags, which forgets it
        search.index_new_case(case, message)
        record_event(
            case,
            "cases.case.opened",
            actor=actor,
            data={
                "type": opening.type,
                "type_suggested": opening.type_suggested,
                "channel": channel,
                "department": case.department_id,
                "priority": case.priority,
                "routing_rule": way.rule if way else None,
                "owner": case.owner_id,
            },
        )
        if acknowledge:
            notices.send_receipt(case)
        if handler is not None and handler != staff:
            notices.notify_staff([handler], "assigned", case)
        signals.send_on_commit(signals.case_opened, case=case, actor=staff)
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
    channel: str,
    attachments: Sequence[UploadedFile[bytes]] = (),
    html: str = "",
    fold_at: int | None = None,
    hidden_from_customer: bool = False,
    then_status: str | None = None,
) -> Message:
    """Add a customer message, a reply to the customer, or an internal note to ``case``.

    ``channel`` is the way the message truly came: the email it arrived in, the portal, the API,
    or the staff workspace for what staff write on the case page. A customer message moves a
    case waiting for them back to open, and reopens a resolved or closed case within the
    reopen window. The first reply to the customer stops the first-response clock. ``html`` and
    ``fold_at`` describe a message as it came (see ``Message``), as ``hidden_from_customer``
    does an outside message the customer did not write. Raises ``Forbidden`` or
    ``InvalidInput``; records ``cases.message.added``; a reply records its notice, and on
    commit sends ``signals.case_answered``.

    ``then_status`` (one of ``REPLY_THEN``: waiting on the customer, resolved) moves the case
    there in the same step, as "Send and resolve" does: a status the case may not take now
    raises ``Conflict`` (``illegal_transition``) before anything is written, so a refused
    change sends nothing. A case already in that status stays as it is.
    """
    _check_choice(kind, MessageKind, "kind")
    _check_choice(channel, Channel, "channel")
    staff = _staff(actor)
    if kind != MessageKind.INBOUND and (
        staff is None or not permissions.can_work_on_case(staff, case)
    ):
        raise Forbidden()
    if then_status is not None:
        _check_then(case, kind, then_status)
    if not body.strip():
        raise InvalidInput(fields={"body": [_("The message is empty.")]})
    check_attachments(attachments)
    if hidden_from_customer and kind != MessageKind.INBOUND:
        raise ValueError("only an outside message can be hidden from the customer")
    if case.merged_into_id:
        raise Conflict(_("This case was merged into another; write there."), code="case_merged")
    now = timeutils.now()
    message = Message.objects.create(
        case=case,
        kind=kind,
        channel=channel,
        author=staff,
        body=body.strip(),
        html=html,
        fold_at=fold_at,
        created_at=now,
        hidden_from_customer=hidden_from_customer,
    )
    prefetch.remember(message, "attachments", store_attachments(message, attachments))
    search.index_message(message)
    record_event(
        case, "cases.message.added", actor=actor, data={"message": message.pk, "kind": kind}
    )
    if kind == MessageKind.INBOUND:
        _on_customer_message(case, actor=actor)
    elif kind == MessageKind.OUTBOUND:
        _on_reply(case, now=now, actor=actor)
        notices.send_reply(message)
        signals.send_on_commit(signals.case_answered, case=case, actor=staff, message=message)
    if then_status is not None and then_status != case.status:
        _then(case, then_status, actor=actor)
    return message


# The statuses a reply or a note can leave the case in, as it is sent ("Send and resolve").
REPLY_THEN = (CaseStatus.WAITING_CUSTOMER, CaseStatus.RESOLVED)


def reply_then_choices(case: Case) -> list[str]:
    """The ``REPLY_THEN`` statuses ``case`` may move to with a reply now (the case page offers
    these; not the one it is already in)."""
    return [status for status in REPLY_THEN if status in TRANSITIONS[case.status]]


def _may_then(case: Case, status: str) -> bool:
    # A reply moves a new case to open first (``_on_reply``): both lead to the same statuses.
    return status == case.status or status in TRANSITIONS[case.status]


def _check_then(case: Case, kind: str, status: str) -> None:
    if kind == MessageKind.INBOUND or status not in REPLY_THEN:
        raise InvalidInput(
            fields={"then": [_("“%(value)s” is not a valid choice.") % {"value": status}]}
        )
    if not _may_then(case, status):
        raise Conflict(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": CaseStatus(case.status).label, "to": CaseStatus(status).label},
            code="illegal_transition",
        )


def _then(case: Case, status: str, *, actor: Any) -> None:
    if status == CaseStatus.RESOLVED:
        resolve_case(case, actor=actor)
    else:
        set_status(case, status, actor=actor)


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
    _signal_status(case, previous, status, actor)
    return case


def _signal_status(case: Case, previous: str, status: str, actor: Any) -> None:
    staff = _staff(actor)
    if status == CaseStatus.RESOLVED:
        signals.send_on_commit(signals.case_resolved, case=case, actor=staff)
    elif status == CaseStatus.CLOSED:
        signals.send_on_commit(signals.case_closed, case=case, actor=staff)
    elif previous in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        signals.send_on_commit(signals.case_reopened, case=case, actor=staff)


@transaction.atomic
def resolve_case(case: Case, *, actor: Any, note: str = "") -> Case:
    """Mark the case solved; the owner's follow-ups and the survey start from here."""
    set_status(case, CaseStatus.RESOLVED, actor=actor, reason=note[:200])
    ownership.schedule_followups_after_resolution(case, case.resolved_at or timeutils.now())
    notices.send_resolution(case)
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
    department: Department | None = None,
    priority: str | None = None,
    type: str | None = None,
    tags: Iterable[str] | None = None,
    claim: Mapping[str, Any] | None = None,
) -> Case:
    """Change what ``case`` is: its department (a transfer), priority, type, tags and the
    claim's remedy and amount asked. All of it applies, or none of it does.

    A case that becomes a claim must say what is claimed (a claim it has, or ``claim``).
    Raises ``Forbidden`` or ``InvalidInput`` (every field that is wrong). Records
    ``cases.case.updated`` with what changed, and ``cases.case.transferred`` for a new
    department.
    """
    staff = _staff(actor)
    if staff is None or not permissions.can_work_on_case(staff, case):
        raise Forbidden()
    new_type = type if type is not None and type != case.type else None
    clean_claim = _check_update(case, priority=priority, type=new_type, claim=claim)
    if department is not None and department.pk != case.department_id:
        ownership.transfer_case(case, actor=staff, department=department)
    changes: dict[str, Any] = {}
    if priority is not None and priority != case.priority:
        changes["priority"] = [case.priority, priority]
        case.priority = priority
    if new_type is not None:
        changes["type"] = [case.type, new_type]
        case.type = new_type
    if changes:
        fields = [*changes, "updated_at"]
        if "type" in changes or "priority" in changes:
            fields += clocks.compute_due_times(case)
        case.save(update_fields=list(dict.fromkeys(fields)))
    if clean_claim is not None:
        changes.update(claims.set_claim(case, clean_claim))
    if tags is not None:
        changes.update(_set_tags(case, tags))
    if changes:
        record_event(case, "cases.case.updated", actor=actor, data=changes)
    return case


def _check_update(
    case: Case, *, priority: str | None, type: str | None, claim: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """Check an update before anything changes; the claim's values, cleaned, if given."""
    errors: dict[str, list[str]] = {}
    if priority is not None and priority not in Priority.values:
        errors["priority"] = [_("“%(value)s” is not a valid choice.") % {"value": priority}]
    if type is not None and type not in CaseType.values:
        errors["type"] = [_("“%(value)s” is not a valid choice.") % {"value": type}]
    final_type = type or case.type
    clean = None
    if claim is not None or (type == CaseType.CLAIM and not hasattr(case, "claim")):
        try:
            given = {"claim": claim} if claim else {}
            clean = details_registry.check(final_type, given).get("claim")
        except InvalidInput as error:
            errors.update(error.fields)
    if errors:
        raise InvalidInput(fields=errors)
    return clean


def _set_tags(case: Case, tags: Iterable[str]) -> dict[str, Any]:
    names = sorted({slugify(tag, allow_unicode=True)[:50] for tag in tags} - {""})
    current = sorted(case.tags.values_list("name", flat=True))
    if names == current:
        return {}
    case.tags.set([Tag.objects.get_or_create(name=name)[0] for name in names])
    return {"tags": [current, names]}


def is_open(case: Case) -> bool:
    return case.status in OPEN_STATUSES


def recompute_due_times(*, calendar_id: int) -> int:
    """Recompute SLA and legal due times of the open cases on ``calendar_id``; return how many.

    Due times are derived values (policy, calendar, pauses), so this records no events: the
    history keeps what people did, not what the arithmetic gave.
    """
    # Computed outside any transaction, written in short ones: ``duetimes`` says why.
    ids = duetimes.open_case_ids(calendar_id)
    duetimes.recompute(ids)
    return len(ids)
