"""Mail out: every email Mostrador sends, logged, threaded, composed once, sent with retries.

The email channel delivers the notices the domain records (``core.notices``): when a notice
is recorded, ``deliver`` logs an email to the recipient's address in the same transaction,
with its Message-ID already chosen, so a reply to it threads even before it leaves. A task
then composes it (in the notice's language, text and HTML, with In-Reply-To and References
so the customer's mail client keeps the conversation together), stores the exact bytes, and
hands them to the mail server. Temporary failures are retried with a doubling wait; a
permanent one (the server refuses the recipient) stops at once and shows on the case. A
notice that carries a secret (a sign-in link) is composed afresh at each attempt and its
bytes are never stored; so is an email to a staff member about a case, whose Reply-To holds
a secret of its own (``replytokens``), derived again, identical, at every attempt.

The guarantee is *at least once*: a worker killed after the mail server accepted an email but
before it wrote so leaves the email claimed; once the claim expires it is sent again. The
resend is harmless: the same bytes (or, for a secret, the same Message-ID and Reply-To),
which mail clients show once, and it is recorded on the case (``channels.email.resent``) and
in the log so that nobody mistakes it for a second reply.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import smtplib
from email.headerregistry import Address
from email.message import EmailMessage as StdlibEmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import translation

from mostrador.accounts.models import Department
from mostrador.cases.models import Case
from mostrador.channels.email import replytokens, returnpath, smtp
from mostrador.channels.email.choices import InboundStatus, OutboundStatus, Outcome
from mostrador.channels.email.models import InboundEmail, Mailbox, OutboundEmail
from mostrador.core import configcache, notices, timeutils
from mostrador.core.models import Notice
from mostrador.core.services import record_event
from mostrador.core.text import render_line, render_text

logger = logging.getLogger(__name__)

_MAX_REFERENCES = 10
_MAX_WAIT = dt.timedelta(hours=1)


def deliver(notice: Notice) -> OutboundEmail | None:
    """Log the email that delivers ``notice`` and send it once the transaction commits.

    Connected to ``core.notices.notice_recorded``. Returns None when the recipient has no email
    address (the notice stays recorded, for another channel or a person to deliver).
    """
    kind = notices.get_kind(notice.kind)
    to = kind.address(notice, "email")
    if not to:
        return None
    about = notice.subject
    case = about if isinstance(about, Case) else None
    # A customer's mail comes from the department, whose mailbox receives their replies.
    sender = (
        department_sender(case.department)
        if case is not None and kind.audience == "customer"
        else settings.DEFAULT_FROM_EMAIL
    )
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    outbound = OutboundEmail.objects.create(
        notice=notice,
        kind=notice.kind,
        case=case,
        # By convention a notice's data names the case message it carries (a reply): its
        # files go with the email, and the case page shows how that email fared.
        case_message_id=notice.data.get("message"),
        recipient_user=notice.recipient_user,
        to_address=to,
        from_address=sender[:254],
        message_id=make_msgid(domain=domain).strip("<>"),
        bounce_token=returnpath.new_token(),
        created_at=timeutils.now(),
    )
    if case is not None and kind.audience == "staff":
        # Their reply comes back where the customer's would, with the proof that it is theirs.
        replytokens.issue(outbound, reply_to=department_sender(case.department))
    queue_send([outbound.pk])
    return outbound


def on_notice_recorded(sender: Any, notice: Notice, **kwargs: Any) -> None:
    deliver(notice)


def department_sender(department: Department) -> str:
    """The From of mail about a department's cases: its name and the address of a mailbox
    Mostrador reads, so that replies come back; else the department's own address."""
    address = _mailbox_addresses().get(department.pk) or department.inbound_email
    if not address:
        return settings.DEFAULT_FROM_EMAIL
    # Readable in the log; encoded for the wire when the message is composed.
    return str(Address(display_name=department.name, addr_spec=address))


def _mailbox_addresses() -> dict[int, str]:
    """Each department's first active mailbox address, read once per process until a
    mailbox changes (``core.configcache``)."""

    def build() -> dict[int, str]:
        rows = Mailbox.objects.filter(is_active=True, department__isnull=False).order_by("-id")
        return dict(rows.values_list("department_id", "address"))

    return configcache.cached("channels.mailbox-addresses", build)


def queue_send(ids: list[int]) -> None:
    """Send these logged emails in tasks once the current transaction commits."""
    from mostrador.channels.email import tasks  # noqa: PLC0415  (tasks imports this module)

    transaction.on_commit(lambda: [tasks.send_email.enqueue(outbound_id=pk) for pk in ids])


def send(outbound_id: int) -> str:
    """Compose (the first time) and send one logged email; return its status afterwards.

    Claims the row with a conditional UPDATE, so two tasks for the same email send it once;
    a claim left by a worker that died expires after ``EMAIL_STALE_SECONDS`` (``requeue_due``).
    """
    now = timeutils.now()
    claimed = OutboundEmail.objects.filter(
        pk=outbound_id, status__in=[OutboundStatus.QUEUED, OutboundStatus.RETRYING]
    ).update(
        status=OutboundStatus.SENDING,
        attempts=F("attempts") + 1,
        next_attempt_at=now + dt.timedelta(seconds=settings.EMAIL_STALE_SECONDS),
    )
    if not claimed:
        return "skipped"
    outbound = OutboundEmail.objects.select_related(
        "case__department",
        "case__customer",
        "case__contact",
        "case_message",
        "recipient_user",
        "notice",
    ).get(pk=outbound_id)
    try:
        raw = bytes(outbound.raw) if outbound.raw is not None else _compose(outbound)
        smtp.send(_RawEmail(outbound, raw, envelope_sender=_return_path(outbound)))
    except notices.NoticeVoid as void:
        return _cancelled(outbound, void)
    except Exception as exc:  # noqa: BLE001  (every failure is recorded, none is lost)
        return _failed(outbound, exc)
    outbound.status = OutboundStatus.SENT
    outbound.sent_at = timeutils.now()
    outbound.next_attempt_at = None
    outbound.last_error = ""
    outbound.save(update_fields=["status", "sent_at", "next_attempt_at", "last_error"])
    return outbound.status


def _return_path(outbound: OutboundEmail) -> str:
    """The envelope sender of ``outbound``: its own return path, so that a bounce names it
    (``returnpath``); its From address when return paths are not personal."""
    if not outbound.bounce_token:
        # Logged before return paths were personal: named now, the same at every attempt.
        outbound.bounce_token = returnpath.new_token()
        outbound.save(update_fields=["bounce_token"])
    return returnpath.address_for(outbound.bounce_token) or outbound.from_address


def _cancelled(outbound: OutboundEmail, void: notices.NoticeVoid) -> str:
    outbound.status = OutboundStatus.CANCELLED
    outbound.next_attempt_at = None
    outbound.last_error = str(void)[:2000]
    outbound.save(update_fields=["status", "next_attempt_at", "last_error"])
    return outbound.status


def _failed(outbound: OutboundEmail, exc: Exception) -> str:
    permanent = _is_permanent(exc)
    outbound.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if not permanent and outbound.attempts < settings.EMAIL_SEND_ATTEMPTS:
        wait = dt.timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 2 ** (outbound.attempts - 1))
        outbound.status = OutboundStatus.RETRYING
        outbound.next_attempt_at = timeutils.now() + min(wait, _MAX_WAIT)
        outbound.save(update_fields=["status", "next_attempt_at", "last_error"])
        logger.warning("email %s not sent, will retry: %s", outbound.pk, outbound.last_error)
        return outbound.status
    outbound.status = OutboundStatus.FAILED
    outbound.failed_at = timeutils.now()
    outbound.next_attempt_at = None
    outbound.save(update_fields=["status", "failed_at", "next_attempt_at", "last_error"])
    logger.error("email %s could not be delivered: %s", outbound.pk, outbound.last_error)
    if outbound.case is not None:
        record_event(
            outbound.case,
            "channels.email.failed",
            data={"to": outbound.to_address, "kind": outbound.kind, "error": outbound.last_error},
        )
    return outbound.status


def _is_permanent(exc: Exception) -> bool:
    """Whether sending again cannot help: the server refused for good (5xx), or the address
    or the message itself is wrong."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reply in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return not isinstance(exc, smtplib.SMTPException | OSError)


def requeue_due() -> int:
    """Queue the emails whose retry is due, whose claim expired (their worker died) or whose
    task was lost; return how many. Run by the scheduler."""
    now = timeutils.now()
    stale = now - dt.timedelta(seconds=settings.EMAIL_STALE_SECONDS)
    due = Q(status=OutboundStatus.RETRYING, next_attempt_at__lte=now)
    lost = Q(status=OutboundStatus.QUEUED, created_at__lt=stale) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    with transaction.atomic():
        _free_abandoned(now)
        ids = list(
            OutboundEmail.objects.filter(due | lost)
            .order_by("next_attempt_at", "id")
            .values_list("pk", flat=True)[:1000]
        )
        # Not again at the next sweep: the task claims the row, or the claim expires.
        OutboundEmail.objects.filter(pk__in=ids).update(
            next_attempt_at=now + dt.timedelta(seconds=settings.EMAIL_STALE_SECONDS)
        )
        queue_send(ids)
    return len(ids)


def _free_abandoned(now: dt.datetime) -> None:
    """Free the emails whose claim expired: the worker sending them died, perhaps after the
    mail server took them, so sending again may deliver a second copy. Say so where people
    look: on the case, and in the log."""
    abandoned = list(
        OutboundEmail.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=OutboundStatus.SENDING, next_attempt_at__lte=now)
        .select_related("case")
    )
    for email_row in abandoned:
        email_row.status = OutboundStatus.RETRYING
        email_row.save(update_fields=["status"])
        logger.warning(
            "email %s: its worker stopped while sending; sending it again (%s)",
            email_row.pk,
            email_row.message_id,
        )
        if email_row.case is not None:
            record_event(
                email_row.case,
                "channels.email.resent",
                data={
                    "to": email_row.to_address,
                    "kind": email_row.kind,
                    "message_id": email_row.message_id,
                },
            )


class _LoggedMessage(StdlibEmailMessage):
    """A logged email, parsed, that writes itself out as exactly the bytes it came from."""

    raw = b""

    def as_bytes(self, unixfrom: bool = False, policy: email.policy.Policy | None = None) -> bytes:
        return self.raw or super().as_bytes(unixfrom, policy)  # a part: written as parsed


class _RawEmail(EmailMessage):
    """An email whose bytes were composed before: every attempt sends the same bytes, with
    the same Message-ID, through whatever mail backend is configured.

    Django's mail backends take the envelope sender from ``from_email``; the From header is
    the one in the bytes, untouched. The bytes are parsed once, when a backend (or a reader
    of the test outbox) first asks for the message or its text; the SMTP backend sends them
    as they are, not written out again.
    """

    def __init__(self, outbound: OutboundEmail, raw: bytes, *, envelope_sender: str) -> None:
        self._raw = raw
        self._parsed: _LoggedMessage | None = None
        super().__init__(
            subject=outbound.subject, from_email=envelope_sender, to=[outbound.to_address]
        )

    @property  # read from the bytes
    def body(self) -> str:
        text = self.message().get_body(preferencelist=("plain",))
        return text.get_content() if isinstance(text, StdlibEmailMessage) else ""

    @body.setter
    def body(self, value: str) -> None:
        """The bytes say what the body is; what Django's constructor sets is ignored."""

    def message(self, *, policy: email.policy.Policy | None = None) -> StdlibEmailMessage:
        if self._parsed is None:
            parsed = email.message_from_bytes(
                self._raw, _class=_LoggedMessage, policy=email.policy.default
            )
            if not isinstance(parsed, _LoggedMessage):
                raise TypeError("a modern email policy parses into EmailMessage")
            parsed.raw = self._raw
            self._parsed = parsed
        return self._parsed


def _notice(outbound: OutboundEmail) -> tuple[Notice, notices.NoticeKind]:
    if outbound.notice is None:
        raise ValueError(f"email {outbound.pk} has neither its bytes nor a notice to compose")
    return outbound.notice, notices.get_kind(outbound.notice.kind)


def _compose(outbound: OutboundEmail) -> bytes:
    """Render the email of ``outbound``'s notice in its language; keep the bytes, unless the
    notice or the Reply-To carries a secret. Raises ``NoticeVoid`` when it need not be sent
    any more."""
    notice, kind = _notice(outbound)
    reply_to = replytokens.reply_to(outbound) if kind.audience == "staff" else None
    if outbound.case is not None:
        notice._subject_cache = outbound.case
    with translation.override(notice.language):
        context = {**kind.context(notice), "notice": notice, "kind": kind}
        subject = render_line(f"{kind.template}_subject.txt", context)
        body = render_text(f"{kind.template}_body.txt", context)
        html = render_to_string(
            "channels/email/message.html",
            {**context, "subject": subject, "text": body, "language": notice.language},
        )
    composed = EmailMultiAlternatives(
        subject=subject[:300],
        body=body,
        from_email=outbound.from_address,
        to=[outbound.to_address],
        headers=_headers(outbound, kind),
        alternatives=[(html, "text/html")],
        reply_to=[reply_to] if reply_to else None,
    )
    if outbound.case_message is not None:
        for attachment in outbound.case_message.attachments.all():
            with attachment.file.open("rb") as stored:
                composed.attach(attachment.filename, stored.read(), attachment.content_type)
    raw = composed.message().as_bytes(policy=email.policy.SMTP)
    outbound.subject = subject[:300]
    if not kind.secret and reply_to is None:
        outbound.raw = raw
    outbound.save(update_fields=["subject", "raw"])
    return raw


def _headers(outbound: OutboundEmail, kind: notices.NoticeKind) -> dict[str, str]:
    headers = {"Message-ID": f"<{outbound.message_id}>", "Date": formatdate(localtime=True)}
    if kind.automatic:
        # Automatic messages say so (RFC 3834), so that well-behaved robots do not answer
        # them, and ask Exchange not to send its out-of-office replies to them.
        headers["Auto-Submitted"] = kind.automatic
        headers["X-Auto-Response-Suppress"] = "All"
    if outbound.case is not None:
        headers["X-Mostrador-Case"] = outbound.case.reference
        # Outlook groups a conversation by its topic when the message names one.
        headers["Thread-Topic"] = " ".join(outbound.case.subject.split())
    if outbound.case is not None and kind.audience == "customer":
        parent, chain = _thread(outbound)
        if parent:
            headers["In-Reply-To"] = f"<{parent}>"
            headers["References"] = " ".join(f"<{i}>" for i in chain)
    return headers


def _thread(outbound: OutboundEmail) -> tuple[str | None, list[str]]:
    """The message this email answers (the customer's latest before it) and the thread's
    Message-IDs, oldest first, as References lists them (the first and the latest ones)."""
    received = list(
        InboundEmail.objects.filter(case=outbound.case, status=InboundStatus.PROCESSED)
        .filter(outcome__in=[Outcome.CASE_OPENED, Outcome.MESSAGE_ADDED])
        .exclude(message_id="")
        .filter(received_at__lte=outbound.created_at)
        .values_list("received_at", "message_id")
    )
    # Staff notices are not part of the customer's conversation.
    sent = list(
        OutboundEmail.objects.filter(
            case=outbound.case, created_at__lte=outbound.created_at, recipient_user__isnull=True
        )
        .exclude(pk=outbound.pk)
        .values_list("created_at", "message_id")
    )
    chain = [message_id for _at, message_id in sorted(received + sent)]
    if not chain:
        return None, []
    parent = max(received)[1] if received else chain[-1]
    kept = list(dict.fromkeys([chain[0], *chain[-(_MAX_REFERENCES - 1) :]]))
    if parent in kept:
        kept.remove(parent)
    return parent, [*kept, parent]
