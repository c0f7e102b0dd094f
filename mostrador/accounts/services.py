"""Accounts writes: API tokens, memberships, language preference."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from mostrador.accounts import permissions
from mostrador.accounts.models import ApiToken, Department, Membership, User
from mostrador.core import timeutils
from mostrador.core.errors import Conflict, Forbidden, InvalidInput
from mostrador.core.services import record_event

TOKEN_PREFIX = "mst_"  # noqa: S105  (a public marker that makes leaked tokens easy to scan for)


def hash_token(raw: str) -> str:
    """Return the stored form of a token secret.

    The secret carries 256 random bits, so a plain SHA-256 is enough: a slow password hash
    would only cost time on every API request.
    """
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_api_token(user: User, *, name: str, actor: User) -> tuple[ApiToken, str]:
    """Create a token for ``user`` and return it with its secret, which is never shown again.

    Raises ``Forbidden`` unless the actor is the user or an administrator, ``InvalidInput`` for
    an empty name. Records ``accounts.token.created``.
    """
    if not permissions.can_manage_tokens_of(actor, user):
        raise Forbidden()
    name = name.strip()
    if not name:
        raise InvalidInput(fields={"name": [_("Give the token a name.")]})
    secret = secrets.token_urlsafe(32)
    raw = f"{TOKEN_PREFIX}{secret}"
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[: len(TOKEN_PREFIX) + 6], key_hash=hash_token(raw)
    )
    record_event(token, "accounts.token.created", actor=actor, data={"user": user.pk})
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> ApiToken:
    """Revoke ``token`` at once. Raises ``Forbidden``, or ``Conflict`` if already revoked."""
    if not permissions.can_manage_tokens_of(actor, token.user):
        raise Forbidden()
    if token.revoked_at is not None:
        raise Conflict(_("This token is already revoked."), code="token_revoked")
    token.revoked_at = timeutils.now()
    token.save(update_fields=["revoked_at"])
    record_event(token, "accounts.token.revoked", actor=actor, data={"user": token.user_id})
    return token


def authenticate_api_token(raw: str) -> User | None:
    """Return the active user a token secret belongs to, or None; record its use.

    The last-use time is written at most once per API_TOKEN_LAST_USED_RESOLUTION seconds, so
    that a busy client does not turn every read into a write.
    """
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timeutils.now()
    resolution = timedelta(seconds=settings.API_TOKEN_LAST_USED_RESOLUTION)
    if token.last_used_at is None or now - token.last_used_at >= resolution:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def set_user_language(user: User, *, language: str) -> User:
    """Store the language ``user`` works in. Raises ``InvalidInput`` for an unknown language."""
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput(fields={"language": [_("Unknown language.")]})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def add_member(department: Department, *, user: User, role: str, actor: User) -> Membership:
    """Make ``user`` a member of ``department`` with ``role``, or change their role there.

    Raises ``Forbidden`` unless the actor manages the department. Records
    ``accounts.membership.changed``.
    """
    if not permissions.can_manage_department(actor, department):
        raise Forbidden()
    membership, created = Membership.objects.update_or_create(
        user=user, department=department, defaults={"role": role}
    )
    permissions.forget(user)
    record_event(
        department,
        "accounts.membership.changed",
        actor=actor,
        data={"user": user.pk, "role": role, "created": created},
    )
    return membership


@transaction.atomic
def remove_member(department: Department, *, user: User, actor: User) -> None:
    """Take ``user`` out of ``department``. Raises ``Forbidden`` or ``InvalidInput``."""
    if not permissions.can_manage_department(actor, department):
        raise Forbidden()
    deleted, _details = Membership.objects.filter(user=user, department=department).delete()
    permissions.forget(user)
    if not deleted:
        raise InvalidInput(_("This person is not a member of the department."), code="not_member")
    record_event(department, "accounts.membership.removed", actor=actor, data={"user": user.pk})
