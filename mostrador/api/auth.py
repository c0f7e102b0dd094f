"""How API clients prove who they are: a personal token, or the browser's session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from mostrador.accounts import services as accounts_services


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer mst_…``: the request acts as the token's owner."""

    openapi_description = "A personal API token, created under “API tokens” in the staff UI."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = accounts_services.authenticate_api_token(token)
        if user is not None:
            request.user = user
        return user


class StaffSessionAuth(SessionAuth):
    """A signed-in staff member's browser session (CSRF-protected for writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


token_or_session = [ApiTokenAuth(), StaffSessionAuth()]
