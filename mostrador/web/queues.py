"""Staff queues: the lists of cases people work from. Thin: selectors and a template."""

from __future__ import annotations

import datetime as dt

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
    try:
        return selectors.decode_position(raw)
    except ValueError:
        return None  # a mangled link starts again at the first page


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
        "next_cursor": selectors.encode_position(position),
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
