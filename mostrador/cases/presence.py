"""Presence: who else has a case open, and whether a reply would cross one sent meanwhile."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from mostrador.accounts.models import User
from mostrador.cases.models import Case, CaseViewer, Message
from mostrador.core import timeutils


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.CASE_PRESENCE_SECONDS)


def mark_viewing(case: Case, user: User, *, composing: bool = False) -> None:
    """Record that ``user`` has ``case`` open now (and whether they are writing to it).

    Presence is a hint, not history: no event is recorded, and stale rows simply stop counting.
    """
    CaseViewer.objects.update_or_create(
        case=case, user=user, defaults={"seen_at": timeutils.now(), "composing": composing}
    )


def stop_viewing(case: Case, user: User) -> None:
    CaseViewer.objects.filter(case=case, user=user).delete()


def others_viewing(case: Case, user: User) -> list[CaseViewer]:
    """The other people who had ``case`` open within the presence window, most recent first."""
    return list(
        CaseViewer.objects.filter(case=case, seen_at__gte=timeutils.now() - _window())
        .exclude(user=user)
        .select_related("user")
        .order_by("-seen_at")
    )


def crossing_messages(case: Case, user: User, *, seen_up_to: int | None) -> list[Message]:
    """Messages by others added to ``case`` after the one ``user`` last saw (by id): sending a
    reply now would cross them. Empty when nothing new arrived."""
    if seen_up_to is None:
        return []
    return list(
        case.messages.filter(pk__gt=seen_up_to)
        .exclude(author=user)
        .select_related("author")
        .order_by("pk")
    )
