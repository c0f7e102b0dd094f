"""When a case is late, at risk or breached: one definition of each, in Python and in SQL.

The queues, the API's ``overdue`` filter, the deadline watch, the case pages and the
statistics all ask this module, so they never disagree.

- A case has three clocks: the **first response** (until the first reply to the customer),
  the **resolution** and the **legal deadline** (until the case ends: resolved or closed).
  Only open cases' clocks run.
- The SLA clocks (first response, resolution) stand still while the case waits on the
  customer: they have counted up to the moment the wait began (``sla_paused_at``). The legal
  clock never stops.
- A clock is **late** at a moment when it is running and its due time is before the point it
  has counted to. A case is late when one of its clocks is.
- A case is **at risk** when it is not late but will be within ``SLA_AT_RISK_MINUTES``.
- **Breached** is the state of a late case (``SLAState.BREACHED``); ``state`` gives a case's
  state, on time, at risk or breached. The deadline watch keeps the last state it announced
  on the case (``Case.sla_state``) only to tell people once; every reader asks ``state``.
- For a clock that has stopped, the statistics count it **met** if it stopped by its due time
  and **missed** if after it, or if it is still running late.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce

from mostrador.cases.choices import OPEN_STATUSES, SLAState

CLOCKS = ("first_response", "resolution", "legal")


def risk_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.SLA_AT_RISK_MINUTES)


# ---------------------------------------------------------------- in Python, on one case


def _sla_until(case: Any, moment: dt.datetime) -> dt.datetime:
    paused = case.sla_paused_at
    return min(paused, moment) if paused is not None else moment


def late_clocks(case: Any, moment: dt.datetime) -> list[str]:
    """The clocks of ``case`` that are late at ``moment`` (none once the case has ended)."""
    if case.status not in OPEN_STATUSES:
        return []
    until = _sla_until(case, moment)
    late = []
    if (
        case.first_responded_at is None
        and case.first_response_due
        and case.first_response_due < until
    ):
        late.append("first_response")
    if case.resolution_due and case.resolution_due < until:
        late.append("resolution")
    if case.legal_due and case.legal_due < moment:
        late.append("legal")
    return late


def is_late(case: Any, moment: dt.datetime) -> bool:
    return bool(late_clocks(case, moment))


def is_at_risk(case: Any, moment: dt.datetime) -> bool:
    return not is_late(case, moment) and is_late(case, moment + risk_window())


def state_of(case: Any, moment: dt.datetime) -> SLAState:
    if is_late(case, moment):
        return SLAState.BREACHED
    if is_late(case, moment + risk_window()):
        return SLAState.AT_RISK
    return SLAState.ON_TIME


# ---------------------------------------------------------------- in SQL, on many cases


def sla_until(moment: dt.datetime) -> Coalesce:
    """The point the SLA clocks of each case have counted to at ``moment``."""
    return Coalesce("sla_paused_at", Value(moment, output_field=models.DateTimeField()))


def running_late(moment: dt.datetime) -> Q:
    """Some clock is past its due time at ``moment``, for a query already limited to open
    cases (the queues, their counts): it reads only the clocks' columns, so the counts come
    from the covering index alone."""
    until = sla_until(moment)
    return (
        Q(first_responded_at__isnull=True, first_response_due__lt=until)
        | Q(resolution_due__lt=until)
        | Q(legal_due__lt=moment)
    )


def running_at_risk(moment: dt.datetime) -> Q:
    """``at_risk`` for a query already limited to open cases."""
    return ~running_late(moment) & running_late(moment + risk_window())


def late(moment: dt.datetime) -> Q:
    """The condition of ``late_clocks``: an open case with a clock late at ``moment``."""
    return Q(status__in=sorted(OPEN_STATUSES)) & running_late(moment)


def at_risk(moment: dt.datetime) -> Q:
    """The condition of ``is_at_risk``."""
    return Q(status__in=sorted(OPEN_STATUSES)) & running_at_risk(moment)


def state(moment: dt.datetime) -> models.Case:
    """Each case's state at ``moment`` (``state_of``), to annotate a list with."""
    return models.Case(
        models.When(late(moment), then=Value(SLAState.BREACHED.value)),
        models.When(late(moment + risk_window()), then=Value(SLAState.AT_RISK.value)),
        default=Value(SLAState.ON_TIME.value),
        output_field=models.CharField(),
    )


def clock_met(stop: str, due: str) -> Q:
    """A clock that stopped (at the field or alias ``stop``) by its ``due`` time."""
    return Q(**{f"{stop}__lte": models.F(due)})


def clock_missed(stop: str, due: str, until: Any) -> Q:
    """A clock that stopped after its ``due`` time, or is still running past it at ``until``
    (``sla_until(now)`` for an SLA clock, now for the legal one)."""
    return Q(**{f"{stop}__gt": models.F(due)}) | Q(**{f"{stop}__isnull": True, f"{due}__lt": until})
