"""Pure predicates about what a staff member may do in the accounts domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mostrador.accounts.choices import Role

if TYPE_CHECKING:
    from mostrador.accounts.models import Department, User


# Where ``is_admin`` keeps its answer on the user object, as Django keeps its permissions
# (``_perm_cache``): asked several times a request, looked up once.
_ADMIN_CACHE = "_mostrador_is_admin"


def is_admin(user: User) -> bool:
    """System administrators: superusers and anyone with the admin role in a department."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    known = user.__dict__.get(_ADMIN_CACHE)
    if known is None:
        known = user.__dict__[_ADMIN_CACHE] = user.memberships.filter(role=Role.ADMIN).exists()
    return bool(known)


def forget(user: User) -> None:
    """Drop what was kept on ``user`` about their roles (after their memberships change)."""
    user.__dict__.pop(_ADMIN_CACHE, None)


def is_head_of(user: User, department: Department) -> bool:
    return user.memberships.filter(department=department, role=Role.HEAD).exists()


def can_manage_department(user: User, department: Department) -> bool:
    """Heads manage their own departments; administrators manage all."""
    return is_admin(user) or is_head_of(user, department)


def can_manage_tokens_of(actor: User, owner: User) -> bool:
    """People manage their own API tokens; administrators manage everybody's."""
    return actor.is_authenticated and (actor.pk == owner.pk or is_admin(actor))
