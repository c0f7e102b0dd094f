"""Reading requests: JSON bodies and query strings free of NUL characters.

PostgreSQL cannot store a NUL (U+0000) in text, and no customer-service text needs one, so a
request carrying one is refused up front with a clear 400 instead of failing in the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.parser import Parser


def contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


class NulFreeParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if contains_nul(data):
            raise ValueError("NUL character in the request body")
        return data  # type: ignore[no-any-return]

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        if any(contains_nul(key) or contains_nul(values) for key, values in data.lists()):
            raise HttpError(400, "NUL character in the query string")
        return super().parse_querydict(data, list_fields, request)


class RejectNulMiddleware:
    """Answer 400 to an API request whose path holds a NUL, before a view takes it to the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and "\x00" in request.path:
            body = {
                "code": "malformed_request",
                "message": str(_("The request contains a NUL character.")),
                "fields": {},
            }
            return JsonResponse(body, status=400)
        return self.get_response(request)
