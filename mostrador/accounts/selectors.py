"""Accounts reads."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from mostrador.accounts.choices import Role
from mostrador.accounts.models import ApiToken, AuthorityLimit, Department, Membership, User
from mostrador.core.errors import NotFound


def list_departments() -> QuerySet[Department]:
    """Active departments with their member counts, by name."""
    return Department.objects.filter(is_active=True).annotate(
        member_count=Count("memberships", distinct=True),
        head_count=Count("memberships", filter=Q(memberships__role=Role.HEAD), distinct=True),
    )


def get_department(pk: int) -> Department:
    """Return one department with its members and calendar, or raise ``NotFound``."""
    department = (
        Department.objects.select_related("calendar")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user").order_by(
                    "role", "user__last_name", "user__first_name", "user__username"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if department is None:
        raise NotFound()
    return department


def list_memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("department")


def roles_of(user: User) -> set[str]:
    """Every role ``user`` holds in any department."""
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


def get_authority_limit(user: User, action: str) -> Decimal:
    """The largest amount ``user`` may grant for ``action`` on their own authority.

    A person with several roles gets the most generous of them; without a limit row the
    answer is zero, so that anything with an amount needs approval.
    """
    roles = roles_of(user)
    amounts = AuthorityLimit.objects.filter(role__in=roles, action=action).values_list(
        "max_amount", flat=True
    )
    return max(amounts, default=Decimal("0"))


def list_api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """``user``'s tokens, those that still work first, newest first within each.

    Said as a condition rather than by ordering on ``revoked_at``: databases disagree on where
    an empty date sorts, and an expired token no longer works either.
    """
    return (
        ApiToken.objects.filter(user=user)
        .annotate(stopped=Case(When(ApiToken.working(), then=Value(0)), default=Value(1)))
        .order_by("stopped", "-created_at", "-id")
    )


def get_api_token_of(user: User, pk: int) -> ApiToken:
    """Return one of ``user``'s tokens, or raise ``NotFound``."""
    token = ApiToken.objects.filter(user=user, pk=pk).select_related("user").first()
    if token is None:
        raise NotFound()
    return token
