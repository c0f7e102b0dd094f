"""Case endpoints: open, list, read, change, message, resolve, reopen, close, history."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from mostrador.api.auth import current_user, department_or_invalid
from mostrador.api.case_schemas import (
    MESSAGE_KINDS,
    AttachmentIn,
    CaseCreatedOut,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    CasePageOut,
    CasePatchIn,
    ClaimOutcomeIn,
    ClaimReferralIn,
    EventOut,
    ForwardIn,
    MessageIn,
    MessageOut,
    ResolveIn,
    SearchOut,
)
from mostrador.api.schemas import ErrorOut, Id
from mostrador.cases import claims, intake, receipts, search, selectors, services
from mostrador.cases.choices import CaseStatus, CaseType
from mostrador.cases.models import Case
from mostrador.core.errors import InvalidInput
from mostrador.core.models import Event
from mostrador.core.services import run_idempotently
from mostrador.customers import selectors as customer_selectors

router = Router(tags=["cases"])
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def _files(attachments: list[AttachmentIn]) -> list[SimpleUploadedFile]:
    files = []
    for item in attachments:
        try:
            content = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(
                fields={
                    "attachments": [_("“%(name)s” is not valid base64.") % {"name": item.filename}]
                }
            ) from None
        files.append(SimpleUploadedFile(item.filename, content, content_type=item.content_type))
    return files


def _who(payload: CaseIn) -> intake.Who:
    ref = payload.customer
    return intake.Who(
        customer=customer_selectors.get_customer(ref.id) if ref.id is not None else None,
        name=ref.name,
        emails=[email for email in (ref.email, *ref.emails) if email],
        phones=[phone for phone in (ref.phone, *ref.phones) if phone],
        language=ref.language,
    )


def _details(payload: CaseIn | CasePatchIn) -> dict[str, dict[str, Any]]:
    given = {
        "claim": payload.claim,
        "authority_report": getattr(payload, "authority_report", None),
        "technical": getattr(payload, "technical", None),
    }
    return {name: value.model_dump() for name, value in given.items() if value is not None}


@router.post("/cases", response={201: CaseCreatedOut, **ERRORS})
def open_case(request: HttpRequest, payload: CaseIn) -> HttpResponse:
    """Open a case and get its reference and receipt at once. Send an Idempotency-Key to retry safely."""
    user = current_user(request)

    def action() -> tuple[int, Any]:
        filing = intake.Filing(
            channel=payload.channel,
            type=payload.type,
            subject=payload.subject,
            body=payload.body,
            details=_details(payload),
            department=department_or_invalid(payload.department),
            priority=payload.priority,
            language=payload.language,
            attachments=_files(payload.attachments),
        )
        case = intake.file_case(_who(payload), filing, actor=user)
        out = CaseCreatedOut.model_validate(
            {
                "reference": case.reference,
                "receipt": receipts.build_receipt(case),
                # As ``GET /cases/{reference}`` shows it: the same fields, the same values.
                "case": case,
            }
        )
        return 201, out.model_dump(mode="json")

    status, body = run_idempotently(
        user=user,
        key=request.headers.get("Idempotency-Key"),
        scope="POST /cases",
        payload=payload.model_dump_json().encode(),
        action=action,
    )
    return _answer(request, status, body)


class CaseQuery(Schema):
    status: CaseStatus | None = None
    type: CaseType | None = None
    department: Id | None = None
    owner: Id | None = None
    overdue: bool = False
    q: str = Field("", max_length=200, description="Words in the subject, or an exact reference.")
    cursor: str | None = None
    limit: int = Field(25, ge=1, le=100)


def _answer(request: HttpRequest, status: int, body: Any) -> HttpResponse:
    # The body was serialised with its schema when first answered (and stored, if idempotent):
    # send it as it is, so a replay is byte-for-byte the first answer.
    return JsonResponse(body, status=status, safe=False)


def _decode_cursor(cursor: str | None) -> tuple[dt.datetime, int] | None:
    try:
        return selectors.decode_position(cursor)
    except ValueError:
        raise InvalidInput(fields={"cursor": [_("This cursor is not valid.")]}) from None


@router.get("/cases", response={200: CasePageOut, 422: ErrorOut})
def list_cases(request: HttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
    """Cases you may see, soonest due first, a page at a time."""
    filters = selectors.CaseFilters(
        status=query.status,
        type=query.type,
        department=query.department,
        owner=query.owner,
        overdue=query.overdue,
        text=query.q.strip(),
    )
    cases = selectors.list_cases_for_user(current_user(request), filters)
    page, position = selectors.page_by_due(
        cases, after=_decode_cursor(query.cursor), limit=query.limit
    )
    return {
        "items": selectors.load_details(page),
        "next_cursor": selectors.encode_position(position),
    }


class SearchQuery(Schema):
    q: str = Field(
        min_length=1, max_length=200, description="Words, a reference, or a customer's email."
    )
    limit: int = Field(25, ge=1, le=100)


@router.get("/search", response={200: SearchOut, 422: ErrorOut})
def search_cases(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    """Full-text search over subjects and messages of the cases you may see, best match first."""
    found = search.search_cases(current_user(request), query.q, limit=query.limit)
    return {"items": selectors.load_details(found)}


@router.get("/cases/{reference}", response={200: CaseDetailOut, 404: ErrorOut})
def get_case(request: HttpRequest, reference: str) -> Case:
    """One case with its messages (internal notes included: this is the staff API)."""
    return selectors.get_case_for_user(reference, current_user(request))


@router.patch("/cases/{reference}", response={200: CaseDetailOut, **ERRORS})
def update_case(request: HttpRequest, reference: str, payload: CasePatchIn) -> Case:
    """Change the department (a transfer), priority, type, tags or the claim: all or nothing."""
    user = current_user(request)
    case = selectors.get_case_for_user(reference, user)
    services.update_case(
        case,
        actor=user,
        department=department_or_invalid(payload.department),
        priority=payload.priority,
        type=payload.type,
        tags=payload.tags,
        claim=payload.claim.model_dump() if payload.claim else None,
    )
    return selectors.get_case_for_user(reference, user)


@router.post("/cases/{reference}/messages", response={201: MessageOut, **ERRORS})
def add_message(request: HttpRequest, reference: str, payload: MessageIn) -> HttpResponse:
    """Reply to the customer, add an internal note, or log what the customer said (inbound);
    with ``then``, leave the case waiting on the customer or resolved in the same step."""
    user = current_user(request)
    case = selectors.get_case_to_work_on(reference, user)

    def action() -> tuple[int, Any]:
        message = services.add_message(
            case,
            kind=MESSAGE_KINDS[payload.kind],
            body=payload.body,
            actor=user,
            channel=payload.channel,
            attachments=_files(payload.attachments),
            then_status=payload.then,
        )
        return 201, MessageOut.from_orm(message).model_dump(mode="json")

    status, body = run_idempotently(
        user=user,
        key=request.headers.get("Idempotency-Key"),
        scope=f"POST /cases/{reference}/messages",
        payload=payload.model_dump_json().encode(),
        action=action,
    )
    return _answer(request, status, body)


@router.post("/cases/{reference}/resolve", response={200: CaseOut, **ERRORS})
def resolve_case(request: HttpRequest, reference: str, payload: ResolveIn) -> Case:
    user = current_user(request)
    return services.resolve_case(
        selectors.get_case_for_user(reference, user), actor=user, note=payload.note
    )


@router.post("/cases/{reference}/reopen", response={200: CaseOut, **ERRORS})
def reopen_case(request: HttpRequest, reference: str) -> Case:
    user = current_user(request)
    return services.reopen_case(
        selectors.get_case_for_user(reference, user), actor=user, reason="staff"
    )


@router.post("/cases/{reference}/close", response={200: CaseOut, **ERRORS})
def close_case(request: HttpRequest, reference: str) -> Case:
    user = current_user(request)
    return services.close_case(selectors.get_case_for_user(reference, user), actor=user)


@router.post("/cases/{reference}/forward", response={200: CaseDetailOut, **ERRORS})
def forward_to_authority(request: HttpRequest, reference: str, payload: ForwardIn) -> Case:
    """Record that a report to the authorities was forwarded to an administration, and when."""
    user = current_user(request)
    case = selectors.get_case_for_user(reference, user)
    claims.record_authority_forwarding(
        case, authority=payload.authority, forwarded_at=payload.forwarded_at, actor=user
    )
    return selectors.get_case_for_user(reference, user)


@router.post("/cases/{reference}/claim/outcome", response={200: CaseDetailOut, **ERRORS})
def settle_claim(request: HttpRequest, reference: str, payload: ClaimOutcomeIn) -> Case:
    """Record how the claim ended (granted, partly granted, rejected, withdrawn) and how much."""
    user = current_user(request)
    case = selectors.get_case_for_user(reference, user)
    claims.settle_claim(
        case, outcome=payload.outcome, amount_granted=payload.amount_granted, actor=user
    )
    return selectors.get_case_for_user(reference, user)


@router.post("/cases/{reference}/claim/referral", response={200: CaseDetailOut, **ERRORS})
def refer_claim(request: HttpRequest, reference: str, payload: ClaimReferralIn) -> Case:
    """Record that the customer took the claim to a consumer authority or arbitration board."""
    user = current_user(request)
    case = selectors.get_case_for_user(reference, user)
    claims.refer_claim(case, to=payload.referred_to, referred_at=payload.referred_at, actor=user)
    return selectors.get_case_for_user(reference, user)


@router.get("/attachments/{attachment_id}", response={200: None, 404: ErrorOut}, tags=["cases"])
def download_attachment(request: HttpRequest, attachment_id: Id) -> FileResponse:
    """The file, only for people who may see its case."""
    attachment = selectors.get_attachment_for_user(attachment_id, current_user(request))
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    # A customer's file is never rendered inline: no HTML or SVG runs in our origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/cases/{reference}/history", response={200: list[EventOut], 404: ErrorOut})
def case_history(request: HttpRequest, reference: str) -> list[Event]:
    """Everything that happened to the case, oldest first, with who did it and when."""
    case = selectors.get_case_for_user(reference, current_user(request))
    return list(selectors.list_case_history(case))
