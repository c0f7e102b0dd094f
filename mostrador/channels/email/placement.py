"""Putting a customer's email on a case: the case it continues, or a new one.

The rules (see ``threads``): a reply whose sender belongs to the case it continues goes onto
that case (a note when the sender is staff); one from anyone else, or one arriving after the
case ended beyond the reopen window, opens a new case linked to it. Everything else opens a
case, routed from the mailbox's department, with a receipt unless the mail is automated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from mostrador.accounts.models import Department, User
from mostrador.cases import intake, relations
from mostrador.cases import services as cases
from mostrador.cases.attachments import refusals
from mostrador.cases.choices import Channel, MessageKind
from mostrador.cases.models import Case, Message
from mostrador.channels.email import quoting, threads
from mostrador.channels.email.parsing import ParsedEmail
from mostrador.core.language import detect_language
from mostrador.core.services import record_event
from mostrador.customers import selectors as customers


@dataclass(frozen=True)
class Placed:
    """Where a message went."""

    case: Case
    message: Message
    opened: bool


def place(parsed: ParsedEmail, *, department: Department, answer: bool) -> Placed:
    """Add ``parsed`` to the case it continues or open one (in ``department`` unless a
    routing rule says otherwise). ``answer=False`` (automated mail) sends no receipt."""
    if parsed.sender is None:
        raise ValueError("a message without a sender cannot be placed on a case")
    address = parsed.sender.email
    staff = threads.staff_with_address(address)
    content = _Content(parsed)
    thread = threads.find_thread(parsed, quoted=content.quoted)
    role = threads.sender_role(thread.case, address, staff=staff) if thread else None
    if thread is not None:
        if role == "staff" and staff is not None:
            return _add(thread.case, content, kind=MessageKind.NOTE, actor=staff)
        if role == "customer" and cases.can_reopen_by_reply(thread.case):
            return _add(thread.case, content, kind=MessageKind.INBOUND, actor=None)
    who = intake.Who(name=parsed.sender.name, emails=[address])
    filing = intake.Filing(
        channel=Channel.EMAIL,
        subject=content.subject,
        body=content.text,
        fallback_department=department,
        language=detect_language(f"{content.subject}\n{content.lead}", fallback=_language(address)),
        attachments=content.files,
        html=parsed.html,
        fold_at=content.fold_at,
        acknowledge=answer,
    )
    case = intake.file_case(who, filing, actor=None)
    if thread is not None:
        relations.link_new_case(
            case, to=thread.case, reason="other_sender" if role is None else "after_reopen_window"
        )
    message = case.messages.get()
    content.record_refused(case)
    return Placed(case=case, message=message, opened=True)


def _language(address: str) -> str:
    """The language of the customer who writes from ``address``, for text too short to tell."""
    known = customers.customer_with_email(address)
    return known.language if known else settings.LANGUAGE_CODE


def _add(case: Case, content: _Content, *, kind: str, actor: User | None) -> Placed:
    message = cases.add_message(
        case,
        kind=kind,
        body=content.text,
        actor=actor,
        channel=Channel.EMAIL,
        attachments=content.files,
        html=content.html,
        fold_at=content.fold_at,
    )
    content.record_refused(case)
    return Placed(case=case, message=message, opened=False)


def record_auto_reply(parsed: ParsedEmail) -> Case | None:
    """Note on its case that an automatic reply (out of office...) came back; never answered."""
    thread = threads.find_thread(parsed)
    if thread is None:
        return None
    record_event(
        thread.case,
        "channels.email.auto_replied",
        data={"from": parsed.sender.email if parsed.sender else "", "subject": parsed.subject},
    )
    return thread.case


# Forward prefixes of common clients (English, Spanish, Catalan, French, German, Italian).
_FORWARD = re.compile(r"\s*(fwd?|rv|re?env|tr|wg|i)\s*:", re.IGNORECASE)


class _Upload(SimpleUploadedFile):
    # The image's Content-ID, which ``cases.attachments.store_attachments`` keeps.
    content_id = ""


class _Content:
    """The text, folding point and files of a message, as the cases services take them."""

    def __init__(self, parsed: ParsedEmail) -> None:
        text = parsed.text.strip()
        # A forward is there to be read: what looks like quoted history in it is the point.
        forwarded = _FORWARD.match(parsed.subject) is not None
        offset = quoting.fold_offset(text) if text and not forwarded else 0
        self.fold_at: int | None = offset if 0 < offset < len(text) else None
        self.lead = text[: self.fold_at] if self.fold_at else text
        self.quoted = text[self.fold_at :] if self.fold_at else ""
        self.text = text or _("(The message has no text.)")
        self.html = parsed.html
        first_line = next((line.strip() for line in self.lead.splitlines() if line.strip()), "")
        self.subject = parsed.subject.strip() or first_line[:80] or _("(no subject)")
        self.files: list[_Upload] = []
        self.refused: list[str] = []
        for part in parsed.attachments:
            upload = _Upload(part.filename, part.content, part.content_type)
            upload.content_id = part.content_id
            problems = refusals(upload)
            if problems:
                self.refused.extend(problems)
            else:
                self.files.append(upload)

    def record_refused(self, case: Case) -> None:
        # The original message keeps every file: say on the case which ones are only there.
        if self.refused:
            record_event(case, "channels.email.files_refused", data={"problems": self.refused})
