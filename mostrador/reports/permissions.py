"""Who may read which statistics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mostrador.accounts import permissions as account_permissions
from mostrador.accounts.choices import Role
from mostrador.core.errors import Forbidden

if TYPE_CHECKING:
    from mostrador.accounts.models import Department, User


def statistics_scope(user: User, department: Department | None = None) -> frozenset[int] | None:
    """The departments whose statistics ``user`` may read when asking for ``department``.

    Administrators read any department, or all of them together (None). A department head
    reads the departments they head: the one asked, or, without one, all they head together.
    Anyone else, and a head asking for a department they do not head, gets ``Forbidden``.
    """
    if not user.is_authenticated or not user.is_active:
        raise Forbidden()
    if account_permissions.is_admin(user):
        return None if department is None else frozenset({department.pk})
    headed = frozenset(
        user.memberships.filter(role=Role.HEAD).values_list("department_id", flat=True)
    )
    if department is None and headed:
        return headed
    if department is not None and department.pk in headed:
        return frozenset({department.pk})
    raise Forbidden()


def can_read_statistics(user: User, department: Department | None = None) -> bool:
    """Whether ``statistics_scope`` lets ``user`` read ``department`` (or their default)."""
    try:
        statistics_scope(user, department)
    except Forbidden:
        return False
    return True
