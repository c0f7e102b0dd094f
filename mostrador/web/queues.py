"""Staff queues: the lists of cases people work from, filtered, with bulk actions. Thin:
selectors, the bulk service and a template."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from mostrador.accounts.models import Department, Membership, User
from mostrador.cases import bulk, queues, selectors
from mostrador.cases import counts as counts_of
from mostrador.cases.choices import CaseStatus, CaseType, Priority
from mostrador.cases.models import Case
from mostrador.web.case_forms import BulkForm
from mostrador.web.common import safe_next

TITLES = {
    "mine": gettext_lazy("My cases"),
    "unassigned": gettext_lazy("Unassigned"),
    "waiting_on_me": gettext_lazy("Waiting on me"),
    "at_risk": gettext_lazy("At risk"),
    "breached": gettext_lazy("Past deadline"),
}
PAGE = 25
FILTERS = {"status": CaseStatus, "type": CaseType, "priority": Priority}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _cursor(raw: str | None) -> tuple[dt.datetime, int] | None:
    try:
        return selectors.decode_position(raw)
    except ValueError:
        return None  # a mangled link starts again at the first page


def _filtered(request: HttpRequest, cases: QuerySet[Case]) -> tuple[QuerySet[Case], dict[str, str]]:
    chosen = {}
    for name, choices in FILTERS.items():
        value = request.GET.get(name, "")
        if value in choices.values:
            cases = cases.filter(**{name: value})
            chosen[name] = value
    return cases, chosen


def colleagues(user: User) -> list[User]:
    """People in the user's departments: whom a case can be assigned to from a queue."""
    departments = Membership.objects.filter(user=user).values("department_id")
    return list(
        User.objects.filter(memberships__department_id__in=departments, is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


def _render(
    request: HttpRequest,
    title: object,
    cases: QuerySet[Case],
    current: str,
    department_id: int | None = None,
) -> HttpResponse:
    user = _user(request)
    cases, chosen = _filtered(request, cases)
    page, position = selectors.page_by_due(
        cases, after=_cursor(request.GET.get("cursor")), limit=PAGE
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    counts, departments = counts_of.navigation_counts(user)
    context = {
        "title": title,
        "current": current,
        "current_department": department_id,
        "cases": page,
        "next_cursor": selectors.encode_position(position),
        "filter_query": query.urlencode(),
        "chosen": chosen,
        "filters": [(name, choices.choices) for name, choices in FILTERS.items()],
        "counts": counts,
        "personal": [(name, TITLES[name]) for name in queues.PERSONAL],
        "departments": departments,
        "people": colleagues(user),
        "priorities": Priority.choices,
    }
    return render(request, "web/queues/queue.html", context)


@login_required
def personal_queue(request: HttpRequest, name: str = "mine") -> HttpResponse:
    if name not in TITLES:
        raise Http404
    return _render(request, TITLES[name], queues.queue_cases(_user(request), name), name)


@login_required
def department_queue(request: HttpRequest, department_id: int) -> HttpResponse:
    user = _user(request)
    department = Department.objects.filter(pk=department_id, memberships__user=user).first()
    if department is None:
        raise Http404
    cases = queues.queue_cases(user, "department", department_id=department.pk)
    return _render(request, department.name, cases, "department", department.pk)


def _report(request: HttpRequest, report: bulk.BulkReport) -> None:
    if report.done:
        messages.success(
            request,
            ngettext(
                "%(count)d case changed: %(refs)s.",
                "%(count)d cases changed: %(refs)s.",
                len(report.done),
            )
            % {"count": len(report.done), "refs": ", ".join(report.done)},
        )
    for reference, reason in report.skipped:
        messages.warning(
            request,
            _("%(reference)s was left as it was: %(reason)s")
            % {"reference": reference, "reason": reason},
        )


@login_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    """Assign, set the priority of, or close the chosen cases; say what happened to each."""
    user = _user(request)
    ids = [int(v) for v in request.POST.getlist("cases") if v.isdigit()]
    form = BulkForm(request.POST, case_ids=ids, people=colleagues(user))
    target = safe_next(request, request.POST.get("next", ""), "/queues/")
    if not ids:
        messages.error(request, _("Choose at least one case."))
    elif not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors))
    else:
        data = form.cleaned_data
        _report(
            request,
            bulk.apply_to_cases(
                data["cases"],
                action=data["action"],
                actor=user,
                assignee=data.get("assignee"),
                priority=data.get("priority"),
            ),
        )
    return HttpResponseRedirect(target)
