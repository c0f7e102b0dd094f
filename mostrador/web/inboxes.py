"""Inboxes: approval requests waiting for a head, consultations waiting for a department, and
the search box. Thin: selectors and templates; decisions post to the case page's views."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mostrador.accounts.models import User
from mostrador.cases import casepage, search

INBOX_SIZE = 100


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    pending = list(casepage.pending_approvals_for(_user(request))[:INBOX_SIZE])
    return render(request, "web/inboxes/approvals.html", {"approvals": pending})


@login_required
def consultations(request: HttpRequest) -> HttpResponse:
    waiting = list(casepage.open_consultations_for(_user(request))[:INBOX_SIZE])
    return render(request, "web/inboxes/consultations.html", {"consultations": waiting})


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """Cases matching words, a reference or an email, best first, the words marked."""
    query = request.GET.get("q", "").strip()[:200]
    cases = search.search_cases(_user(request), query) if query else []
    quoted = search.snippets(cases, query)
    results = [(case, quoted.get(case.pk, "")) for case in cases]
    return render(request, "web/search.html", {"q": query, "results": results})
