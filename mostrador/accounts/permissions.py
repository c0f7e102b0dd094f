"""Pure predicates about what a staff member may do in the accounts domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mostrador.accounts.choices import Role

if TYPE_CHECKING:
    from mostrador.accounts.models import Department, User


def is_admin(user: User) -> bool:
    """System administrators: superusers and anyone with the admin role in a department."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.memberships.filter(role=Role.ADMIN).exists()


def is_head_of(user: User, department: Department) -> bool:
    return user.memberships.filter(department=department, role=Role.HEAD).exists()


def can_manage_department(user: User, department: Department) -> bool:
    """Heads manage their own departments; administrators manage all."""
    return is_admin(user) or is_head_of(user, department)


def can_manage_tokens_of(actor: User, owner: User) -> bool:
    """People manage their own API tokens; administrators manage everybody's."""
    return actor.is_authenticated and (actor.pk == owner.pk or is_admin(actor))
