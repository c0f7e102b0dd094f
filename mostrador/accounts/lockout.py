"""Password guessing: how many wrong passwords pause signing in, and the history of a pause.

Axes counts wrong passwords per account and per client address (``AXES_LOCKOUT_PARAMETERS``)
and keeps the attempts, which an administrator deletes in the admin to lift a pause. One
account is paused after ``AXES_FAILURE_LIMIT`` wrong passwords from anywhere; one address
after ``AXES_ADDRESS_FAILURE_LIMIT`` across accounts, a higher figure, because a
department's staff often share one office address and a few typos there must not lock them
all out (``AccountAndAddressHandler``). A pause is recorded as an event on the account it
protects; an address guessing names that belong to nobody has no account, and is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

from mostrador.accounts.models import User
from mostrador.core.services import record_event

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
    user = User.objects.filter(username=username).first() if username else None
    logger.warning("sign-in paused for %r from %s", username, ip_address)
    if user is not None:
        record_event(
            user,
            "accounts.user.locked_out",
            data={"username": username, "ip_address": ip_address},
        )


def connect() -> None:
    from axes.signals import user_locked_out  # noqa: PLC0415

    user_locked_out.connect(record_lockout, dispatch_uid="accounts-locked-out")
