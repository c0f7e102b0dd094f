"""What the cases endpoints accept and return."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from mostrador.accounts.choices import ApprovalAction
from mostrador.api.schemas import Id
from mostrador.cases.choices import CaseType, Channel, Priority, Remedy


class CustomerRefIn(Schema):
    id: Id | None = Field(None, description="An existing customer.")
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    name: str = Field("", max_length=200)
    language: str | None = Field(None, description="ca, es or en")


class AttachmentIn(Schema):
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field("application/octet-stream", max_length=100)
    content_base64: str = Field(description="The file's bytes, base64-encoded.")


class CaseIn(Schema):
    type: CaseType | None = Field(
        None, description="Optional for email, chat, social and letter: suggested."
    )
    channel: Channel
    subject: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=100_000)
    customer: CustomerRefIn
    department: Id | None = None
    priority: Priority | None = None
    remedy: Remedy | Literal[""] = ""
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    authority: str = Field("", max_length=200)
    language: str | None = None
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)


class CasePatchIn(Schema):
    department: Id | None = Field(None, description="Moves the case: the same as a transfer.")
    priority: Priority | None = None
    type: CaseType | None = None
    tags: list[str] | None = Field(None, max_length=50)


class MessageIn(Schema):
    kind: Literal["reply", "note", "inbound"] = Field(
        description="reply (to the customer), note (internal) or inbound (logged for the customer)"
    )
    body: str = Field(min_length=1, max_length=100_000)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)


class ResolveIn(Schema):
    note: str = Field("", max_length=200)


class PersonOut(Schema):
    id: int
    username: str
    name: str = Field(alias="get_full_name")


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str


class MessageOut(Schema):
    id: int
    kind: str
    channel: str
    author: PersonOut | None
    body: str
    created_at: datetime
    attachments: list[AttachmentOut] = Field(alias="attachments.all")


class CaseOut(Schema):
    reference: str
    type: str
    status: str
    priority: str
    channel: str
    department_id: int
    department: str = Field(alias="department.name")
    owner: PersonOut | None
    handler: PersonOut | None
    customer_id: int
    customer: str = Field(alias="customer.name")
    language: str
    subject: str
    tags: list[str]
    remedy: str
    amount: Decimal | None
    level: int
    created_at: datetime
    first_response_due: datetime | None
    resolution_due: datetime | None
    legal_due: datetime | None
    first_responded_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_tags(case: object) -> list[str]:
        return [tag.name for tag in case.tags.all()]  # type: ignore[attr-defined]


class CaseDetailOut(CaseOut):
    merged_into: str | None
    linked: list[str]
    authority: str
    authority_forwarded_at: datetime | None
    followers: list[PersonOut] = Field(alias="followers.all")
    messages: list[MessageOut] = Field(alias="messages.all")

    @staticmethod
    def resolve_merged_into(case: Any) -> str | None:
        return case.merged_into.reference if case.merged_into_id else None

    @staticmethod
    def resolve_linked(case: Any) -> list[str]:
        from mostrador.cases.relations import linked_cases  # noqa: PLC0415

        return [other.reference for other in linked_cases(case)]


class CasePageOut(Schema):
    items: list[CaseOut]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end."
    )


class ReceiptOut(Schema):
    reference: str
    created_at: datetime
    channel: str
    subject: str
    body: str


class CaseCreatedOut(Schema):
    reference: str
    receipt: ReceiptOut
    case: CaseOut


class EventOut(Schema):
    verb: str
    actor: PersonOut | None
    data: dict[str, object]
    created_at: datetime


class TransferIn(Schema):
    department: Id | None = None
    handler: Id | None = None
    note: str = Field("", max_length=300)


class ConsultationIn(Schema):
    department: Id
    question: str = Field(min_length=1, max_length=10_000)


class ConsultationAnswerIn(Schema):
    answer: str = Field(min_length=1, max_length=10_000)


class ConsultationOut(Schema):
    id: int
    case: str = Field(alias="case.reference")
    department_id: int
    asked_by: PersonOut
    question: str
    due_at: datetime
    answer: str
    answered_by: PersonOut | None
    answered_at: datetime | None
    escalated_at: datetime | None


class ApprovalIn(Schema):
    action: ApprovalAction
    amount: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    reason: str = Field("", max_length=2000)


class DecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=2000)


class ApprovalOut(Schema):
    id: int
    case: str = Field(alias="case.reference")
    action: str
    amount: Decimal
    reason: str
    status: str
    requested_by: PersonOut
    approver: PersonOut | None
    decided_by: PersonOut | None
    decided_at: datetime | None
    decision_reason: str
    due_at: datetime | None


class FollowUpOut(Schema):
    id: int
    case: str = Field(alias="case.reference")
    reason: str
    note: str
    due_at: datetime | None
    done_at: datetime | None


class SearchOut(Schema):
    items: list[CaseOut]


class MergeIn(Schema):
    into: str = Field(description="Reference of the case that survives.")


class LinkIn(Schema):
    reference: str


class SavedReplyOut(Schema):
    id: int
    name: str
    text: str


class ForwardIn(Schema):
    authority: str = Field(min_length=1, max_length=200)
    forwarded_at: datetime | None = None
