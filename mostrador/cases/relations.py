"""Merging duplicate cases, linking related ones, and filling saved replies."""

from __future__ import annotations

import string
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import formats, translation
from django.utils.translation import gettext as _

from mostrador.accounts.models import User
from mostrador.cases import permissions, search
from mostrador.cases.choices import TRANSITIONS, CaseStatus
from mostrador.cases.models import Case, CaseLink, FollowUp, SavedReply
from mostrador.cases.services import set_status
from mostrador.core import timeutils
from mostrador.core.errors import Conflict, InvalidInput
from mostrador.core.services import record_event


@transaction.atomic
def merge_cases(source: Case, *, into: Case, actor: Any) -> Case:
    """Merge ``source`` into ``into``: its messages and follow-ups move, its history shows on the
    survivor, and ``source`` closes pointing at it.

    Both must belong to the same customer and neither may be merged already. Records
    ``cases.case.merged`` on both. Returns the survivor.
    """
    staff = permissions.require_worker(actor, source, into)
    if source.pk == into.pk:
        raise InvalidInput(fields={"into": [_("A case cannot be merged into itself.")]})
    if source.customer_id != into.customer_id:
        raise Conflict(
            _("Only cases of the same customer can be merged."), code="different_customers"
        )
    if source.merged_into_id or into.merged_into_id:
        raise Conflict(_("One of these cases was already merged."), code="already_merged")
    moved = source.messages.update(case=into)
    FollowUp.objects.filter(case=source).update(case=into)
    search.move_case_rows(source=source, target=into)
    source.merged_into = into
    source.save(update_fields=["merged_into", "updated_at"])
    if source.status != CaseStatus.CLOSED:
        if CaseStatus.CLOSED not in TRANSITIONS[source.status]:
            set_status(source, CaseStatus.OPEN, actor=staff, reason="merged")
        set_status(source, CaseStatus.CLOSED, actor=staff, reason="merged")
    record_event(
        source, "cases.case.merged", actor=staff, data={"into": into.reference, "messages": moved}
    )
    record_event(
        into, "cases.case.merged", actor=staff, data={"from": source.reference, "messages": moved}
    )
    return into


@transaction.atomic
def link_cases(case: Case, other: Case, *, actor: Any) -> CaseLink:
    """Link two related cases (once, whichever side links). Records ``cases.case.linked`` on both."""
    staff = permissions.require_worker(actor, case, other)
    if case.pk == other.pk:
        raise InvalidInput(fields={"reference": [_("A case cannot be linked to itself.")]})
    return _link(case, other, actor=staff)


@transaction.atomic
def link_new_case(case: Case, *, to: Case, reason: str) -> CaseLink:
    """Link a case just opened from a message about ``to`` that could not go onto it (the
    sender is not part of it, or it ended too long ago). Done by Mostrador, not a person."""
    return _link(case, to, actor=None, reason=reason)


def _link(case: Case, other: Case, *, actor: User | None, reason: str = "") -> CaseLink:
    low, high = sorted((case, other), key=lambda c: c.pk)
    link, created = CaseLink.objects.get_or_create(
        case=low, other=high, defaults={"created_by": actor, "created_at": timeutils.now()}
    )
    if created:
        for one, two in ((case, other), (other, case)):
            data = {"other": two.reference, **({"reason": reason} if reason else {})}
            record_event(one, "cases.case.linked", actor=actor, data=data)
    return link


def linked_cases(case: Case) -> list[Case]:
    links = CaseLink.objects.filter(Q(case=case) | Q(other=case)).select_related("case", "other")
    return [link.other if link.case_id == case.pk else link.case for link in links]


class _Placeholders(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"  # an unknown placeholder stays visible for the agent to fix


def render_saved_reply(reply: SavedReply, case: Case, *, agent: User) -> str:
    """The reply's text with the case's values in place of its placeholders."""
    due = timeutils.to_zone(case.resolution_due) if case.resolution_due else None
    with translation.override(case.language):
        values = _Placeholders(
            customer_name=case.customer.name,
            reference=case.reference,
            subject=case.subject,
            due_date=formats.date_format(due, "DATE_FORMAT") if due else "",
            agent_name=agent.get_full_name() or agent.username,
        )
    return string.Formatter().vformat(reply.body, (), values)


def saved_replies_for(case: Case) -> list[SavedReply]:
    """Active saved replies in the case's language, for its department or for every department."""
    return list(
        SavedReply.objects.filter(is_active=True, language=case.language)
        .filter(Q(department__isnull=True) | Q(department=case.department_id))
        .order_by("name")
    )
