"""What the cases endpoints accept and return."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from mostrador.accounts.choices import ApprovalAction
from mostrador.api.schemas import Id, InputSchema
from mostrador.cases import details, lateness
from mostrador.cases.choices import CaseType, Channel, ClaimOutcome, Priority, Remedy
from mostrador.compliance import selectors as compliance_selectors
from mostrador.core import events, timeutils

# The kinds of message as the API names them, in and out: a reply to the customer, an
# internal note, or what the customer said (logged by an integration).
MESSAGE_KINDS = {"reply": "outbound", "note": "note", "inbound": "inbound"}
MESSAGE_KIND_NAMES = {model: api for api, model in MESSAGE_KINDS.items()}


class CustomerRefIn(InputSchema):
    id: Id | None = Field(None, description="An existing customer.")
    email: str | None = Field(
        None, max_length=254, description="The address they wrote from, if any."
    )
    phone: str | None = Field(None, max_length=40, description="The phone they called from.")
    emails: list[str] = Field(
        default_factory=list, max_length=10, description="More email addresses of theirs."
    )
    phones: list[str] = Field(
        default_factory=list, max_length=10, description="More phone numbers of theirs."
    )
    name: str = Field("", max_length=200)
    language: str | None = Field(None, description="ca, es or en")


class ClaimIn(InputSchema):
    remedy: Remedy
    amount_asked: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)


class AuthorityReportIn(InputSchema):
    authority: str = Field("", max_length=200, description="The administration addressed.")


class TechnicalIn(InputSchema):
    product: str = Field(min_length=1, max_length=200, description="Brand and model.")
    serial_number: str = Field("", max_length=100)
    purchase_date: date | None = None


class ClaimOut(Schema):
    remedy: str
    amount_asked: Decimal | None
    outcome: ClaimOutcome
    amount_granted: Decimal | None
    decided_at: datetime | None
    referred_to: str
    referred_at: datetime | None


class AuthorityReportOut(Schema):
    authority: str
    forwarded_at: datetime | None


class TechnicalOut(Schema):
    product: str
    serial_number: str
    purchase_date: date | None


class AttachmentIn(InputSchema):
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field("application/octet-stream", max_length=100)
    content_base64: str = Field(description="The file's bytes, base64-encoded.")


class CaseIn(InputSchema):
    type: CaseType | None = Field(
        None, description="Optional for email, chat, social and letter: suggested."
    )
    channel: Channel
    subject: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=100_000)
    customer: CustomerRefIn
    department: Id | None = None
    priority: Priority | None = None
    language: str | None = None
    claim: ClaimIn | None = Field(None, description="For a claim: what is asked. Required there.")
    authority_report: AuthorityReportIn | None = None
    technical: TechnicalIn | None = Field(None, description="For a technical service request.")
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)


class CasePatchIn(InputSchema):
    """Every field given is changed, in one step: all of it applies, or none of it does."""

    department: Id | None = Field(None, description="Moves the case: the same as a transfer.")
    priority: Priority | None = None
    type: CaseType | None = None
    tags: list[str] | None = Field(None, max_length=50)
    claim: ClaimIn | None = Field(None, description="What the claim asks.")


class MessageIn(InputSchema):
    kind: Literal["reply", "note", "inbound"] = Field(
        description="reply (to the customer), note (internal) or inbound (logged for the customer)"
    )
    body: str = Field(min_length=1, max_length=100_000)
    channel: Channel = Field(
        Channel.API, description="How it came: an integration logging a call says phone."
    )
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)
    then: Literal["waiting_customer", "resolved"] | None = Field(
        None,
        description="Leave the case in this status as the message goes, in the same step: "
        "waiting on the customer, or resolved (the customer is told). A status the case may "
        "not take now answers 409 illegal_transition, and nothing is sent.",
    )


class ResolveIn(InputSchema):
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
    kind: Literal["reply", "note", "inbound"]
    channel: str
    author: PersonOut | None
    body: str
    created_at: datetime
    attachments: list[AttachmentOut] = Field(alias="attachments.all")

    @staticmethod
    def resolve_kind(message: Any) -> str:
        return MESSAGE_KIND_NAMES[message.kind]


class LegalRuleOut(Schema):
    """The legal deadline's rule, as the reader's language says it."""

    rule: str = Field(description="The rule's key, e.g. es-ct:complaint.answer_deadline.")
    name: str
    source: str
    source_url: str


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
    level: int
    created_at: datetime
    first_response_due: datetime | None
    resolution_due: datetime | None
    legal_due: datetime | None
    legal_rule: LegalRuleOut | None
    deadline_state: Literal["on_time", "at_risk", "breached"] = Field(
        description="Whether a due time has passed (breached) or soon will (at_risk)."
    )
    first_responded_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    claim: ClaimOut | None
    authority_report: AuthorityReportOut | None
    technical: TechnicalOut | None

    @staticmethod
    def resolve_legal_rule(case: Any) -> dict[str, str] | None:
        if not case.legal_rule:
            return None
        text = compliance_selectors.rule_text(case.legal_rule)
        return {
            "rule": case.legal_rule,
            "name": text.name if text else case.legal_rule,
            "source": text.source if text else case.legal_source,
            "source_url": text.source_url if text else "",
        }

    @staticmethod
    def resolve_deadline_state(case: Any) -> str:
        return lateness.state_of(case, timeutils.now())

    @staticmethod
    def resolve_claim(case: Any) -> dict[str, Any] | None:
        return details.CLAIM.read(case)

    @staticmethod
    def resolve_authority_report(case: Any) -> dict[str, Any] | None:
        return details.AUTHORITY_REPORT.read(case)

    @staticmethod
    def resolve_technical(case: Any) -> dict[str, Any] | None:
        return details.read(case).get("technical")

    @staticmethod
    def resolve_tags(case: object) -> list[str]:
        return [tag.name for tag in case.tags.all()]  # type: ignore[attr-defined]


class CaseDetailOut(CaseOut):
    merged_into: str | None
    linked: list[str]
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


class ReceiptFileOut(Schema):
    filename: str
    size: int
    sha256: str


class ReceiptLegalOut(Schema):
    rule: str
    name: str
    source: str
    source_url: str
    due: datetime


class ReceiptFactOut(Schema):
    label: str
    value: str


class ReceiptOut(Schema):
    """The receipt, as the email, the portal page and the PDF give it, in the request's
    language."""

    reference: str
    created_at: datetime
    channel: str
    channel_label: str
    type: str
    type_label: str
    subject: str
    body: str
    customer_name: str
    contact: str
    facts: list[ReceiptFactOut]
    claim: ClaimOut | None
    answer_due: datetime | None
    legal: ReceiptLegalOut | None
    attachments: list[ReceiptFileOut]

    @staticmethod
    def resolve_facts(receipt: Any) -> list[dict[str, str]]:
        return [{"label": label, "value": value} for label, value in receipt.facts]


class CaseCreatedOut(Schema):
    reference: str
    receipt: ReceiptOut
    case: CaseOut = Field(
        description="The case as every answer shows it (GET /cases/{reference} adds its "
        "messages, followers and links): the same fields with the same values."
    )


class EventOut(Schema):
    verb: str
    label: str = Field(description="What kind of event, in the request's language.")
    text: str = Field(description="What happened, as a sentence in the request's language.")
    actor: PersonOut | None
    data: dict[str, object]
    created_at: datetime

    @staticmethod
    def resolve_label(event: Any) -> str:
        return events.label(event.verb)

    @staticmethod
    def resolve_text(event: Any) -> str:
        return events.describe(event.verb, event.data)


class TransferIn(InputSchema):
    department: Id | None = None
    handler: Id | None = None
    note: str = Field("", max_length=300)


class ConsultationIn(InputSchema):
    department: Id
    question: str = Field(min_length=1, max_length=10_000)


class ConsultationAnswerIn(InputSchema):
    answer: str = Field(min_length=1, max_length=10_000)


class ConsultationOut(Schema):
    id: int
    reference: str = Field(alias="case.reference", description="The case's reference.")
    department_id: int
    asked_by: PersonOut
    question: str
    due_at: datetime
    answer: str
    answered_by: PersonOut | None
    answered_at: datetime | None
    escalated_at: datetime | None


class ApprovalIn(InputSchema):
    action: ApprovalAction
    amount: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    reason: str = Field("", max_length=2000)


class DecisionIn(InputSchema):
    approve: bool
    reason: str = Field("", max_length=2000)


class ApprovalOut(Schema):
    id: int
    reference: str = Field(alias="case.reference", description="The case's reference.")
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
    reference: str = Field(alias="case.reference", description="The case's reference.")
    reason: str
    note: str
    due_at: datetime | None
    done_at: datetime | None


class SearchOut(Schema):
    items: list[CaseOut]


class MergeIn(InputSchema):
    into: str = Field(description="Reference of the case that survives.")


class LinkIn(InputSchema):
    reference: str


class SavedReplyOut(Schema):
    id: int
    name: str
    text: str


class ForwardIn(InputSchema):
    authority: str = Field(min_length=1, max_length=200)
    forwarded_at: datetime | None = None


class ClaimOutcomeIn(InputSchema):
    outcome: ClaimOutcome
    amount_granted: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)


class ClaimReferralIn(InputSchema):
    referred_to: str = Field(min_length=1, max_length=200)
    referred_at: datetime | None = None


class FollowUpDoneIn(InputSchema):
    note: str = Field("", max_length=300, description="What the customer said.")


class AssignIn(InputSchema):
    assignee: Id
