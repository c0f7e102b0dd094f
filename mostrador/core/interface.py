"""Through which interface the work in progress is done (the staff workspace, the API...).

An event says who did what and when; this adds by which way. The interface at the edge of a
request says it once with ``acting_through``, and ``services.record_event`` writes it into
every event recorded inside as ``data["channel"]`` (unless the event says its own channel,
as an opened case does of the way the case came). No service signature has to carry it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

_CHANNEL: ContextVar[str] = ContextVar("mostrador_channel", default="")

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def acting_through(channel: str) -> Iterator[None]:
    """Record ``channel`` (a ``cases.choices.Channel`` value) in the events of the block."""
    token = _CHANNEL.set(channel)
    try:
        yield
    finally:
        _CHANNEL.reset(token)


def through(channel: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The decorator form of ``acting_through``, for a view."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            with acting_through(channel):
                return view(*args, **kwargs)

        return wrapped

    return decorate


def current_channel() -> str:
    """The channel the events recorded now are done through; empty when nobody said."""
    return _CHANNEL.get()
