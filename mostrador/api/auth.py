"""How API clients prove who they are: a personal token, or the browser's session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from mostrador.accounts import services as accounts_services
from mostrador.accounts.models import Department, User
from mostrador.core.errors import InvalidInput


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer mst_…``: the request acts as the token's owner.

    A request that sends a bearer token is judged by the token alone: a revoked, expired or
    unknown one answers 401 at once instead of falling through to the session. Otherwise a
    script would get the session's CSRF 403 (which reads as "send a CSRF token", not "your
    token is dead"), and a browser signed in as someone could carry a dead token through. Other
    schemes (a proxy's ``Basic``) still fall through, as they say nothing about Mostrador.
    """

    openapi_description = "A personal API token, created under “API tokens” in the staff UI."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = accounts_services.authenticate_api_token(token)
        if user is None:
            raise AuthenticationError()
        request.user = user
        return user


class StaffSessionAuth(SessionAuth):
    """A signed-in staff member's browser session (CSRF-protected for writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


token_or_session = [ApiTokenAuth(), StaffSessionAuth()]


def current_user(request: HttpRequest) -> User:
    """The staff member the request acts as (set by either authenticator).

    Through a token, it is the user ``authenticate_api_token`` returned, which carries the token
    for the services' rules (``accounts.permissions.acts_through_token``).
    """
    return request.auth  # type: ignore[attr-defined,no-any-return]


def department_or_invalid(pk: int | None) -> Department | None:
    """The active department ``pk`` names (None for None), or a 422 naming the field."""
    if pk is None:
        return None
    department = Department.objects.filter(pk=pk, is_active=True).first()
    if department is None:
        raise InvalidInput(fields={"department": [_("Unknown department.")]})
    return department
