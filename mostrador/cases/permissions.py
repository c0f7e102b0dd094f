"""Who may see and work on a case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mostrador.accounts import permissions as account_permissions

if TYPE_CHECKING:
    from mostrador.accounts.models import User
    from mostrador.cases.models import Case


def can_view_case(user: User, case: Case) -> bool:
    """Members of the case's department, its owner, handler and followers; admins see all."""
    if not user.is_authenticated or not user.is_active:
        return False
    if account_permissions.is_admin(user):
        return True
    if user.pk in (case.owner_id, case.handler_id):
        return True
    if user.memberships.filter(department_id=case.department_id).exists():
        return True
    return case.followers.filter(pk=user.pk).exists()


def can_work_on_case(user: User, case: Case) -> bool:
    """Anyone who may see a case may reply, note, transfer or resolve it."""
    return can_view_case(user, case)
