"""Staff queues: the lists of cases people work from. Thin: selectors and a template."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from mostrador.accounts.models import Department, User
from mostrador.cases import queues, selectors
from mostrador.cases.models import Case

TITLES = {
    "mine": _("My cases"),
    "unassigned": _("Unassigned"),
    "waiting_on_me": _("Waiting on me"),
    "at_risk": _("At risk"),
    "breached": _("Past deadline"),
}
PAGE = 25


def _cursor(raw: str | None) -> tuple[dt.datetime, int] | None:
    if not raw:
        return None
    try:
        due, pk = json.loads(base64.urlsafe_b64decode(raw.encode()))
        return dt.datetime.fromisoformat(due), int(pk)
    except (ValueError, TypeError, binascii.Error):
        return None  # a mangled link starts again at the first page


def _encode(position: tuple[dt.datetime, int] | None) -> str | None:
    if position is None:
        return None
    return base64.urlsafe_b64encode(
        json.dumps([position[0].isoformat(), position[1]]).encode()
    ).decode()


def _render(
    request: HttpRequest,
    title: object,
    cases: QuerySet[Case],
    current: str,
    department_id: int | None = None,
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    page, position = selectors.page_by_due(
        cases, after=_cursor(request.GET.get("cursor")), limit=PAGE
    )
    context = {
        "title": title,
        "current": current,
        "current_department": department_id,
        "cases": page,
        "next_cursor": _encode(position),
        "counts": queues.queue_counts(user),
        "personal": [(name, TITLES[name]) for name in queues.PERSONAL],
        "departments": queues.department_counts(user),
    }
    return render(request, "web/queues/queue.html", context)


@login_required
def personal_queue(request: HttpRequest, name: str = "mine") -> HttpResponse:
    if name not in TITLES:
        raise Http404
    user: User = request.user  # type: ignore[assignment]
    return _render(request, TITLES[name], queues.queue_cases(user, name), name)


@login_required
def department_queue(request: HttpRequest, department_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    department = Department.objects.filter(pk=department_id, memberships__user=user).first()
    if department is None:
        raise Http404
    cases = queues.queue_cases(user, "department", department_id=department.pk)
    return _render(request, department.name, cases, "department", department.pk)
