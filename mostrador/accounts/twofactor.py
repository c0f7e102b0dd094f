"""Two-step sign-in: after the password, a code from an authenticator app (TOTP) or a backup code.

A person sets it up from their own page: ``start_enrolment`` makes a new, unconfirmed TOTP
device, whose secret the page shows as a QR code and as text; ``confirm_enrolment`` checks a
first code from the app, then puts the device in the place of any earlier one and makes fresh
backup codes (one static device of ``BACKUP_CODE_COUNT`` one-time codes), shown once. From then
on signing in asks for a code (``verify_code``), whatever TWO_FACTOR_REQUIRED_FOR says; that
setting only makes setting it up compulsory (``permissions.must_use_two_factor``).

Wrong codes are slowed down per device by django-otp: after n failures in a row the device
accepts nothing for 2^(n-1) seconds. The sign-in pages also bound the tries of one sign-in and
count each wrong code as a wrong password (``lockout.count_wrong_code``).
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mostrador.accounts import permissions
from mostrador.accounts.models import User
from mostrador.core import timeutils
from mostrador.core.errors import Conflict, Forbidden, InvalidInput
from mostrador.core.services import record_event

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup"


def has_two_factor(user: User) -> bool:
    """Whether ``user`` has set up two-step sign-in (a confirmed app device)."""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def get_app_device(user: User) -> Any:
    """``user``'s confirmed app device, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def get_enrolment(user: User) -> Any:
    """The app device ``user`` is setting up (not confirmed yet), or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def count_backup_codes(user: User) -> int:
    """How many of ``user``'s backup codes are left."""
    return int(StaticToken.objects.filter(device__user=user).count())


def secret_of(device: Any) -> str:
    """The device's secret as authenticator apps take it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def start_enrolment(user: User) -> Any:
    """Make a new, unconfirmed app device for ``user`` and return it.

    Earlier unconfirmed ones are dropped; a confirmed device keeps working until the new one
    is confirmed (``confirm_enrolment``), so that setting up a new phone can be abandoned.
    """
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def confirm_enrolment(user: User, *, code: str) -> tuple[Any, list[str]]:
    """Confirm the device ``user`` is setting up with a code from the app; return the device
    and the new backup codes, which are never shown again.

    The device replaces any earlier one, and the codes any earlier backup codes. Raises
    ``Conflict`` (``no_enrolment``) when nothing is being set up, ``InvalidInput`` (field
    ``code``) for a wrong code, which is recorded as ``accounts.user.two_factor_failed``.
    Records ``accounts.user.two_factor_enabled`` (``replaced``: whether one was replaced).
    """
    device = get_enrolment(user)
    if device is None:
        raise Conflict(_("Start setting up two-step sign-in again."), code="no_enrolment")
    # Checked outside the transaction below: a wrong code's throttling and its event stay.
    device = django_otp.verify_token(user, device.persistent_id, normalise(code))
    if device is None:
        _record_failure(user, step="enrolment")
        raise InvalidInput(fields={"code": [wrong_code_message()]})
    with transaction.atomic():
        earlier = TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk)
        replaced = earlier.exists()
        earlier.delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
        _end_other_sessions(user)
        record_event(
            user, "accounts.user.two_factor_enabled", actor=user, data={"replaced": replaced}
        )
    return device, codes


def _new_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME)
    codes: set[str] = set()
    while len(codes) < BACKUP_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return sorted(codes)


def normalise(code: str) -> str:
    """A code as typed, without the spaces and dashes people add, in lower case."""
    return "".join(code.split()).replace("-", "").lower()


def wrong_code_message() -> str:
    return _(
        "That code is not right, or came too soon after another wrong one. Wait a few seconds "
        "and try the newest code."
    )


def verify_code(user: User, code: str, *, step: str = "sign_in") -> Any:
    """Return ``user``'s device that accepts ``code``, or None.

    The app's digits are checked against its device; anything else against the backup codes, of
    which a right one is used up and recorded (``accounts.user.two_factor_backup_code_used``,
    with how many are left). A wrong code, or one tried while django-otp slows the device down,
    is recorded as ``accounts.user.two_factor_failed`` with ``step`` (where it was typed).
    """
    code = normalise(code)
    device = _device_for(user, code)
    verified = None
    if device is not None:
        verified = django_otp.verify_token(user, device.persistent_id, code)
    if verified is None:
        _record_failure(user, step=step)
        return None
    if isinstance(verified, StaticDevice):
        left = verified.token_set.count()
        record_event(
            user,
            "accounts.user.two_factor_backup_code_used",
            actor=user,
            data={"remaining": left, "step": step},
        )
    return verified


def _device_for(user: User, code: str) -> Any:
    app = get_app_device(user)
    if app is None or (code.isdigit() and len(code) == app.digits):
        return app
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def _record_failure(user: User, *, step: str) -> None:
    # No actor: at sign-in, whoever typed it has only shown the password so far.
    record_event(user, "accounts.user.two_factor_failed", data={"step": step})


def disable_two_factor(user: User, *, code: str) -> None:
    """Turn off ``user``'s own two-step sign-in, given a current code (app or backup).

    Raises ``Conflict`` (``two_factor_required``) where TWO_FACTOR_REQUIRED_FOR applies to
    them (they set it up again instead, which replaces the device), ``InvalidInput`` (field
    ``code``) for a wrong code. Records ``accounts.user.two_factor_disabled``.
    """
    if permissions.must_use_two_factor(user):
        raise Conflict(
            _("Your account must use two-step sign-in. Set it up again to change the phone."),
            code="two_factor_required",
        )
    if verify_code(user, code, step="turn_off") is None:
        raise InvalidInput(fields={"code": [wrong_code_message()]})
    with transaction.atomic():
        _remove_devices(user)
        _end_other_sessions(user)
        record_event(user, "accounts.user.two_factor_disabled", actor=user)


def reset_two_factor(user: User, *, actor: User) -> bool:
    """Take away ``user``'s two-step sign-in (they lost their phone and backup codes).

    They sign in next time with their password alone, or are sent to set it up again where
    TWO_FACTOR_REQUIRED_FOR applies to them. Raises ``Forbidden`` unless
    ``permissions.can_reset_two_factor``. Returns whether they had anything to reset, and then
    records ``accounts.user.two_factor_reset``.
    """
    if not permissions.can_reset_two_factor(actor, user):
        raise Forbidden()
    with transaction.atomic():
        if not _remove_devices(user):
            return False
        _end_other_sessions(user)
        record_event(user, "accounts.user.two_factor_reset", actor=actor)
    return True


def _end_other_sessions(user: User) -> None:
    """Every session of ``user`` opened before now ends (``User.get_session_auth_hash``); the
    page that made the change keeps its own with ``update_session_auth_hash``."""
    user.two_factor_changed_at = timeutils.now()
    user.save(update_fields=["two_factor_changed_at"])


def _remove_devices(user: User) -> bool:
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    static, _by_model = StaticDevice.objects.filter(user=user).delete()
    return bool(removed or static)
