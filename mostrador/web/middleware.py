"""Turn domain errors that escape a staff view into the matching error page; send whoever
must pass the second step of signing in there first."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views import defaults
from django_htmx.http import HttpResponseClientRedirect

from mostrador.core.errors import DomainError, Forbidden, NotFound
from mostrador.web import twostep


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, Forbidden):
            return defaults.permission_denied(request, exception)
        if isinstance(exception, DomainError):
            return defaults.bad_request(request, exception)
        return None


class TwoStepMiddleware:
    """Before any page, the person signed in passes the second step of signing in, or sets it
    up, where they must (``twostep.detour``). Goes after django-otp's middleware, which tells
    whether the session passed it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        target = twostep.detour(request)
        if target is None:
            return self.get_response(request)
        if request.headers.get("HX-Request") == "true":
            # htmx would put the whole page in place of the fragment it asked for.
            return HttpResponseClientRedirect(target)
        return redirect(target)
