"""Turn domain errors that escape a staff view into the matching error page; send whoever
must pass the second step of signing in there first."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views import defaults
from django_htmx.http import HttpResponseClientRedirect

from mostrador.cases.choices import Channel
from mostrador.core.errors import DomainError, Forbidden, NotFound
from mostrador.core.interface import acting_through
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


# By which way the people of a request act, by where the request goes: the events recorded while
# answering it say so on the timeline (``core.interface``). The staff's own pages (and the admin)
# are the workspace; the portal is the customers' web form; the API says itself. The Django admin
# changes set-up (people, roles, departments), not cases: its events say no channel.
INTERFACES = (("/api/", Channel.API), ("/portal/", Channel.WEB), ("/admin/", ""))


class InterfaceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = next(
            (way for prefix, way in INTERFACES if request.path.startswith(prefix)),
            Channel.WORKSPACE,
        )
        with acting_through(channel):
            return self.get_response(request)
