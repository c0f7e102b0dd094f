"""The security log: who got in, who failed to, who was given what access, what left the system.

Every app declares which of its kinds of event belong here (``declare(..., security=True)``);
this reads them back for administrators, newest first, through the screens and the API alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from mostrador.accounts import permissions
from mostrador.accounts.models import User
from mostrador.core import events
from mostrador.core.errors import Forbidden
from mostrador.core.models import Event


@dataclass(frozen=True)
class SecurityFilters:
    """What an administrator narrows the log to; empty fields narrow nothing."""

    kind: str = ""
    person: str = ""
    address: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def security_kinds() -> list[events.EventKind]:
    return events.all_kinds(security=True)


def can_read_security_log(user: User) -> bool:
    return permissions.is_admin(user)


def list_security_events(actor: User, filters: SecurityFilters) -> QuerySet[Event]:
    """The security events ``filters`` asks for, newest first, with who did them. Raises
    ``Forbidden`` unless ``actor`` is an administrator."""
    if not can_read_security_log(actor):
        raise Forbidden()
    verbs = [kind.verb for kind in security_kinds()]
    found = Event.objects.filter(verb__in=[filters.kind] if filters.kind in verbs else verbs)
    if filters.person:
        found = found.filter(
            Q(actor__username__icontains=filters.person)
            | Q(subject_repr__icontains=filters.person)
            | Q(data__username__icontains=filters.person)
        )
    if filters.address:
        found = found.filter(data__ip_address=filters.address)
    if filters.since:
        found = found.filter(created_at__date__gte=filters.since)
    if filters.until:
        found = found.filter(created_at__date__lte=filters.until)
    # Newest first, in the order they were written (an id never comes back).
    return found.select_related("actor", "subject_type").order_by("-id")
