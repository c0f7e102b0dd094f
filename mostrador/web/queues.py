"""Staff queues: the lists of cases people work from, sorted, filtered, in pages of a chosen
size, with bulk actions and saved views. Thin: the queues' set-up and paging
(``cases.queues``), saved views (``cases.saved_views``), the bulk service and templates."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from mostrador.accounts.models import Department, Membership, User
from mostrador.cases import bulk, queues, saved_views
from mostrador.cases import counts as counts_of
from mostrador.cases.choices import CaseStatus, CaseType, Priority, SLAState
from mostrador.cases.models import Case, SavedView
from mostrador.core.errors import DomainError, NotFound
from mostrador.web.case_forms import BulkForm
from mostrador.web.common import safe_next

TITLES = {
    "mine": gettext_lazy("My cases"),
    "unassigned": gettext_lazy("Unassigned"),
    "waiting_on_me": gettext_lazy("Waiting on me"),
    "at_risk": gettext_lazy("At risk"),
    "breached": gettext_lazy("Past deadline"),
}
COLUMN_LABELS = {
    "reference": gettext_lazy("Reference"),
    "subject": gettext_lazy("Subject"),
    "customer": gettext_lazy("Customer"),
    "status": gettext_lazy("Status"),
    "priority": gettext_lazy("Priority"),
    "level": gettext_lazy("Level"),
    "owner": gettext_lazy("Owner"),
    "updated": gettext_lazy("Updated"),
    "due": gettext_lazy("Due"),
}
FILTER_CHOICES = {
    "status": CaseStatus.choices,
    "type": CaseType.choices,
    "priority": Priority.choices,
    "level": [(value, value) for value in queues.FILTERS["level"]],
}
FILTER_LABELS = {
    "status": gettext_lazy("Status"),
    "type": gettext_lazy("Type"),
    "priority": gettext_lazy("Priority"),
    "level": gettext_lazy("Level"),
}
# What the page's address may carry besides the set-up: the position in the list.
SETUP_PARAMETERS = (*queues.FILTERS, "col", "sort", "size")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def setup_from(query: QueryDict, base: queues.QueueSetup) -> queues.QueueSetup:
    """The set-up the address asks for, each part it does not mention taken from ``base``
    (a saved view's, or the default). A filter given empty ("All") drops the base's."""
    filters = dict(base.filters)
    for name in queues.FILTERS:
        if name in query:
            filters[name] = query.get(name, "")
    columns: object = base.columns
    if "col" in query:  # the form sends an empty "col" first, so none ticked reads as none
        columns = [name for name in query.getlist("col") if name]
    return queues.clean_setup(
        filters={name: value for name, value in filters.items() if value},
        columns=columns,
        sort=query.get("sort", base.sort),
        page_size=query.get("size", base.page_size),
    )


def colleagues(user: User) -> list[User]:
    """People in the user's departments: whom a case can be assigned to from a queue."""
    departments = Membership.objects.filter(user=user).values("department_id")
    return list(
        User.objects.filter(memberships__department_id__in=departments, is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


def _address(query: QueryDict, **changes: str) -> str:
    """``query`` without its position, with ``changes``: the link to another order or page."""
    changed = query.copy()
    changed.pop("cursor", None)
    for key, value in changes.items():
        changed[key] = value
    return changed.urlencode()


def _headers(query: QueryDict, setup: queues.QueueSetup) -> list[dict[str, object]]:
    headers = []
    for name in ("reference", "subject", *setup.columns):
        header: dict[str, object] = {"name": name, "label": COLUMN_LABELS[name]}
        if name in queues.SORTS:
            current = setup.sort_name == name
            descending = current and setup.descending
            header["aria_sort"] = ("descending" if descending else "ascending") if current else ""
            header["url"] = "?" + _address(
                query, sort=name if descending or not current else f"-{name}"
            )
        headers.append(header)
    return headers


def _setup_fields(setup: queues.QueueSetup) -> list[tuple[str, str]]:
    """The set-up as the hidden fields of the "Save view" form."""
    fields = [*setup.filters.items(), ("sort", setup.sort), ("size", str(setup.page_size))]
    return fields + [("col", name) for name in setup.columns]


BADGES = {SLAState.BREACHED: "error", SLAState.AT_RISK: "warn"}


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _line(row: queues.QueueRow) -> dict[str, object]:
    """What one line of the table shows, its words made here once: a template's tags per cell,
    25 to 100 lines a page, cost more than the rest of the page together."""
    case = row.case
    due = case.resolution_due
    if row.waiting:
        updated = _("waiting %(time)s") % {"time": row.since}
        moment_title = f"{_('Waiting on the customer since')} {_when(row.moment)}"
    else:
        updated = _("%(time)s ago") % {"time": row.since}
        moment_title = _when(row.moment)
    due_text = ""
    if due is not None:
        template = _("%(time)s ago") if row.overdue else _("in %(time)s")
        due_text = template % {"time": row.due_in}
    return {
        "case": case,
        "sla_state": row.sla_state,
        "sla_label": row.sla_state.label,
        "badge": BADGES.get(row.sla_state, "ok"),
        "url": reverse("web:case", args=[case.reference]),
        "pick_label": _("Select %(reference)s") % {"reference": case.reference},
        "status": case.get_status_display(),
        "priority": case.get_priority_display(),
        "marked_priority": case.priority in (Priority.URGENT, Priority.HIGH),
        "owner": str(case.owner) if case.owner_id else "",
        "waiting": row.waiting,
        "moment_iso": row.moment.isoformat(),
        "moment_title": moment_title,
        "updated_text": updated,
        "due_iso": due.isoformat() if due else "",
        "due_title": _when(due) if due else "",
        "due_text": due_text,
    }


def _sort_choices() -> list[tuple[str, str]]:
    choices = []
    for name in queues.SORTS:
        label = COLUMN_LABELS[name]
        choices.append((name, _("%(column)s, ascending") % {"column": label}))
        choices.append((f"-{name}", _("%(column)s, descending") % {"column": label}))
    return choices


def _render(
    request: HttpRequest,
    title: object,
    cases: QuerySet[Case],
    current: str,
    *,
    department_id: int | None = None,
    view: SavedView | None = None,
    views: list[SavedView] | None = None,
) -> HttpResponse:
    user = _user(request)
    views = saved_views.list_views_for_user(user) if views is None else views
    base = saved_views.setup_of(view) if view else queues.QueueSetup()
    setup = setup_from(request.GET, base)
    page = queues.read_page(cases, setup, request.GET.get("cursor"))
    counts, departments = counts_of.navigation_counts(user)
    shareable = saved_views.departments_to_share_with(user)
    managed = {department.pk for department in shareable}
    view_counts = saved_views.count_views(user, views)
    context = {
        "title": title,
        "current": current,
        "current_department": department_id,
        "current_view": view,
        "may_change_view": view is not None
        and saved_views.can_change_view(user, view, managed=managed),
        "rows": [_line(row) for row in page.rows],
        "columns": setup.columns,
        "show": dict.fromkeys(setup.columns, True),
        "headers": _headers(request.GET, setup),
        "setup": setup,
        "next_query": _address(request.GET, cursor=page.next_cursor) if page.next_cursor else "",
        "first_query": _address(request.GET) if request.GET.get("cursor") else None,
        "filters": [
            (name, FILTER_LABELS[name], FILTER_CHOICES[name], setup.filters.get(name, ""))
            for name in queues.FILTERS
        ],
        "column_choices": [(name, COLUMN_LABELS[name]) for name in queues.COLUMNS],
        "sort_choices": _sort_choices(),
        "page_sizes": queues.PAGE_SIZES,
        "setup_fields": _setup_fields(setup),
        "save_queue": view.queue if view else current,
        "save_department": (view.queue_department_id if view else department_id) or "",
        "shareable": shareable,
        "counts": counts,
        "personal": [(name, TITLES[name]) for name in queues.PERSONAL],
        "departments": departments,
        "views": [(saved, view_counts.get(saved.pk, 0)) for saved in views],
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
    return _render(request, department.name, cases, "department", department_id=department.pk)


@login_required
def saved_view(request: HttpRequest, view_id: int) -> HttpResponse:
    """A saved view: its queue with its set-up, which the address may still change."""
    user = _user(request)
    views = saved_views.list_views_for_user(user)
    view = saved_views.get_view(views, view_id)
    cases = saved_views.cases_of(user, view)
    return _render(request, view.name, cases, "view", view=view, views=views)


def _department(raw: str) -> Department | None:
    if not raw:
        return None
    department = Department.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
    if department is None:
        raise NotFound()
    return department


def _posted_setup(data: QueryDict) -> queues.QueueSetup:
    """The set-up a "Save view" form sent, as sent: the service refuses what is not allowed."""
    size = data.get("size", "")
    return queues.QueueSetup(
        filters={name: data.get(name, "") for name in queues.FILTERS if data.get(name)},
        columns=tuple(name for name in data.getlist("col") if name),
        sort=data.get("sort", queues.DEFAULT_SORT),
        page_size=int(size) if size.isdigit() else 0,
    )


def _view_address(view: SavedView) -> str:
    return reverse("web:queue-view", args=[view.pk])


@login_required
@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    """Save the queue's current set-up as a view of one's own, or shared with a department."""
    back = safe_next(request, request.POST.get("next", ""), "/queues/")
    try:
        view = saved_views.create_view(
            _user(request),
            name=request.POST.get("name", ""),
            queue=request.POST.get("queue", ""),
            queue_department=_department(request.POST.get("department", "")),
            setup=_posted_setup(request.POST),
            share_with=_department(request.POST.get("share", "")),
        )
    except DomainError as error:
        messages.error(request, error.explain())
        return HttpResponseRedirect(back)
    messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
    return HttpResponseRedirect(_view_address(view))


def _own_view(request: HttpRequest, view_id: int) -> SavedView:
    return saved_views.get_view(saved_views.list_views_for_user(_user(request)), view_id)


@login_required
@require_POST
def change_view(request: HttpRequest, view_id: int) -> HttpResponse:
    """Rename, share or unshare a saved view (what the form's ``action`` says)."""
    view = _own_view(request, view_id)
    user = _user(request)
    try:
        if request.POST.get("action") == "share":
            share_with = _department(request.POST.get("share", ""))
            saved_views.share_view(view, department=share_with, actor=user)
        else:
            saved_views.rename_view(view, name=request.POST.get("name", ""), actor=user)
    except DomainError as error:
        messages.error(request, error.explain())
    else:
        messages.success(request, _("View “%(name)s” changed.") % {"name": view.name})
    return HttpResponseRedirect(_view_address(view))


@login_required
@require_POST
def delete_view(request: HttpRequest, view_id: int) -> HttpResponse:
    view = _own_view(request, view_id)
    try:
        saved_views.delete_view(view, actor=_user(request))
    except DomainError as error:
        messages.error(request, error.explain())
        return HttpResponseRedirect(_view_address(view))
    messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
    return HttpResponseRedirect(reverse("web:queues"))


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
