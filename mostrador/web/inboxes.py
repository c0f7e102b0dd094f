"""Inboxes: approval requests waiting for a head, consultations waiting for a department, and
the search box. Thin: selectors and templates; decisions post to the case page's views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostrador.accounts.models import User
from mostrador.cases import ownership, search, selectors_levels
from mostrador.cases.models import FollowUp
from mostrador.core.errors import DomainError

INBOX_SIZE = 100


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    pending = list(selectors_levels.pending_approvals_for(_user(request))[:INBOX_SIZE])
    return render(request, "web/inboxes/approvals.html", {"approvals": pending})


@login_required
def consultations(request: HttpRequest) -> HttpResponse:
    waiting = list(selectors_levels.open_consultations_for(_user(request))[:INBOX_SIZE])
    return render(request, "web/inboxes/consultations.html", {"consultations": waiting})


@login_required
def followups(request: HttpRequest) -> HttpResponse:
    """My check-backs with customers after a transfer: due ones first, then those waiting for
    the case to be resolved."""
    followups = selectors_levels.list_followups_for(_user(request))
    pending = list(followups.select_related("case__customer")[:INBOX_SIZE])
    return render(request, "web/inboxes/followups.html", {"followups": pending})


@login_required
@require_POST
def followup_done(request: HttpRequest, followup_id: int) -> HttpResponse:
    user = _user(request)
    followup = get_object_or_404(FollowUp, pk=followup_id, assignee=user)
    try:
        ownership.complete_followup(followup, actor=user, note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Follow-up done."))
    return redirect("web:followups")


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """Cases matching words, a reference or an email, best first, the words marked. A
    reference of a case the reader may see opens that case; one they may not finds nothing."""
    query = request.GET.get("q", "").strip()[:200]
    cases = search.search_cases(_user(request), query) if query else []
    if cases and search.reference_forms(query):
        return redirect("web:case", reference=cases[0].reference)
    quoted = search.snippets(cases, query)
    marks = search.marks_for_cases(query, cases, quoted)
    results = [(case, quoted.get(case.pk, ""), marks[case.pk]) for case in cases]
    return render(request, "web/search.html", {"q": query, "results": results})
