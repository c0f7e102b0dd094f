"""Who may see and work on a case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mostrador.accounts import permissions as account_permissions
from mostrador.core.errors import Forbidden

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


def require_worker(actor: Any, *cases: Case) -> User:
    """Return ``actor`` as a staff member who may work on every one of ``cases``, or raise
    ``Forbidden``. The check every write service on a case starts with."""
    from mostrador.accounts.models import User  # noqa: PLC0415  (only for the isinstance check)

    if not isinstance(actor, User) or not all(can_work_on_case(actor, case) for case in cases):
        raise Forbidden()
    return actor
