"""What cases tell people: the kinds of notice, and the calls that record them.

The customer gets the receipt (reference, date and time, channel, what they asked: the one
receipt ``receipts.build_receipt`` makes), the replies written to them and the resolution
notice, in the case's language. Staff get a notice when a case is theirs to act on, in their
own language. Each call records a ``core.Notice`` inside the current transaction; the channels
deliver it after the commit (see ``core.notices``). Nothing here knows how.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from mostrador.accounts.models import User
from mostrador.cases import receipts, selectors
from mostrador.cases.models import Case, Message
from mostrador.core.models import Notice
from mostrador.core.notices import Medium, NoticeKind, declare, record_notice
from mostrador.customers.choices import ContactKind
from mostrador.customers.models import ContactPoint


def _case(notice: Notice) -> Case:
    about = notice.subject
    if not isinstance(about, Case):
        raise TypeError(f"a case notice is about a case, not {type(about).__name__}")
    return about


def _customer_address(notice: Notice, medium: Medium) -> str | None:
    case = _case(notice)
    if medium == "email":
        return selectors.customer_email_for(case)
    if case.contact and case.contact.kind == ContactKind.PHONE:
        return case.contact.value
    return (
        ContactPoint.objects.filter(customer_id=case.customer_id, kind=ContactKind.PHONE)
        .order_by("-is_primary", "id")
        .values_list("value", flat=True)
        .first()
    )


def _staff_address(notice: Notice, medium: Medium) -> str | None:
    user = notice.recipient_user
    if user is None or not user.is_active or medium != "email":
        return None
    return user.email or None


def _receipt_context(notice: Notice) -> dict[str, Any]:
    case = _case(notice)
    return {"case": case, "customer": case.customer, "receipt": receipts.build_receipt(case)}


def _reply_context(notice: Notice) -> dict[str, Any]:
    case = _case(notice)
    message = Message.objects.get(pk=notice.data["message"], case_id=case.pk)
    return {"case": case, "customer": case.customer, "message": message}


def _resolution_context(notice: Notice) -> dict[str, Any]:
    case = _case(notice)
    return {"case": case, "customer": case.customer}


RECEIPT = declare(
    NoticeKind(
        code="cases.receipt",
        label=_("Receipt"),
        template="cases/notices/receipt",
        context=_receipt_context,
        address=_customer_address,
        # RFC 3834: an automatic answer to the customer's own message.
        automatic="auto-replied",
    )
)
REPLY = declare(
    NoticeKind(
        code="cases.reply",
        label=_("Reply"),
        template="cases/notices/reply",
        context=_reply_context,
        address=_customer_address,
        # A person wrote it: the customer's mail client should treat it as mail from a person.
        automatic="",
    )
)
RESOLUTION = declare(
    NoticeKind(
        code="cases.resolution",
        label=_("Resolution notice"),
        template="cases/notices/resolution",
        context=_resolution_context,
        address=_customer_address,
    )
)


def _staff_kind(name: str, title: Any) -> NoticeKind:
    def context(notice: Notice) -> dict[str, Any]:
        case = _case(notice)
        return {
            "case": case,
            "user": notice.recipient_user,
            "title": title,
            "due": case.resolution_due,
        }

    return declare(
        NoticeKind(
            code=f"cases.{name}",
            label=title,
            template="cases/notices/staff",
            context=context,
            address=_staff_address,
            audience="staff",
        )
    )


STAFF_NOTICES = {
    name: _staff_kind(name, title)
    for name, title in (
        ("assigned", _("A case was assigned to you")),
        ("consultation_requested", _("Your department is consulted")),
        ("consultation_answered", _("Your consultation was answered")),
        ("approval_requested", _("Your approval is requested")),
        ("approval_decided", _("Your approval request was decided")),
        ("escalated", _("Overdue: escalated to you")),
        ("at_risk", _("Case at risk of missing its deadline")),
        ("breached", _("Case past its deadline")),
    )
}


def send_receipt(case: Case) -> Notice:
    """The receipt of a case just opened, to its customer."""
    return record_notice(RECEIPT.code, about=case, language=case.language)


def send_reply(message: Message) -> Notice:
    """A reply written to the customer, with its files."""
    case = message.case
    return record_notice(
        REPLY.code, about=case, language=case.language, data={"message": message.pk}
    )


def send_resolution(case: Case) -> Notice:
    return record_notice(RESOLUTION.code, about=case, language=case.language)


def notify_staff(users: Iterable[User], notice: str, case: Case) -> list[Notice]:
    """Tell each of ``users`` (active ones, each once) about ``case``, in their own language."""
    if notice not in STAFF_NOTICES:
        raise ValueError(f"unknown staff notice {notice!r}")
    recipients = {user.pk: user for user in users if user.is_active}
    return [
        record_notice(
            STAFF_NOTICES[notice].code,
            about=case,
            language=recipients[pk].language,
            user=recipients[pk],
        )
        for pk in sorted(recipients)
    ]
