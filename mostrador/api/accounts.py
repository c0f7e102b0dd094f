"""Endpoints about the signed-in person, departments and API tokens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from mostrador.accounts import permissions, selectors, services
from mostrador.accounts.models import ApiToken, Department
from mostrador.api.auth import current_user
from mostrador.api.schemas import (
    DepartmentDetailOut,
    DepartmentOut,
    ErrorOut,
    Id,
    MeOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)

router = Router(tags=["staff"])


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    """The person the request acts as, with their departments and roles."""
    user = current_user(request)
    return {
        "id": user.pk,
        "username": user.username,
        "get_full_name": user.get_full_name(),
        "email": user.email,
        "language": user.language,
        "is_admin": permissions.is_admin(user),
        "memberships": list(selectors.list_memberships_of(user)),
    }


@router.get("/departments", response=list[DepartmentOut])
def list_departments(request: HttpRequest) -> list[Department]:
    """Active departments, by name, with how many members and heads each has."""
    return list(selectors.list_departments())


@router.get("/departments/{department_id}", response={200: DepartmentDetailOut, 404: ErrorOut})
def get_department(request: HttpRequest, department_id: Id) -> Department:
    """One department with its calendar and members."""
    return selectors.get_department(department_id)


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    """Your API tokens, active ones first."""
    return list(selectors.list_api_tokens_of(current_user(request)))


@router.post("/tokens", response={201: TokenCreatedOut, 403: ErrorOut, 422: ErrorOut})
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """Create an API token for yourself. The secret is in this response only.

    Only a signed-in session creates tokens: with a token, the answer is 403 `session_required`.
    """
    user = current_user(request)
    token, secret = services.create_api_token(
        user, name=payload.name, actor=user, expires_in_days=payload.expires_in_days
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": secret})


@router.post("/tokens/{token_id}/revoke", response={200: TokenOut, 404: ErrorOut, 409: ErrorOut})
def revoke_token(request: HttpRequest, token_id: Id) -> ApiToken:
    """Revoke one of your tokens; requests with it fail from now on."""
    user = current_user(request)
    token = selectors.get_api_token_of(user, token_id)
    return services.revoke_api_token(token, actor=user)
