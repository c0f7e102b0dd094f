"""Read delivery failure reports (bounces) out of incoming mail.

RFC 3464 delivery status notifications and RFC 5965 feedback reports are read with the standard
library; the many non-standard formats (qmail, Exim, Exchange, Yahoo, GroupWise...) are left to
flufl.bounce's detectors. Mail arrives from anyone, so nothing here may raise.

A message is a bounce only on evidence that a mail system wrote it, because what a bounce says
marks an email as undelivered and a customer's address as failing. A report's own structure is
such evidence (multipart/report, a message/delivery-status part of its own, Exim's
X-Failed-Recipients); the words of a bounce (what flufl.bounce recognises, a returned message
under a bounce subject) count only from a mail system: a null or MAILER-DAEMON return path, a
mail-system From, Auto-Submitted, or delivery to our bounce address (``returnpath``), where
only mail systems write. A person's message carries none of these, even when it quotes,
forwards or pastes a bounce, and reaches a case as anything a person writes does.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.header import Header, decode_header
from email.message import Message
from email.parser import HeaderParser
from email.utils import getaddresses, parseaddr

# all_failures's own list, run here as it runs it, to name the detector that matched.
from flufl.bounce._scan import _DETECTORS

from mostrador.channels.email import returnpath
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
# MDaemon is a mail server that signs its reports with its own name.
_MAIL_SYSTEM_LOCAL = frozenset(
    {"mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster", "mdaemon"}
)
_AUTO_SUBMITTED = frozenset({"auto-replied", "auto-generated"})
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
    complaint report); ``signal`` is a short, stable code for what made the message a bounce
    ("dsn", "feedback_report", "x_failed_recipients", "mail_system_format:<detector>",
    "returned_message", "bounce_subject") and ``detail`` names the evidence that a mail system
    wrote it ("null_return_path", "mail_system_from"...). ``original_return_paths`` are the
    return paths in the headers of the returned message, which may be one of ours.
    """

    failures: tuple[Failure, ...]
    original_message_ids: tuple[str, ...]
    kind: str
    signal: str = ""
    detail: str = ""
    original_return_paths: tuple[str, ...] = ()

    @property
    def permanent(self) -> bool:
        """Tell whether some recipient failed for good."""
        return any(failure.permanent for failure in self.failures)


def read_bounce(
    message: Message, *, envelope_from: str = "", envelope_to: Sequence[str] = ()
) -> Bounce | None:
    """Return the bounce ``message`` is, or None when it is not a delivery failure report.

    ``envelope_from`` and ``envelope_to`` are the SMTP envelope the receiver was given, when
    known: "<>" is a null sender, "" an unknown one.
    """
    try:
        return _read(message, _evidence(message, envelope_from, envelope_to))
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
    # An address the parser gives up on (<Postmaster\@host@host>) still says who wrote it.
    if not address and (angled := re.search(r"<([^<>]+)>", raw)):
        address = angled.group(1)
    return (
        "<>" in raw.replace(" ", "")
        or _is_mail_system_address(address)
        or bool(_MAIL_SYSTEM_NAME.search(name))
    )


def _is_mail_system_address(address: str) -> bool:
    return address.partition("@")[0].strip('<>\\" ').lower() in _MAIL_SYSTEM_LOCAL


def _evidence(message: Message, envelope_from: str, envelope_to: Sequence[str]) -> tuple[str, ...]:
    """Return the codes of what shows that a mail system, not a person, sent ``message``."""
    # The topmost Return-Path is the one the final server wrote from the envelope.
    return_path = header_text(message, "return-path").replace(" ", "")
    senders = [path for path in (return_path, envelope_from.strip()) if path]
    found = {
        # Only machines send with an empty envelope sender (RFC 5321 4.5.5, RFC 3834 3.3).
        "null_return_path": "<>" in senders,
        "mail_system_return_path": any(_is_mail_system_address(path) for path in senders),
        "mail_system_from": from_mail_system(message),
        "auto_submitted": _keyword(message, "auto-submitted") in _AUTO_SUBMITTED,
        "to_bounce_address": returnpath.to_bounce_address(message, envelope_to),
    }
    return tuple(code for code, present in found.items() if present)


def _keyword(message: Message, name: str) -> str:
    # "auto-replied (vacation)", "auto-generated; type=x": the first token, lower-case.
    return next(iter(re.split(r"[\s(;]", header_text(message, name).lower(), maxsplit=1)), "")


def _read(message: Message, evidence: tuple[str, ...]) -> Bounce | None:
    container, kind, carried = _find_report(message)
    # A report inside a message someone passes on is theirs to tell, not a mail system's.
    if _written_by_person(message, evidence) or (carried and not evidence):
        return None
    if not kind and not evidence and not message.get("x-failed-recipients"):
        # Nothing says a mail system sent it, and no report is inside: whatever flufl.bounce's
        # detectors would find, ``_nonstandard_signal`` could not make it a bounce. The cheap
        # check first: most mail is written by people.
        return None
    structure = _structure(message, carried) if kind else ""
    ids, paths = _original_ids(message, container), _original_return_paths(message, container)
    if kind == "feedback":
        detail = _detail(structure, evidence)
        return Bounce((), ids, kind, "feedback_report", detail, paths)
    detected, detector = ((), "") if kind else _detected_failures(message)
    signal = "dsn" if kind else _nonstandard_signal(message, detected, detector, evidence)
    if signal is None:
        return None
    # The report's own fields say most (status, diagnostic); flufl.bounce's guesses come last.
    failures = _report_failures(container) or _text_failures(message) or detected
    failures = failures or (_detected_failures(message)[0] if kind else ())
    return Bounce(failures, ids, "delivery", signal, _detail(structure, evidence), paths)


def _structure(message: Message, carried: bool) -> str:
    if carried:
        return "carried report"
    return "multipart/report" if _declared_report(message) else "report part"


def _detail(structure: str, evidence: tuple[str, ...]) -> str:
    return ", ".join(part for part in (structure, *evidence) if part)


def _declared_report(message: Message) -> str:
    """Return the report type ``message`` declares itself to be ("delivery-status",
    "feedback-report"), "" for anything else; only mail systems write reports."""
    if message.get_content_type() != "multipart/report":
        return ""
    declared = str(message.get_param("report-type", "") or "").lower()
    return declared if declared in ("delivery-status", "feedback-report") else ""


def _decode_words(value: str | Header) -> str:
    return "".join(_decode_chunk(chunk, charset) for chunk, charset in decode_header(value))


def _decode_chunk(chunk: str | bytes, charset: str | None) -> str:
    # Raw 8-bit headers come as "unknown-8bit": decode_bytes tries what they likely are.
    return chunk if isinstance(chunk, str) else decode_bytes(chunk, charset)


def _written_by_person(message: Message, evidence: tuple[str, ...]) -> bool:
    # A customer passing a bounce along ("Fwd: Undelivered Mail...", or a reply quoting one)
    # carries every bounce pattern, even a report's parts, yet a person wrote it and it must
    # reach a case.
    if evidence or _declared_report(message):
        return False
    subject = header_text(message, "subject")
    replying = bool(_REPLY_PREFIX.match(subject)) and bool(message.get("in-reply-to"))
    return replying or bool(_FORWARD_PREFIX.match(subject))


def _find_report(message: Message) -> tuple[Message | None, str, bool]:
    """Return the part holding the report's parts, its kind, and whether it is carried inside
    another message (attached whole, as a person forwarding it or a gateway wrapping it does)."""
    for part, carried in _walk(message, carried=False):
        types = {child.get_content_type() for child in _children(part)}
        if _STATUS_TYPE in types:
            return part, "delivery", carried
        if "message/feedback-report" in types:
            return part, "feedback", carried
    # A declared report whose parts are missing or unparsable is still a report.
    if declared := _declared_report(message):
        return message, declared.partition("-")[0], False
    return None, "", False


def _walk(part: Message, *, carried: bool) -> Iterator[tuple[Message, bool]]:
    yield part, carried
    inside = carried or part.get_content_maintype() == "message"
    for child in _children(part):
        yield from _walk(child, carried=inside)


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


def _detected_failures(message: Message) -> tuple[tuple[Failure, ...], str]:
    """Return the recipients flufl.bounce's detectors find, and the name of the one that
    found them (lower-case, "" for none), as ``all_failures`` runs them: in order, up to the
    first that finds someone; one that breaks ends the search with nothing."""
    temporary: frozenset[bytes] = frozenset()
    permanent: frozenset[bytes] = frozenset()
    detector = ""
    for candidate in _DETECTORS:
        try:
            found = candidate().process(message)
        except Exception:  # noqa: BLE001  (a detector that breaks has found nothing)
            temporary, permanent = frozenset(), frozenset()
            break
        if found[0] or found[1]:
            temporary, permanent = frozenset(found[0]), frozenset(found[1])
            detector = candidate.__name__.lower()
            break
    actions = {raw.decode("ascii", "replace").strip("<> ").lower(): "delayed" for raw in temporary}
    actions |= {raw.decode("ascii", "replace").strip("<> ").lower(): "failed" for raw in permanent}
    # Exim lists here exactly the recipients that failed for good.
    for _name, address in getaddresses([header_text(message, "x-failed-recipients")]):
        actions[address.lower()] = "failed"
    failures = (Failure(address, actions[address]) for address in sorted(actions))
    return tuple(failure for failure in failures if "@" in failure.recipient), detector


def _nonstandard_signal(
    message: Message, detected: tuple[Failure, ...], detector: str, evidence: tuple[str, ...]
) -> str | None:
    # Exim writes the header itself: no mail client does.
    if message.get("x-failed-recipients") and detected:
        return "x_failed_recipients"
    if not evidence:
        return None
    if detected:
        return f"mail_system_format:{detector or 'unknown'}"
    attached = any(
        part is not message and part.get_content_type() in _ORIGINAL_TYPES
        for part in message.walk()
    )
    # Autoresponders also send with a null return path, to our return path, and some attach
    # what they answer: from them, only a bounce's subject tells a bounce.
    named = {"mail_system_from", "mail_system_return_path"} & set(evidence)
    if _BOUNCE_SUBJECT.search(header_text(message, "subject")):
        return "returned_message" if attached else "bounce_subject"
    return "returned_message" if attached and named else None


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
    # The bounce's own In-Reply-To and References are not read: some systems copy them from
    # the original, and they then name the email before it, perhaps to the same person.
    for text in _texts(message):
        if quoted := _QUOTED_ID.search(text):
            return (quoted.group(1),)
    return ()


def _original_return_paths(message: Message, container: Message | None) -> tuple[str, ...]:
    # A message returned after it was delivered (a full mailbox, a forward that failed) carries
    # the Return-Path its last server wrote: our own return path, naming the email.
    found: dict[str, None] = {}
    for source in (container, message):
        for headers in _quoted_headers(source) if source is not None else ():
            if path := parseaddr(header_text(headers, "return-path"))[1]:
                found[path.lower()] = None
    return tuple(found)[:10]


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
