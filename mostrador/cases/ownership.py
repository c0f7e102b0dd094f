"""Ownership services: the owner answers for a case to the end, through every transfer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.models import Department, Membership, User
from mostrador.cases import clocks, notices, permissions
from mostrador.cases.choices import FollowUpReason
from mostrador.cases.models import Case, FollowUp
from mostrador.core import timeutils
from mostrador.core.businesstime import add_business_time
from mostrador.core.errors import Conflict, Forbidden, InvalidInput
from mostrador.core.services import record_event


@transaction.atomic
def transfer_case(
    case: Case,
    *,
    actor: Any,
    department: Department | None = None,
    handler: User | None = None,
    note: str = "",
) -> Case:
    """Hand ``case`` to another department and/or person; the owner stays responsible.

    A case without an owner becomes the transferring person's. The owner follows the case and
    gets a follow-up to confirm with the customer once it is resolved. Raises ``Forbidden``,
    ``InvalidInput``. Records ``cases.case.transferred``; notifies the new handler.
    """
    staff = permissions.require_worker(actor, case)
    if department is None and handler is None:
        raise InvalidInput(fields={"department": [_("Say where or to whom the case goes.")]})
    target = department or case.department
    if (
        handler is not None
        and not Membership.objects.filter(user=handler, department=target).exists()
    ):
        raise InvalidInput(
            fields={"handler": [_("This person is not a member of that department.")]}
        )
    previous = {"department": case.department_id, "handler": case.handler_id}
    owner = case.owner or staff
    case.owner = owner
    department_changed = target.pk != case.department_id
    case.department = target
    case.handler = handler
    fields = ["owner", "department", "handler", "updated_at"]
    if department_changed:
        fields += clocks.compute_due_times(case)
    case.save(update_fields=fields)
    case.followers.add(owner)
    FollowUp.objects.get_or_create(
        case=case,
        assignee=owner,
        reason=FollowUpReason.CONFIRM_AFTER_TRANSFER,
        done_at=None,
        defaults={"created_at": timeutils.now(), "note": note[:300]},
    )
    record_event(
        case,
        "cases.case.transferred",
        actor=staff,
        data={
            "from": previous,
            "to": {"department": target.pk, "handler": handler.pk if handler else None},
            "note": note,
        },
    )
    if handler is not None and handler.pk != staff.pk:
        notices.notify_staff([handler], "assigned", case)
    return case


@transaction.atomic
def assign_case(case: Case, *, assignee: User, actor: Any) -> Case:
    """Give ``case`` to ``assignee`` within its department: they handle it, and own it too when
    it has no owner yet (an owner keeps answering for it otherwise).

    Raises ``Forbidden``, ``InvalidInput`` (not a member). Records ``cases.case.assigned``;
    notifies the assignee.
    """
    staff = permissions.require_worker(actor, case)
    if not Membership.objects.filter(user=assignee, department_id=case.department_id).exists():
        raise InvalidInput(
            fields={"assignee": [_("This person is not a member of that department.")]}
        )
    previous = {"owner": case.owner_id, "handler": case.handler_id}
    if case.handler_id == assignee.pk and case.owner_id is not None:
        return case
    case.handler = assignee
    case.owner = case.owner or assignee
    case.save(update_fields=["owner", "handler", "updated_at"])
    record_event(
        case,
        "cases.case.assigned",
        actor=staff,
        data={"from": previous, "to": {"owner": case.owner_id, "handler": assignee.pk}},
    )
    if assignee.pk != staff.pk:
        notices.notify_staff([assignee], "assigned", case)
    return case


def schedule_followups_after_resolution(case: Case, resolved_at: dt.datetime) -> int:
    """Give the pending check-backs of ``case`` their due time, one business interval after now."""
    due = add_business_time(
        clocks.calendar_of(case),
        resolved_at,
        dt.timedelta(hours=settings.FOLLOWUP_AFTER_RESOLUTION_HOURS),
    )
    return case.followups.filter(done_at__isnull=True, due_at__isnull=True).update(due_at=due)


@transaction.atomic
def complete_followup(followup: FollowUp, *, actor: Any, note: str = "") -> FollowUp:
    """Mark a follow-up done. Only its assignee (or an admin) may. Records ``cases.followup.done``."""
    if not isinstance(actor, User) or (
        actor.pk != followup.assignee_id and not account_permissions.is_admin(actor)
    ):
        raise Forbidden()
    if followup.done_at is not None:
        raise Conflict(_("This follow-up is already done."), code="followup_done")
    followup.done_at = timeutils.now()
    if note:
        followup.note = note[:300]
    followup.save(update_fields=["done_at", "note"])
    record_event(
        followup.case,
        "cases.followup.done",
        actor=actor,
        data={"followup": followup.pk, "note": note},
    )
    return followup
