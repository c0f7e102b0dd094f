"""One connection to the mail server per worker thread, kept open between emails.

Django's ``EmailMessage.send`` opens a connection, greets the server, sends and says goodbye
for every message: for a worker sending receipts one after another, most of the exchange
is the greeting. Here a worker keeps its connection while it is used at least every
``EMAIL_KEEPALIVE_SECONDS`` (0: one connection per email, as Django does). A server that
dropped an idle connection refuses the next command before taking anything
(``SMTPServerDisconnected``), so that email is sent again, once, on a new connection; any
other failure closes the connection and is the caller's to record.
"""

from __future__ import annotations

import smtplib
import threading
import time
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.core.signals import setting_changed

_local = threading.local()  # .backend: the open connection; .used_at: its last use


def _close() -> None:
    backend = getattr(_local, "backend", None)
    _local.backend = None
    if backend is not None:
        backend.close()  # Django's backends swallow what a dead connection raises here


def _open() -> Any:
    backend = mail.mailers.default
    backend.open()
    _local.backend = backend
    return backend


def _kept() -> Any | None:
    backend = getattr(_local, "backend", None)
    idle = time.monotonic() - getattr(_local, "used_at", 0.0)
    if backend is not None and idle >= settings.EMAIL_KEEPALIVE_SECONDS:
        _close()
        return None
    return backend


def send(message: EmailMessage) -> None:
    """Send ``message`` on this thread's connection, opened if need be; raise what the
    server says."""
    backend = _kept()
    reused = backend is not None
    try:
        try:
            (backend or _open()).send_messages([message])
        except smtplib.SMTPServerDisconnected:
            _close()
            if not reused:
                raise
            _open().send_messages([message])  # the server had closed the kept connection
    except BaseException:
        _close()
        raise
    _local.used_at = time.monotonic()
    if not settings.EMAIL_KEEPALIVE_SECONDS:
        _close()


def _mailers_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in ("MAILERS", "EMAIL_KEEPALIVE_SECONDS"):
        _close()  # a connection to the mail server configured before


setting_changed.connect(_mailers_changed, dispatch_uid="channels-email-smtp")
