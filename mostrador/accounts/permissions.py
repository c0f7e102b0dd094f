"""Pure predicates about what a staff member may do in the accounts domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from mostrador.accounts.choices import Role, TwoFactorScope
from mostrador.accounts.models import Department

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from mostrador.accounts.models import ApiToken, User


# Where a user's roles are kept on the user object, as Django keeps its permissions
# (``_perm_cache``): asked several times a request (am I an admin? a member of the case's
# department?), looked up once. ``forget`` drops them when the memberships change.
_ROLES_CACHE = "_mostrador_roles"


def roles_by_department(user: User) -> dict[int, frozenset[str]]:
    """The roles ``user`` holds in each department they belong to, read once per user object."""
    known = user.__dict__.get(_ROLES_CACHE)
    if known is None:
        found: dict[int, set[str]] = {}
        for department_id, role in user.memberships.values_list("department_id", "role"):
            found.setdefault(department_id, set()).add(role)
        known = user.__dict__[_ROLES_CACHE] = {key: frozenset(v) for key, v in found.items()}
    return known


def is_member_of(user: User, department_id: int | None) -> bool:
    """Whether ``user`` belongs to the department with this id (in any role)."""
    return department_id in roles_by_department(user)


def is_admin(user: User) -> bool:
    """System administrators: superusers and anyone with the admin role in a department."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(Role.ADMIN in roles for roles in roles_by_department(user).values())


def must_use_two_factor(user: User) -> bool:
    """Whether ``user`` must pass the second step of signing in (TWO_FACTOR_REQUIRED_FOR).

    "admins" are superusers, whoever has the staff flag (the Django admin) and members with
    the administrator role: whoever can change other people's access. "staff" is everybody who
    signs in. Users without a confirmed device are sent to set one up.
    """
    scope = settings.TWO_FACTOR_REQUIRED_FOR
    if scope == TwoFactorScope.NONE or not user.is_authenticated or not user.is_active:
        return False
    if scope == TwoFactorScope.STAFF:
        return True
    return user.is_staff or is_admin(user)


def passed_two_factor(user: User) -> bool:
    """Whether ``user``'s session passed the second step (django-otp's middleware says so on
    the user of a request: ``otp_device``). A user who was not given one did not."""
    return getattr(user, "otp_device", None) is not None


def can_reset_two_factor(actor: User, user: User) -> bool:
    """Someone else's two-step sign-in (a lost phone) is reset by whoever may change their
    account (``can_change_user``: never a head for an administrator); one's own is turned off
    with a current code instead, so that a stolen session cannot drop it."""
    return actor.pk != user.pk and can_change_user(actor, user)


def forget(user: User) -> None:
    """Drop what was kept on ``user`` about their roles (after their memberships change)."""
    user.__dict__.pop(_ROLES_CACHE, None)


def is_head_of(user: User, department: Department) -> bool:
    if department.pk is None:  # a department being created has no heads yet
        return False
    return user.memberships.filter(department=department, role=Role.HEAD).exists()


def can_manage_department(user: User, department: Department) -> bool:
    """Heads manage their own departments; administrators manage all."""
    return is_admin(user) or is_head_of(user, department)


def departments_managed_by(user: User) -> QuerySet[Department]:
    """The departments ``can_manage_department`` lets ``user`` manage, as a query."""
    if is_admin(user):
        return Department.objects.all()
    return Department.objects.filter(memberships__user=user, memberships__role=Role.HEAD)


def can_grant_role(actor: User, department: Department, role: str) -> bool:
    """Whether ``actor`` may give someone ``role`` in ``department``, or take it from them.

    Heads give the members of their own departments any role but administrator: that role
    reaches every department's cases, so a head who could give it (to themself, or to someone
    they chose) would lift themself above the departments they were given. Only administrators
    give or take it, in any department.
    """
    if is_admin(actor):
        return True
    return role != Role.ADMIN and is_head_of(actor, department)


def can_change_privileges(actor: User) -> bool:
    """Staff and superuser flags, groups and model permissions are the administrators' to give.

    Anyone else who could set them could give themself every permission there is.
    """
    return is_admin(actor)


def can_change_user(actor: User, user: User) -> bool:
    """Administrators change anybody's account; others their own and those that answer to them.

    Whoever changes an account's password or address can sign in as it, so besides their own a
    head changes only accounts without staff access, administrator role or superuser flag
    (active or not: an account can be reactivated) that belong to no department but theirs.
    """
    if is_admin(actor) or actor.pk == user.pk:
        return True
    if user.is_staff or user.is_superuser:
        return False
    outside = user.memberships.exclude(department__in=departments_managed_by(actor))
    return not outside.exists() and not user.memberships.filter(role=Role.ADMIN).exists()


# Where ``services.authenticate_api_token`` notes, on the user it returns, the token the request
# acts through. The rules read it off the actor, so no interface has to remember to pass it on.
_TOKEN_MARK = "_mostrador_api_token"  # noqa: S105  (an attribute name, not a secret)


def mark_acting_through(user: User, token: ApiToken) -> None:
    """Note that ``user`` (this object, for this request) acts through ``token``."""
    user.__dict__[_TOKEN_MARK] = token.pk


def acts_through_token(user: User) -> bool:
    """Whether ``user`` was authenticated by an API token rather than by signing in."""
    return user.__dict__.get(_TOKEN_MARK) is not None


def can_manage_tokens_of(actor: User, owner: User) -> bool:
    """People manage their own API tokens; administrators manage everybody's."""
    return actor.is_authenticated and (actor.pk == owner.pk or is_admin(actor))
