"""The security log of signing in: every sign-in, failed sign-in and sign-out of staff.

Django's authentication signals tell of each, whichever door was used (the staff sign-in
page, the admin's, a test's ``force_login``); each becomes an event on the account with the
client's address and browser, which the administrators' security log shows. A wrong password
for an account nobody has is recorded too, on no account, with the name that was typed: that
is how guessing at names shows. Passwords are never recorded; the name typed is cut short.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import signals
from django.http import HttpRequest

from mostrador.accounts.models import User
from mostrador.core.addresses import client_address
from mostrador.core.services import record_event, record_event_on_nothing

NAME_LENGTH = 150
AGENT_LENGTH = 200


def where_from(request: HttpRequest | None) -> dict[str, Any]:
    """The address, browser and door of ``request``, as a security event keeps them."""
    if request is None:
        return {}
    return {
        "ip_address": client_address(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:AGENT_LENGTH],
        "path": request.path[:AGENT_LENGTH],
    }


def record_signed_in(
    sender: Any, *, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    record_event(user, "accounts.user.signed_in", actor=user, data=where_from(request))


def record_signed_out(
    sender: Any, *, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None and user.pk is not None:
        record_event(user, "accounts.user.signed_out", actor=user, data=where_from(request))


def record_failed(
    sender: Any, *, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    name = str(credentials.get(User.USERNAME_FIELD) or "")[:NAME_LENGTH]
    data = {"username": name, **where_from(request)}
    user = User.objects.filter(**{User.USERNAME_FIELD: name}).first() if name else None
    if user is not None:
        record_event(user, "accounts.user.sign_in_failed", data=data)
    else:
        record_event_on_nothing(User, "accounts.user.sign_in_failed", name=name, data=data)


def connect() -> None:
    signals.user_logged_in.connect(record_signed_in, dispatch_uid="accounts-signed-in")
    signals.user_logged_out.connect(record_signed_out, dispatch_uid="accounts-signed-out")
    signals.user_login_failed.connect(record_failed, dispatch_uid="accounts-sign-in-failed")
