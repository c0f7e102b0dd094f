"""Turn domain errors that escape a staff view into the matching error page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from mostrador.core.errors import DomainError, Forbidden, NotFound


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
