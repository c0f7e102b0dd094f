"""Password guessing: when django-axes pauses sign-in, the account's history says so.

Axes counts wrong passwords per account and per client address (``AXES_*`` in settings) and
keeps the attempts, which an administrator deletes in the admin to lift a pause. This module
records the pause as an event on the account it protects; an address guessing names that
belong to nobody has no account to record it on, and is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from mostrador.accounts.models import User
from mostrador.core.services import record_event

logger = logging.getLogger(__name__)


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
    from axes.signals import user_locked_out  # noqa: PLC0415  (axes loads its models)

    user_locked_out.connect(record_lockout, dispatch_uid="accounts-locked-out")
