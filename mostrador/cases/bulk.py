"""Bulk actions from a queue: the same services, one case at a time, with a report of each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mostrador.accounts.models import User
from mostrador.cases import ownership, selectors, services
from mostrador.cases.models import Case
from mostrador.core.errors import DomainError, InvalidInput

ACTIONS = ("assign", "priority", "close")
MAX_CASES = 200


@dataclass
class BulkReport:
    """What a bulk action did: the references it changed and those it left, with why."""

    done: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _apply(case: Case, action: str, actor: User, options: dict[str, Any]) -> None:
    if action == "assign":
        ownership.assign_case(case, assignee=options["assignee"], actor=actor)
    elif action == "priority":
        services.update_case(case, actor=actor, priority=options["priority"])
    else:
        services.close_case(case, actor=actor)


def apply_to_cases(case_ids: list[int], *, action: str, actor: User, **options: Any) -> BulkReport:
    """Apply ``action`` (assign to ``assignee``, set ``priority``, close) to each case ``actor``
    may see; each case commits or fails on its own, and the report says which did what.
    """
    if action not in ACTIONS:
        raise InvalidInput(fields={"action": [_("Unknown action.")]})
    if not case_ids:
        raise InvalidInput(fields={"cases": [_("Choose at least one case.")]})
    cases = selectors.list_cases_for_user(actor).filter(pk__in=case_ids[:MAX_CASES])
    report = BulkReport()
    for case in cases.order_by("pk"):
        try:
            with transaction.atomic():
                _apply(case, action, actor, options)
        except DomainError as error:
            report.skipped.append((case.reference, error.explain()))
        else:
            report.done.append(case.reference)
    return report
