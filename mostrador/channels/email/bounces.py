"""Read delivery failure reports (bounces) out of incoming mail.

RFC 3464 delivery status notifications and RFC 5965 feedback reports are read with the standard
library; the many non-standard formats (qmail, Exim, Exchange, Yahoo, GroupWise...) are left to
flufl.bounce's detectors. Mail arrives from anyone, so nothing here may raise.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.header import Header, decode_header
from email.message import Message
from email.parser import HeaderParser
from email.utils import getaddresses, parseaddr

from flufl.bounce import all_failures

from mostrador.channels.email.decoding import decode_bytes

_log = logging.getLogger(__name__)

DIAGNOSTIC_LIMIT = 500
# Bounces quote at most a few screens of the original; past that, reading is only a cost.
_TEXT_LIMIT = 200_000
_HEADER_LIMIT = 4_000

_SUCCESS_ACTIONS = frozenset({"delivered", "relayed", "expanded"})
_STATUS_TYPE = "message/delivery-status"
_ORIGINAL_TYPES = frozenset({"message/rfc822", "text/rfc822-headers", "message/rfc822-headers"})
_STATUS_CODE = re.compile(r"(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?!\.?\d)")
_ANGLED_ID = re.compile(r"<([^<>\s]+)>")
_QUOTED_ID = re.compile(
    r"(?:^[ \t>]*message-id:[ \t]*(?:\r?\n[ \t>]+)?|\bmessage-id of )<([^<>\s]+)>", re.I | re.M
)
_FIELD_LINE = re.compile(r"^[A-Za-z][\w-]*:|^[ \t]+\S")
_DSN_FIELD = re.compile(r"^(?:final|original)-recipient:", re.I | re.M)
_MAIL_SYSTEM_LOCAL = frozenset({"mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster"})
_MAIL_SYSTEM_NAME = re.compile(
    r"\b(?:mailer[\s_-]?daemon|(?:internet )?mail delivery|delivery subsystem|postmaster)\b", re.I
)
# Said by a mail system in a subject, any of these means a delivery problem.
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|returned mail|returning message|delivery (?:status|fail|report|notif"
    r"|problem|has failed|warning)|failure (?:notice|delivery)|failed mail|mail error|not delivered"
    r"|could not be delivered|non[- ]?delivery|delayed|nicht zugestellt|unzustellbar|non remis"
    r"|olevererbar|onbestelbaar|non recapitabile|no se puede entregar|no s'ha pogut lliurar",
    re.I,
)
# Alone (no mail-system sender), only wordings that can only be about mail, at the very start.
_MAIL_BOUNCE_SUBJECT = re.compile(
    r"(?:undeliverable|undelivered mail|returned mail|mail delivery fail|(?:mail|message) could"
    r" not be delivered|delivery status notification|non-?delivery|failure notice)",
    re.I,
)
_FORWARD_PREFIX = re.compile(r"\s*(?:fwd?|tr|wg|rv|enc|i|vs|vb|vl|doorst|pd)\s*:", re.I)
_REPLY_PREFIX = re.compile(r"\s*(?:re|aw|sv|antw|odp|r)\s*:", re.I)


@dataclass(frozen=True)
class Failure:
    """Describe one recipient a bounce reports as not delivered."""

    recipient: str
    action: str
    status: str = ""
    diagnostic: str = ""

    @property
    def permanent(self) -> bool:
        """Tell whether retrying this recipient is pointless."""
        # opensmtpd says "error" and some gateways "failure" where RFC 3464 says "failed".
        return self.action.startswith(("fail", "error")) or self.status.startswith("5.")


@dataclass(frozen=True)
class Bounce:
    """Describe a delivery failure report: who failed, and which sent message it was about.

    ``kind`` is "delivery" (a DSN or a non-standard bounce) or "feedback" (an RFC 5965 abuse or
    complaint report); ``signal`` is a short code for what made the message a bounce.
    """

    failures: tuple[Failure, ...]
    original_message_ids: tuple[str, ...]
    kind: str
    signal: str = ""

    @property
    def permanent(self) -> bool:
        """Tell whether some recipient failed for good."""
        return any(failure.permanent for failure in self.failures)


def read_bounce(message: Message) -> Bounce | None:
    """Return the bounce ``message`` is, or None when it is not a delivery failure report."""
    try:
        return _read(message)
    except Exception:
        _log.warning("unreadable bounce candidate", exc_info=True)
        return None


def header_text(message: Message, name: str) -> str:
    """Return a header's decoded text on one line, "" when absent or unreadable."""
    try:
        value = message.get(name)
        text = _decode_words(value if isinstance(value, Header) else str(value or ""))
        return " ".join(text.split())[:_HEADER_LIMIT]
    except Exception:
        return ""


def from_mail_system(message: Message) -> bool:
    """Tell whether ``message`` says it comes from a mail system (MAILER-DAEMON, postmaster, <>)."""
    raw = header_text(message, "from")
    name, address = parseaddr(raw)
    local = address.rpartition("@")[0] if "@" in address else address
    return (
        "<>" in raw.replace(" ", "")
        or local.lower() in _MAIL_SYSTEM_LOCAL
        or bool(_MAIL_SYSTEM_NAME.search(name))
    )


def _read(message: Message) -> Bounce | None:
    if _written_by_person(message):
        return None
    container, kind = _find_report(message)
    if kind == "feedback":
        return Bounce((), _original_ids(message, container), kind, "feedback-report")
    detected = None if kind else _detected_failures(message)
    signal = "dsn" if detected is None else _nonstandard_signal(message, detected)
    if signal is None:
        return None
    # The report's own fields say most (status, diagnostic); flufl.bounce's guesses come last.
    failures = _report_failures(container) or _text_failures(message)
    failures = failures or (_detected_failures(message) if detected is None else detected)
    return Bounce(failures, _original_ids(message, container), "delivery", signal)


def _decode_words(value: str | Header) -> str:
    return "".join(_decode_chunk(chunk, charset) for chunk, charset in decode_header(value))


def _decode_chunk(chunk: str | bytes, charset: str | None) -> str:
    # Raw 8-bit headers come as "unknown-8bit": decode_bytes tries what they likely are.
    return chunk if isinstance(chunk, str) else decode_bytes(chunk, charset)


def _written_by_person(message: Message) -> bool:
    # A customer passing a bounce along ("Fwd: Undelivered Mail...", or a reply quoting one)
    # carries every bounce pattern in its body, yet a person wrote it and it must reach a case.
    if message.get_content_type() == "multipart/report" or from_mail_system(message):
        return False
    subject = header_text(message, "subject")
    replying = bool(_REPLY_PREFIX.match(subject)) and bool(message.get("in-reply-to"))
    return replying or bool(_FORWARD_PREFIX.match(subject))


def _find_report(message: Message) -> tuple[Message | None, str]:
    for part in message.walk():
        types = {child.get_content_type() for child in _children(part)}
        if _STATUS_TYPE in types:
            return part, "delivery"
        if "message/feedback-report" in types:
            return part, "feedback"
    # A declared report whose parts are missing or unparsable is still a report.
    if message.get_content_type() == "multipart/report":
        declared = str(message.get_param("report-type", "") or "").lower()
        if declared in ("delivery-status", "feedback-report"):
            return message, declared.partition("-")[0]
    return None, ""


def _report_failures(container: Message | None) -> tuple[Failure, ...]:
    children = _children(container) if container is not None else []
    statuses = [child for child in children if child.get_content_type() == _STATUS_TYPE]
    return _failures([group for child in statuses for group in _children(child)])


def _text_failures(message: Message) -> tuple[Failure, ...]:
    # Some MTAs write the DSN fields as plain text, or even as headers of the bounce itself.
    groups = [message] if message.get("final-recipient") else []
    for text in _texts(message):
        for paragraph in re.split(r"\r?\n[ \t]*\r?\n", text):
            if _DSN_FIELD.search(paragraph):
                fields = [line for line in paragraph.splitlines() if _FIELD_LINE.match(line)]
                groups.append(HeaderParser().parsestr("\n".join(fields) + "\n"))
    return _failures(groups)


def _failures(groups: list[Message]) -> tuple[Failure, ...]:
    found: dict[Failure, None] = {}
    for group in groups:
        recipient = _recipient(header_text(group, "original-recipient"))
        recipient = recipient or _recipient(header_text(group, "final-recipient"))
        action = next(iter(header_text(group, "action").lower().split()), "")
        if not recipient or action in _SUCCESS_ACTIONS:
            continue
        status_field = header_text(group, "status")
        # "smtp; 550 5.1.1 User unknown": the text, without its type.
        diagnostic = re.sub(r"^[\w.-]+\s*;", "", header_text(group, "diagnostic-code")).strip()
        match = _STATUS_CODE.search(status_field) or _STATUS_CODE.search(diagnostic)
        if not diagnostic and status_field:
            diagnostic = _STATUS_CODE.sub("", status_field, count=1).strip(" ()")
        status = match.group(1) if match else ""
        found[Failure(recipient, action, status, diagnostic[:DIAGNOSTIC_LIMIT])] = None
    return tuple(found)


def _recipient(field: str) -> str:
    # Original-Recipient comes first: it is the address as we sent it, before any alias or
    # forwarding rewrote it into the Final-Recipient.
    kind, separator, address = field.partition(";")
    if not separator:
        kind, address = "rfc822", field
    if kind.strip().lower() == "x400":
        x400 = re.search(r"/RFC-822=([^/]+)", address, re.I)
        address = x400.group(1).replace("(a)", "@") if x400 else ""
    address = parseaddr(address.strip())[1].strip().lower()
    # U+FFFD stands for bytes that were not text: such an address cannot be told faithfully.
    return address if "@" in address and "\ufffd" not in address else ""


def _detected_failures(message: Message) -> tuple[Failure, ...]:
    try:
        temporary, permanent = all_failures(message)
    except Exception:
        temporary, permanent = frozenset(), frozenset()
    actions = {raw.decode("ascii", "replace").strip("<> ").lower(): "delayed" for raw in temporary}
    actions |= {raw.decode("ascii", "replace").strip("<> ").lower(): "failed" for raw in permanent}
    # Exim lists here exactly the recipients that failed for good.
    for _name, address in getaddresses([header_text(message, "x-failed-recipients")]):
        actions[address.lower()] = "failed"
    return tuple(
        Failure(address, actions[address]) for address in sorted(actions) if "@" in address
    )


def _nonstandard_signal(message: Message, detected: tuple[Failure, ...]) -> str | None:
    if detected:
        return "failed-recipients" if message.get("x-failed-recipients") else "bounce-body"
    subject = header_text(message, "subject")
    attached = any(
        part is not message and part.get_content_type() in _ORIGINAL_TYPES
        for part in message.walk()
    )
    if from_mail_system(message) and (attached or _BOUNCE_SUBJECT.search(subject)):
        return "mailer-daemon"
    if attached and _MAIL_BOUNCE_SUBJECT.match(subject):
        return "bounce-subject"
    return None


def _quoted_headers(container: Message) -> Iterator[Message]:
    # The header blocks a report quotes from the original message, outermost first.
    for part in container.walk():
        kind = part.get_content_type()
        if part is container or kind not in _ORIGINAL_TYPES | {_STATUS_TYPE}:
            continue
        for block in _children(part) if part.is_multipart() else [part]:
            yield block
            # A stray blank line before the quoted headers turns them into a body.
            if block is part or not block.keys():
                yield HeaderParser().parsestr(_text(block).lstrip())
        # Some MTAs leave out the blank line after the part's Content-Type, and the original's
        # headers become the part's own.
        yield part


def _original_ids(message: Message, container: Message | None) -> tuple[str, ...]:
    # The report's own copy of the original comes first: a gateway that re-wraps a bounce
    # attaches the whole report, whose Message-ID is not one we sent.
    for source in (container, message):
        for headers in _quoted_headers(source) if source is not None else ():
            if ids := _ids(header_text(headers, "message-id")):
                return ids[:1]
    # Bounces that quote the original inline quote it first, before anything it quoted itself.
    for text in _texts(message):
        if quoted := _QUOTED_ID.search(text):
            return (quoted.group(1),)
    replied = _ids(header_text(message, "in-reply-to"))
    return replied or _ids(header_text(message, "references"))[-1:]


def _ids(field: str) -> tuple[str, ...]:
    bare = [field.strip()] if "@" in field and " " not in field.strip() else []
    return tuple(_ANGLED_ID.findall(field) or bare)


def _texts(message: Message) -> Iterator[str]:
    # "multipart" too: a multipart whose boundary is missing is one long text.
    parts = _own_parts(message)
    return (_text(part) for part in parts if part.get_content_maintype() in ("text", "multipart"))


def _own_parts(part: Message) -> Iterator[Message]:
    # The leaves the bounce itself wrote, not those inside an attached message.
    if not part.is_multipart():
        yield part
    elif part.get_content_maintype() != "message":
        for child in _children(part):
            yield from _own_parts(child)


def _children(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [child for child in payload if isinstance(child, Message)] if part.is_multipart() else []


def _text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    payload = payload[:_TEXT_LIMIT] if isinstance(payload, bytes) else b""
    try:
        return payload.decode(part.get_content_charset() or "latin-1", "replace")
    except LookupError:
        return payload.decode("latin-1")
