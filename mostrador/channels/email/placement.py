"""Putting a customer's email on a case: the case it continues, or a new one.

The rules (see ``threads``): a reply whose sender belongs to the case it continues goes onto
that case; one from anyone else, or one arriving after the case ended beyond the reopen window,
opens a new case linked to it. Everything else opens a case, routed from the mailbox's
department, with a receipt unless the mail is automated.

A reply from a staff member becomes their internal note only with proof that they wrote it:
the reply address of an email we sent them about that case (``replytokens``), or our own
receiving server's word (``authresults``). Their From address alone proves nothing, so mail
from a staff address without proof is an outside message, as a customer's would be: on the
case it continues (or a new one, as above), by nobody, flagged on the case page and recorded
(``channels.email.unverified_staff_sender``). It never acts or speaks as them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
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
from mostrador.channels.email import authresults, quoting, replytokens, threads
from mostrador.channels.email.choices import StaffSender
from mostrador.channels.email.parsing import ParsedEmail, addresses
from mostrador.core.language import detect_language
from mostrador.core.services import record_event
from mostrador.customers import selectors as customers


@dataclass(frozen=True)
class Placed:
    """Where a message went, and how a staff sender proved to be who they say (or "")."""

    case: Case
    message: Message
    opened: bool
    staff_sender: str = ""


def place(
    parsed: ParsedEmail,
    *,
    department: Department,
    answer: bool,
    envelope_to: Sequence[str] = (),
) -> Placed:
    """Add ``parsed`` to the case it continues or open one (in ``department`` unless a
    routing rule says otherwise). ``answer=False`` (automated mail) sends no receipt.
    ``envelope_to`` holds the recipients the receiving server gave, where one did.

    Mail from a staff address without proof records ``channels.email.unverified_staff_sender``
    on the case it ends on.
    """
    if parsed.sender is None:
        raise ValueError("a message without a sender cannot be placed on a case")
    address = parsed.sender.email
    staff = threads.staff_with_address(address)
    content = _Content(parsed)
    thread = threads.find_thread(parsed, quoted=content.quoted)
    role = threads.sender_role(thread.case, address, staff=staff) if thread else None
    proof = ""
    if staff is not None:
        on_case = thread.case if thread is not None and role == "staff" else None
        proof = _staff_proof(parsed, envelope_to, staff=staff, case=on_case)
    placed = None
    if thread is not None:
        placed = _on_thread(
            thread.case, content, role=role, staff=staff, proven=proof != StaffSender.UNPROVEN
        )
    if placed is None:
        placed = _open(parsed, content, department=department, answer=answer)
        if thread is not None:
            reason = "other_sender" if role is None else "after_reopen_window"
            relations.link_new_case(placed.case, to=thread.case, reason=reason)
    if proof == StaffSender.UNPROVEN:
        # Nobody's: the staff member it claims to be from is named only here.
        data = {"from": address, "staff": staff.pk if staff else None, "message": placed.message.pk}
        record_event(placed.case, "channels.email.unverified_staff_sender", data=data)
    if placed.message.kind == MessageKind.INBOUND:
        _record_reply_to(parsed, placed)
    return dataclasses.replace(placed, staff_sender=proof)


def _record_reply_to(parsed: ParsedEmail, placed: Placed) -> None:
    """Note on the case a Reply-To that names other addresses than the sender's.

    The customer is the author (From), whose address answers go to: a Reply-To is anyone's to
    write, so taking it as the customer's, or adding it to them, would let any sender put
    their mail on someone else's cases. Staff see it here, and decide.
    """
    sender = parsed.sender.email if parsed.sender else ""
    others = [a.email for a in parsed.reply_to if a.email and a.email != sender]
    if others:
        data = {"from": sender, "reply_to": others, "message": placed.message.pk}
        record_event(placed.case, "channels.email.reply_to_differs", data=data)


def _on_thread(
    case: Case, content: _Content, *, role: str | None, staff: User | None, proven: bool
) -> Placed | None:
    """Add the reply to the case it continues, if its sender belongs there: a proven staff
    member's is their note; anyone else's (a staff address without proof included) is an
    outside message, while the case can still be reopened by a reply."""
    if role == "staff" and proven and staff is not None:
        return _add(case, content, kind=MessageKind.NOTE, actor=staff)
    if role in ("customer", "staff") and cases.can_reopen_by_reply(case):
        # Not the customer's words, and maybe not the department's: staff see it, flagged.
        hidden = role == "staff"
        return _add(case, content, kind=MessageKind.INBOUND, actor=None, hidden=hidden)
    return None


def _staff_proof(
    parsed: ParsedEmail, envelope_to: Sequence[str], *, staff: User, case: Case | None
) -> str:
    """How mail from ``staff``'s address proves it is theirs, as a ``StaffSender``; a reply
    address proves it only for ``case``, the case it continues that they may work on."""
    recipients = [*parsed.to, *parsed.cc]
    for name in ("Delivered-To", "X-Original-To"):
        recipients += addresses(parsed.message, name)
    found = [*(a.email for a in recipients), *envelope_to]
    if case is not None and replytokens.proves(found, user=staff, case=case):
        return StaffSender.REPLY_ADDRESS
    if authresults.vouches_for(parsed):
        return StaffSender.RECEIVING_SERVER
    return StaffSender.UNPROVEN


def _open(
    parsed: ParsedEmail, content: _Content, *, department: Department, answer: bool
) -> Placed:
    address = parsed.sender.email if parsed.sender else ""
    who = intake.Who(name=parsed.sender.name if parsed.sender else "", emails=[address])
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
    message = case.messages.get()
    content.record_refused(case)
    return Placed(case=case, message=message, opened=True)


def _language(address: str) -> str:
    """The language of the customer who writes from ``address``, for text too short to tell."""
    known = customers.customer_with_email(address)
    return known.language if known else settings.LANGUAGE_CODE


def _add(
    case: Case, content: _Content, *, kind: str, actor: User | None, hidden: bool = False
) -> Placed:
    message = cases.add_message(
        case,
        kind=kind,
        body=content.text,
        actor=actor,
        channel=Channel.EMAIL,
        attachments=content.files,
        html=content.html,
        fold_at=content.fold_at,
        hidden_from_customer=hidden,
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
