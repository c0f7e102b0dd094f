"""The security log for administrators: sign-ins, failures, tokens, access changes, exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from mostrador.accounts import audit
from mostrador.api.auth import current_user
from mostrador.api.schemas import ErrorOut
from mostrador.core import events
from mostrador.core.models import Event

router = Router(tags=["administration"])


class SecurityQuery(Schema):
    kind: str = Field("", max_length=100, description="One kind of event, by its code.")
    person: str = Field("", max_length=150, description="Part of a username or a name.")
    address: str = Field("", max_length=45, description="A client IP address, exactly.")
    since: dt.date | None = None
    until: dt.date | None = None
    before: int | None = Field(None, description="The id of the last event of the page before.")
    limit: int = Field(50, ge=1, le=200)


class SecurityEventOut(Schema):
    id: int
    at: dt.datetime
    kind: str
    label: str
    description: str
    actor: str | None
    about: str = Field(description="The account or object concerned, as it was named.")
    account_known: bool = Field(description="False for a name typed that is nobody's account.")
    ip_address: str | None
    user_agent: str


class SecurityPageOut(Schema):
    items: list[SecurityEventOut]
    next_before: int | None


def _out(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "at": event.created_at,
        "kind": event.verb,
        "label": events.label(event.verb),
        "description": events.describe(event.verb, event.data),
        "actor": event.actor.username if event.actor else None,
        "about": event.subject_repr,
        "account_known": bool(event.subject_id),
        "ip_address": event.data.get("ip_address"),
        "user_agent": event.data.get("user_agent", ""),
    }


@router.get("/security-events", response={200: SecurityPageOut, 403: ErrorOut, 422: ErrorOut})
def list_security_events(request: HttpRequest, query: Query[SecurityQuery]) -> dict[str, Any]:
    """The security log, newest first, a page at a time (administrators only)."""
    filters = audit.SecurityFilters(
        kind=query.kind,
        person=query.person.strip(),
        address=query.address.strip(),
        since=query.since,
        until=query.until,
    )
    found = audit.list_security_events(current_user(request), filters)
    if query.before is not None:
        found = found.filter(pk__lt=query.before)
    page = list(found[: query.limit + 1])
    more = len(page) > query.limit
    page = page[: query.limit]
    return {"items": [_out(event) for event in page], "next_before": page[-1].pk if more else None}
