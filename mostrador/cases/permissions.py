"""Who may see and work on a case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mostrador.accounts import permissions as account_permissions
from mostrador.core.errors import Forbidden

if TYPE_CHECKING:
    from mostrador.accounts.models import User
    from mostrador.cases.models import Case


def _works_on(user: User, case: Case) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if account_permissions.is_admin(user):
        return True
    if user.pk in (case.owner_id, case.handler_id):
        return True
    if account_permissions.is_member_of(user, case.department_id):
        return True
    return case.followers.filter(pk=user.pk).exists()


def is_consulted_on(user: User, case: Case) -> bool:
    """Whether ``user`` belongs to a department with an open consultation on ``case``."""
    return case.consultations.filter(
        answered_at__isnull=True, department__memberships__user=user
    ).exists()


def can_view_case(user: User, case: Case) -> bool:
    """Who may work on the case, and the members of a department consulted on it while the
    consultation is open (to read it and its history, and answer); admins see all."""
    return _works_on(user, case) or (user.is_active and is_consulted_on(user, case))


def can_work_on_case(user: User, case: Case) -> bool:
    """Members of the case's department, its owner, handler and followers, and admins may
    reply, note, transfer or resolve it. A consulted department only answers its question."""
    return _works_on(user, case)


def require_worker(actor: Any, *cases: Case) -> User:
    """Return ``actor`` as a staff member who may work on every one of ``cases``, or raise
    ``Forbidden``. The check every write service on a case starts with."""
    from mostrador.accounts.models import User  # noqa: PLC0415  (only for the isinstance check)

    if not isinstance(actor, User) or not all(can_work_on_case(actor, case) for case in cases):
        raise Forbidden()
    return actor
