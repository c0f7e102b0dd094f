"""Password guessing: how many wrong passwords pause signing in, and the history of a pause.

Axes counts wrong passwords per account and per client address (``AXES_LOCKOUT_PARAMETERS``)
and keeps the attempts, which an administrator deletes in the admin to lift a pause. One
account is paused after ``AXES_FAILURE_LIMIT`` wrong passwords from anywhere; one address
after ``AXES_ADDRESS_FAILURE_LIMIT`` across accounts, a higher figure, because a
department's staff often share one office address and a few typos there must not lock them
all out (``AccountAndAddressHandler``). A pause is recorded as an event on the account it
protects; an address guessing names that belong to nobody has no account, and its pause is
recorded on no account, with the name it typed.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse

from mostrador.accounts.models import User
from mostrador.accounts.signins import NAME_LENGTH, where_from
from mostrador.core.services import record_event, record_event_on_nothing

logger = logging.getLogger(__name__)


class AccountAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler, with a limit of its own for an address.

    Axes pauses when the failures of any lockout parameter reach ``AXES_FAILURE_LIMIT``; the
    address's failures are scaled so that they reach it at ``AXES_ADDRESS_FAILURE_LIMIT``.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # One queryset per lockout parameter, in their order: the account's, the address's.
        by_account, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        scaled = by_address * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT
        return max(by_account, scaled)


def record_lockout(
    sender: Any, *, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    name = (username or "")[:NAME_LENGTH]
    user = User.objects.filter(username=name).first() if name else None
    logger.warning("sign-in paused for %r from %s", name, ip_address)
    data = {**where_from(kwargs.get("request")), "username": name, "ip_address": ip_address}
    if user is not None:
        record_event(user, "accounts.user.locked_out", data=data)
    else:
        record_event_on_nothing(User, "accounts.user.locked_out", name=name, data=data)


def connect() -> None:
    from axes.signals import user_locked_out  # noqa: PLC0415

    user_locked_out.connect(record_lockout, dispatch_uid="accounts-locked-out")


# A wrong code at the second step of signing in counts as a wrong password: whoever types it
# knows the password, and must not get more guesses at the code than at the password.


def _credentials(user: User) -> dict[str, Any]:
    return {User.USERNAME_FIELD: user.get_username()}


def count_wrong_code(request: HttpRequest, user: User) -> bool:
    """Count a wrong second-step code for ``user`` as a wrong password; return whether signing
    in to the account (or from the address) is paused now. Axes' middleware then answers the
    request with the pause page, as it does for a password."""
    from axes.handlers.proxy import AxesProxyHandler  # noqa: PLC0415

    AxesProxyHandler.user_login_failed(__name__, _credentials(user), request)
    return bool(getattr(request, "axes_locked_out", False))


def is_paused(request: HttpRequest, user: User) -> bool:
    """Whether signing in to ``user``'s account, or from the request's address, is paused."""
    from axes.handlers.proxy import AxesProxyHandler  # noqa: PLC0415

    return bool(AxesProxyHandler.is_locked(request, _credentials(user)))


def pause_page(request: HttpRequest, user: User) -> HttpResponse:
    """The page that says signing in is paused, as axes shows it after a wrong password."""
    from axes.helpers import get_lockout_response  # noqa: PLC0415

    return get_lockout_response(request, None, _credentials(user))  # type: ignore[no-any-return]
