"""Undoing what a database transaction cannot: files written by a request that then fails.

A rolled-back transaction takes its rows with it, but not a file already written to storage.
Code that writes such a file says how to undo it with ``on_error``; the service at the edge of
a request wraps its work in ``undone_on_error``, which runs those undos if the work raises. A
nested block that succeeds hands its undos to the block around it, so a failure further out
still undoes them: a refused request leaves no file behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

logger = logging.getLogger(__name__)

Undo = Callable[[], None]

_PENDING: ContextVar[list[Undo] | None] = ContextVar("mostrador_undo", default=None)


def on_error(undo: Undo) -> None:
    """Run ``undo`` if the enclosing ``undone_on_error`` block fails. Outside any block, the
    caller's write simply stays."""
    pending = _PENDING.get()
    if pending is not None:
        pending.append(undo)


@contextmanager
def undone_on_error() -> Iterator[None]:
    """Run every ``on_error`` undo registered inside the block if the block raises."""
    outer = _PENDING.get()
    pending: list[Undo] = []
    token = _PENDING.set(pending)
    try:
        yield
    except BaseException:
        _PENDING.reset(token)
        _run(pending)
        raise
    _PENDING.reset(token)
    if outer is not None:
        outer.extend(pending)


def _run(pending: list[Undo]) -> None:
    for undo in reversed(pending):
        try:
            undo()
        except Exception:  # an undo that fails must not hide the error being raised
            logger.exception("could not undo a write of a failed request")
