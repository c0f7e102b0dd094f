"""Accounts writes: API tokens, deactivation, memberships, language preference."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from mostrador.accounts import permissions
from mostrador.accounts.choices import DEFAULT_TOKEN_LIFETIME, Role
from mostrador.accounts.models import ApiToken, AuthorityLimit, Department, Membership, User
from mostrador.core import timeutils
from mostrador.core.errors import Conflict, Forbidden, InvalidInput
from mostrador.core.services import record_event

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "mst_"  # noqa: S105  (a public marker that makes leaked tokens easy to scan for)


def hash_token(raw: str) -> str:
    """Return the stored form of a token secret.

    The secret carries 256 random bits, so a plain SHA-256 is enough: a slow password hash
    would only cost time on every API request.
    """
    return hashlib.sha256(raw.encode()).hexdigest()


# Far enough for any real use, near enough that the expiry stays a valid date.
MAX_TOKEN_LIFETIME_DAYS = 3650


@transaction.atomic
def create_api_token(
    user: User,
    *,
    name: str,
    actor: User,
    expires_in_days: int | None = DEFAULT_TOKEN_LIFETIME.days,
) -> tuple[ApiToken, str]:
    """Create a token for ``user`` and return it with its secret, which is never shown again.

    The token stops working ``expires_in_days`` from now (None: never). Only a signed-in person
    creates tokens: an actor who acts through a token (``authenticate_api_token``) is refused
    with ``session_required``, or a leaked token could mint fresh tokens that outlive its own
    revocation and expiry. Where two-step sign-in is required of the actor
    (``permissions.must_use_two_factor``), their session must have passed it, or it is
    refused with ``two_factor_required``: a token is a way in without the second step. Raises
    ``Forbidden`` unless the actor is the user or an administrator, ``InvalidInput`` for an
    empty name or a lifetime out of range. Records ``accounts.token.created``.
    """
    if permissions.acts_through_token(actor):
        raise Forbidden(
            _("API tokens are created from a signed-in session, not with another token."),
            code="session_required",
        )
    if permissions.must_use_two_factor(actor) and not permissions.passed_two_factor(actor):
        raise Forbidden(
            _("Set up two-step sign-in, and sign in with it, before creating API tokens."),
            code="two_factor_required",
        )
    if not permissions.can_manage_tokens_of(actor, user):
        raise Forbidden()
    name = name.strip()
    if not name:
        raise InvalidInput(fields={"name": [_("Give the token a name.")]})
    secret = secrets.token_urlsafe(32)
    raw = f"{TOKEN_PREFIX}{secret}"
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        key_hash=hash_token(raw),
        expires_at=_expiry(expires_in_days),
    )
    record_event(token, "accounts.token.created", actor=actor, data={"user": user.pk})
    return token, raw


def _expiry(days: int | None) -> datetime | None:
    """When a token created now for ``days`` expires. Raises ``InvalidInput`` out of range."""
    if days is None:
        return None
    if not 1 <= days <= MAX_TOKEN_LIFETIME_DAYS:
        message = _("A token lives from 1 to %(max)d days, or never expires.") % {
            "max": MAX_TOKEN_LIFETIME_DAYS
        }
        raise InvalidInput(fields={"expires_in_days": [message]})
    return timeutils.now() + timedelta(days=days)


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> ApiToken:
    """Revoke ``token`` at once. Raises ``Forbidden``, or ``Conflict`` if already revoked."""
    if not permissions.can_manage_tokens_of(actor, token.user):
        raise Forbidden()
    if token.revoked_at is not None:
        raise Conflict(_("This token is already revoked."), code="token_revoked")
    return _revoke(token, actor=actor)


def _revoke(token: ApiToken, *, actor: User, reason: str | None = None) -> ApiToken:
    token.revoked_at = timeutils.now()
    token.save(update_fields=["revoked_at"])
    data: dict[str, object] = {"user": token.user_id}
    if reason is not None:
        data["reason"] = reason
    record_event(token, "accounts.token.revoked", actor=actor, data=data)
    return token


def authenticate_api_token(raw: str) -> User | None:
    """Return the active user a token secret belongs to, or None; record its use.

    Revoked and expired tokens, and tokens of an inactive account, authenticate nobody. The
    user returned carries the token it acts through (``permissions.acts_through_token``), so
    that the rules a token may not satisfy hold in every interface. The last-use time is
    written at most once per API_TOKEN_LAST_USED_RESOLUTION seconds, so that a busy client does
    not turn every read into a write.
    """
    if not raw.startswith(TOKEN_PREFIX):
        return None
    now = timeutils.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(ApiToken.working(), key_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    resolution = timedelta(seconds=settings.API_TOKEN_LAST_USED_RESOLUTION)
    if token.last_used_at is None or now - token.last_used_at >= resolution:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    permissions.mark_acting_through(token.user, token)
    return token.user


@transaction.atomic
def deactivate_user(user: User, *, actor: User) -> User:
    """Take ``user``'s access away: they cannot sign in, and each live token of theirs is revoked.

    Revoked, not only refused (``authenticate_api_token`` already refuses an inactive owner's
    tokens): reactivating the account later must not bring back secrets that may have leaked
    in the meantime. Safe to call when the flag is already cleared (the admin saves its form
    first): it revokes what is left. Raises ``Forbidden`` unless
    ``permissions.can_change_user``. Records ``accounts.user.deactivated`` when the account was
    active, and ``accounts.token.revoked`` (reason ``deactivated``) for each token.
    """
    if not permissions.can_change_user(actor, user):
        raise Forbidden()
    if User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
        record_event(user, "accounts.user.deactivated", actor=actor)
    user.is_active = False
    for token in user.api_tokens.filter(revoked_at__isnull=True):
        _revoke(token, actor=actor, reason="deactivated")
    return user


# What decides what an account may reach, as the security log names it.
ACCESS_FIELDS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")


def record_access_change(
    user: User, *, fields: Iterable[str], actor: User, created: bool = False
) -> None:
    """Record that ``actor`` created ``user``'s account, or changed what decides its access
    (``ACCESS_FIELDS`` among ``fields``, as saved), with the flags' values now. Nothing is
    recorded when a change touched none of them. Memberships record their own events, and so
    does a deactivation (``deactivate_user``)."""
    saved = set(fields)
    changed = [field for field in ACCESS_FIELDS if field in saved]
    if not user.is_active and not created and "is_active" in changed:
        changed.remove("is_active")
    if not changed and not created:
        return
    data = {
        "fields": changed,
        "values": {field: getattr(user, field) for field in changed if field.startswith("is_")},
    }
    verb = "accounts.user.created" if created else "accounts.user.privileges_changed"
    record_event(user, verb, actor=actor, data=data)


def set_user_language(user: User, *, language: str) -> User:
    """Store the language ``user`` works in. Raises ``InvalidInput`` for an unknown language."""
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput(fields={"language": [_("Unknown language.")]})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def check_membership_change(
    department: Department, *, user: User, role: str | None, actor: User
) -> str | None:
    """Raise unless ``actor`` may give ``user`` ``role`` in ``department`` (None: remove them).

    The role ``user`` holds there now counts too: a head can neither give nor take away the
    administrator role. Raises ``Forbidden``: ``forbidden`` outside the departments the actor
    manages, ``admin_role_reserved`` for the administrator role. The admin's forms ask this
    before they save anything, so that a refused row is shown as an error on the form.
    Returns the role ``user`` holds there now, or None.
    """
    if not permissions.can_manage_department(actor, department):
        raise Forbidden()
    held = None
    if department.pk is not None and user.pk is not None:
        held = (
            Membership.objects.filter(user=user, department=department)
            .values_list("role", flat=True)
            .first()
        )
    for touched in (held, role):
        if touched is not None and not permissions.can_grant_role(actor, department, touched):
            logger.warning(
                "refused: user %s tried to change the %s role of user %s in department %s",
                actor.pk,
                touched,
                user.pk,
                department.pk,
            )
            raise Forbidden(
                _("Only an administrator gives or takes away the administrator role."),
                code="admin_role_reserved",
            )
    return held


@transaction.atomic
def add_member(department: Department, *, user: User, role: str, actor: User) -> Membership:
    """Make ``user`` a member of ``department`` with ``role``, or change their role there.

    Raises ``InvalidInput`` for an unknown role, and ``Forbidden`` as
    ``check_membership_change`` says. Records ``accounts.membership.changed`` with the role
    before (``previous``, None for a new member).
    """
    if role not in Role.values:
        raise InvalidInput(fields={"role": [_("Unknown role.")]})
    previous = check_membership_change(department, user=user, role=role, actor=actor)
    membership, created = Membership.objects.update_or_create(
        user=user, department=department, defaults={"role": role}
    )
    permissions.forget(user)
    record_event(
        department,
        "accounts.membership.changed",
        actor=actor,
        data={"user": user.pk, "role": role, "previous": previous, "created": created},
    )
    return membership


@transaction.atomic
def remove_member(department: Department, *, user: User, actor: User) -> None:
    """Take ``user`` out of ``department``. Raises ``Forbidden`` or ``InvalidInput``.

    Records ``accounts.membership.removed`` with the role they had.
    """
    check_membership_change(department, user=user, role=None, actor=actor)
    membership = Membership.objects.filter(user=user, department=department).first()
    if membership is None:
        raise InvalidInput(_("This person is not a member of the department."), code="not_member")
    membership.delete()
    permissions.forget(user)
    record_event(
        department,
        "accounts.membership.removed",
        actor=actor,
        data={"user": user.pk, "role": membership.role},
    )


@transaction.atomic
def save_authority_limit(limit: AuthorityLimit, *, actor: User) -> AuthorityLimit:
    """Create or change how much a role may grant for an action on its own authority.

    Money decisions hang on these figures, so only administrators set them (a head who could
    would raise their own). Raises ``Forbidden`` for anyone else. Records
    ``accounts.authority_limit.changed`` with the amount before (None when new) and after.
    """
    if not permissions.is_admin(actor):
        raise Forbidden()
    before = (
        AuthorityLimit.objects.filter(pk=limit.pk).values_list("max_amount", flat=True).first()
        if limit.pk
        else None
    )
    limit.full_clean()
    limit.save()
    data = {"role": limit.role, "action": limit.action, "from": before, "to": limit.max_amount}
    record_event(limit, "accounts.authority_limit.changed", actor=actor, data=data)
    return limit


@transaction.atomic
def remove_authority_limit(limit: AuthorityLimit, *, actor: User) -> None:
    """Remove a limit: the role then needs approval for any amount. Administrators only;
    records ``accounts.authority_limit.changed`` with no amount after."""
    if not permissions.is_admin(actor):
        raise Forbidden()
    data = {"role": limit.role, "action": limit.action, "from": limit.max_amount, "to": None}
    record_event(limit, "accounts.authority_limit.changed", actor=actor, data=data)
    limit.delete()


def record_group_change(group: Group, *, actor: User) -> None:
    """Record that ``actor`` created or changed ``group``, with the permissions it now gives.
    Groups give model permissions, which are the administrators' to give
    (``permissions.can_change_privileges``): raises ``Forbidden`` for anyone else."""
    if not permissions.can_change_privileges(actor):
        raise Forbidden()
    codenames = sorted(group.permissions.values_list("codename", flat=True))
    record_event(group, "accounts.group.changed", actor=actor, data={"permissions": codenames})
