"""The REST API, version 1: one NinjaAPI, its error contract, and its routers.

Every error answers ``{"code", "message", "fields"}`` with a 4xx status (5xx only for faults),
so clients branch on ``code``, show ``message`` and mark ``fields``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from mostrador.api import accounts, cases, customers, levels, reports, security, system, validation
from mostrador.api.auth import token_or_session
from mostrador.api.parsing import NulFreeParser
from mostrador.api.rendering import Renderer
from mostrador.core.errors import DomainError

ERROR_RESPONSES = {
    "400": "The request body is not valid JSON, or the request cannot be carried out.",
    "401": "No valid API token or session.",
    "403": "Not allowed (`forbidden`; `session_required`: only a signed-in session may do "
    "this, not a token), or a session request without its CSRF token.",
    "413": "The request body is larger than the server accepts (`too_large`).",
    "422": "Some of the data is not valid; `fields` says which and why.",
}


class MostradorAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document lists the errors every operation may answer."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        document = super().get_openapi_schema(*args, **kwargs)
        error = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        }
        for operations in document["paths"].values():
            for operation in operations.values():
                for status, description in ERROR_RESPONSES.items():
                    if status in ("401", "403") and not operation.get("security"):
                        continue
                    if status == "413" and "requestBody" not in operation:
                        continue
                    operation["responses"].setdefault(status, {"description": description, **error})
        return document


api = MostradorAPI(
    title="Mostrador API",
    version="1",
    description="Cases, customers and departments of a customer-service department.",
    urls_namespace="api",
    auth=token_or_session,
    openapi_url="/openapi.json",
    parser=NulFreeParser(),
    renderer=Renderer(),
    docs_url="/docs",
)
api.add_router("", system.router)
api.add_router("", accounts.router)
api.add_router("/customers", customers.router)
api.add_router("", cases.router)
api.add_router("", levels.router)
api.add_router("", reports.router)
api.add_router("", security.router)


def _error(
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "fields": fields or {}}, status=status
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.fields)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        # loc is ("body", "payload", "name") or ("query", "q"): keep what the client sent.
        location = [
            str(part)
            for part in error.get("loc", ())
            if part not in ("body", "query", "path", "payload")
        ]
        fields.setdefault(".".join(location) or "__all__", []).append(validation.message(error))
    return _error(request, 422, "invalid", _("Some of the data is not valid."), fields)


HTTP_ERROR_CODES = {400: "malformed_request", 403: "forbidden", 404: "not_found", 429: "throttled"}


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja's own errors (an unparseable body above all) follow the same contract as ours.
    status = exc.status_code
    messages = {
        400: _("The request cannot be read: it is not valid JSON or contains a NUL character."),
        403: _("Not allowed. Session requests must send the CSRF token (X-CSRFToken)."),
    }
    message = messages.get(status, str(exc))
    return _error(request, status, HTTP_ERROR_CODES.get(status, "http_error"), message)


@api.exception_handler(RequestDataTooBig)
def on_request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    message = _(
        "The request is larger than %(limit)s. Each file may be up to %(file)s and a "
        "message's files up to %(total)s together."
    ) % {
        "limit": limit,
        "file": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
        "total": filesizeformat(settings.ATTACHMENTS_MAX_TOTAL_BYTES),
    }
    return _error(request, 413, "too_large", message)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Sign in or send a valid API token."))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, "forbidden", _("You do not have permission to do this."))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))
