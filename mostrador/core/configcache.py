"""What a process builds from the configuration, kept until the configuration changes.

Opening a case reads its department's business calendar (hours, closed days, public
holidays), the SLA policies, the legal deadline rules and the mailbox its receipt comes
from; rebuilding them for every case cost five queries and a fifth of the request. So each
process keeps what it built, under the token of ``ConfigStamp`` it was built under, and
builds again once the token differs.

The token is a random string replaced whenever a watched model is saved or deleted (signals
connected by ``watch``, in the changing transaction: a change rolled back takes its token
with it, and a token is never reused, so nothing built from rolled-back rows matches again).
It is read once per request and once per task (``request_started``, ``task_started``), and
on every use outside them (management commands, the shell, tests): any process sees a
change from the next request it serves. Writes that bypass signals (``QuerySet.update``,
``bulk_create``: the demo's loader) call ``changed()`` themselves.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.tasks.signals import task_finished, task_started

_entries: dict[str, tuple[str, Any]] = {}
_local = threading.local()  # .scoped: inside a request or task; .token: read in it


def _read_token() -> str | None:
    from mostrador.core.models import ConfigStamp  # noqa: PLC0415  (the app registry)

    return ConfigStamp.objects.filter(pk=1).values_list("token", flat=True).first()


def current_token() -> str | None:
    """The configuration's token now; None when there is none (a flushed database), in which
    case nothing is kept."""
    if getattr(_local, "scoped", False):
        if getattr(_local, "token", None) is None:
            _local.token = _read_token()
        return _local.token  # type: ignore[no-any-return]
    return _read_token()


def cached[T](name: str, build: Callable[[], T]) -> T:
    """What ``build`` returns, built again only when the configuration changed."""
    token = current_token()
    entry = _entries.get(name)
    if token is not None and entry is not None and entry[0] == token:
        return entry[1]  # type: ignore[no-any-return]
    value = build()
    if token is not None:
        _entries[name] = (token, value)
    return value


def changed() -> None:
    """Say the configuration changed: every process builds again at its next use."""
    from mostrador.core.models import ConfigStamp  # noqa: PLC0415

    token = secrets.token_hex(16)
    if not ConfigStamp.objects.filter(pk=1).update(token=token):
        ConfigStamp.objects.update_or_create(pk=1, defaults={"token": token})
    _local.token = None
    _entries.clear()


def _on_change(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: the fixture's rows, saved as they are
        return
    changed()


def watch(*watched: type[models.Model]) -> None:
    """Build again whenever one of these models is saved or deleted."""
    for model in watched:
        for signal in (post_save, post_delete):
            signal.connect(
                _on_change, sender=model, dispatch_uid=f"configcache-{model._meta.label}"
            )


@contextmanager
def scope() -> Iterator[None]:
    """Read the token once for the work inside, as a request or a task does (a management
    command going through many items, a test standing for a task)."""
    _begin()
    try:
        yield
    finally:
        _end()


def _begin(**kwargs: Any) -> None:
    _local.scoped, _local.token = True, None


def _end(**kwargs: Any) -> None:
    _local.scoped, _local.token = False, None


for _start, _finish in ((request_started, request_finished), (task_started, task_finished)):
    _start.connect(_begin, dispatch_uid=f"configcache-begin-{id(_start)}")
    _finish.connect(_end, dispatch_uid=f"configcache-end-{id(_finish)}")
