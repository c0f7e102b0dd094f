"""Two-step sign-in for tests: the code a person's authenticator app would show, set up in one go."""

from __future__ import annotations

import datetime as dt
import time
from base64 import b32decode
from typing import Any

import time_machine
from django_otp.oath import TOTP

from mostrador.accounts import twofactor
from mostrador.accounts.models import User
from mostrador.core import timeutils


def code_for(device: Any, *, steps: int = 0) -> str:
    """The code ``device``'s app shows now, or ``steps`` time steps (30 s) later or earlier.

    The app knows nothing of the drift the server may have learnt of its clock.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def code_for_secret(secret: str, *, steps: int = 0) -> str:
    """The code an app shows for a key typed in as a page shows it (base32, in groups)."""
    key = "".join(secret.split()).upper()
    key += "=" * (-len(key) % 8)
    totp = TOTP(b32decode(key))
    totp.time = time.time() + steps * 30
    return f"{totp.token():06d}"


def wrong_code(device: Any) -> str:
    """Six digits the device accepts at no time it accepts now."""
    near = {code_for(device, steps=steps) for steps in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(10**6) if f"{n:06d}" not in near)


def enrol(user: User) -> tuple[Any, list[str]]:
    """Set up two-step sign-in for ``user`` as the page does; return the device and codes.

    Set up a minute ago: the app's codes are taken once each, so the code shown now is still
    good for signing in.
    """
    with time_machine.travel(timeutils.now() - dt.timedelta(minutes=1), tick=False):
        device = twofactor.start_enrolment(user)
        return twofactor.confirm_enrolment(user, code=code_for(device))
