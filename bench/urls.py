"""The application's URLs and one more: the framework's ceiling, a minimal JSON view.

It goes through the same server, middleware and settings as every page, so the difference
between it and an operation is what the operation itself costs.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from config.urls import urlpatterns as application


def ceiling(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/ceiling/", ceiling), *application]
