"""Signals: the moments of a case other apps react to.

The case signals are sent once the transaction that made the change commits, so a receiver
never sees a change that is then rolled back, and may enqueue work or write in its own
transaction. Each is sent with ``sender=Case`` and these keyword arguments:

- ``case_opened``: ``case`` (the new case), ``actor`` (the member of staff who logged it, or
  None when the customer wrote in).
- ``case_answered``: ``case``, ``actor`` (who wrote), ``message`` (the reply to the customer).
- ``case_resolved``: ``case``, ``actor`` (None when the system resolved it).
- ``case_closed``: ``case``, ``actor``; a merged case closes too.
- ``case_reopened``: ``case``, ``actor`` (None when a customer's reply reopened it).

``case`` is the instance as the service left it: read what you need from it, or reload it.
Surveys (after a resolution), knowledge (deflection) and reports connect to these in their
app's ``ready()``; ``cases`` never imports them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

case_opened = Signal()
case_answered = Signal()
case_resolved = Signal()
case_closed = Signal()
case_reopened = Signal()


def send_on_commit(signal: Signal, **data: Any) -> None:
    """Send ``signal`` with ``data`` once the current transaction commits."""
    from mostrador.cases.models import Case  # noqa: PLC0415  (models are loaded by then)

    transaction.on_commit(lambda: signal.send(sender=Case, **data))
