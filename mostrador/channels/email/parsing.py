"""Reading a raw email leniently: headers, the text, the HTML, the files, forwarded messages.

``parse`` accepts whatever arrives. MIME is walked by hand rather than with ``get_body`` so
that broken structures (a missing boundary, a text part without a charset, a signed or
forwarded message) still give their text; every header goes through ``decoding``.
"""

from __future__ import annotations

import datetime as dt
import email
import email.headerregistry
import email.policy
import email.utils
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, cast

from mostrador.channels.email import htmlmail
from mostrador.channels.email.decoding import decode_bytes, decode_header, unescape_8bit, unflow


@dataclass(frozen=True)
class Address:
    """One mailbox of an address header, its name decoded."""

    name: str
    email: str  # lower-case; "" when the header had no usable address (no "@", no domain)
    # The local part as written: for an entry without a domain, the word itself.
    phrase: str = field(default="", compare=False, repr=False)


@dataclass(frozen=True)
class Part:
    """A file that came with the message: an attachment, or an image its HTML shows inline."""

    filename: str
    content_type: str
    content: bytes
    content_id: str = ""


@dataclass
class ParsedEmail:
    """What Mostrador reads from one message."""

    message: Message
    # The same message parsed with the legacy policy, whose header access costs a tenth: the
    # classifiers read many headers of every message.
    legacy: Message
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    subject: str
    # Who wrote it, and so whose case it is (see ``sender_of``); None when no address is usable.
    sender: Address | None
    # Where the author wants answers; kept, never taken for the customer (anyone can write it).
    reply_to: list[Address]
    to: list[Address]
    cc: list[Address]
    date: dt.datetime | None
    text: str
    html: str
    attachments: list[Part] = field(default_factory=list)
    fingerprint: str = ""

    def header(self, name: str) -> str:
        """The decoded value of the first header ``name``, or ""."""
        return header(self.message, name)

    @property
    def thread_ids(self) -> list[str]:
        """The Message-IDs this message answers, nearest first: In-Reply-To, then References
        from the last (the parent) back to the first (the thread's start)."""
        return list(dict.fromkeys([*self.in_reply_to, *reversed(self.references)]))


def parse(raw: bytes) -> ParsedEmail:
    """Read ``raw``; raises only for bytes that are not an email at all (no header)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not list(message.raw_items()):
        raise ValueError("no header: this is not an email message")
    body = _Body()
    body.walk(message)
    hint = _charset_hint(message)
    authors = addresses(message, "From", hint)
    return ParsedEmail(
        message=message,
        legacy=email.message_from_bytes(raw, policy=email.policy.compat32),
        message_id=next(iter(message_ids(header(message, "Message-ID"))), ""),
        in_reply_to=message_ids(header(message, "In-Reply-To")),
        references=message_ids(header(message, "References")),
        subject=header(message, "Subject", hint)[:300],
        sender=sender_of(authors, addresses(message, "Sender", hint)),
        reply_to=addresses(message, "Reply-To", hint),
        to=addresses(message, "To", hint),
        cc=addresses(message, "Cc", hint),
        date=_date(header(message, "Date")),
        text=body.text(),
        html=body.html(),
        attachments=body.files,
        fingerprint=fingerprint(raw),
    )


def header(message: Message, name: str, charset: str | None = None) -> str:
    """The decoded value of the first header ``name`` of ``message``, or "".

    ``charset`` is how to read raw 8-bit bytes in it (see ``decoding.decode_header``).
    """
    wanted = name.lower()
    for key, value in message.raw_items():
        if key.lower() == wanted:
            return decode_header(str(value), charset)
    return ""


def addresses(message: Message, name: str, charset: str | None = None) -> list[Address]:
    """Every address in the headers called ``name``, in order, as the modern policy reads them.

    Each header is parsed whole by ``email.policy.default``'s address parser, which decodes
    encoded words only inside the names it has found: a name that decodes to a comma or an
    "@" stays a name. Decoding first and splitting the text afterwards (``getaddresses`` on a
    decoded string) would cut it into addresses nobody wrote. Raw 8-bit bytes are read first
    (``decoding.unescape_8bit``): that is reading characters, not decoding a structure. A
    malformed header gives what the parser could recover (its defects), never an exception.
    """
    found: list[Address] = []
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            found += _read_address_header(name, value, charset)
    return found


def sender_of(authors: list[Address], senders: list[Address]) -> Address | None:
    """Who the message is from, as RFC 5322 §3.6.2 tells it: the From address, its author.

    When From names several authors the RFC requires a Sender, the one who sent it: that one.
    A From without a usable address falls back to the Sender. Reply-To never decides: it says
    where to answer, and anyone can write any address there (see ``ParsedEmail.reply_to``).
    """
    usable = [a for a in authors if a.email]
    agents = [a for a in senders if a.email]
    if len(usable) > 1 and agents:
        return agents[0]
    return next(iter([*usable, *agents]), None)


# The class ``email.policy.default``'s registry makes for address-list headers, used for any
# header read as one (Delivered-To and X-Original-To are not in the registry).
_ADDRESS_HEADER = email.headerregistry.HeaderRegistry()["to"]
_LINE_BREAK = re.compile(r"\n|\r\n?")
# How much of one address header is read. The library's address parser takes some 20 µs a
# character, and more on some input (a run of quotes costs it time quadratic in its length): a
# From of 10,000 addresses (190 kB) cost seconds, and a header may be as long as the message
# (EMAIL_MAX_BYTES). Real ones are far shorter (8 kB is some 300 addresses); of a longer one,
# the addresses up to the last comma within the limit are read: the first decides the sender.
MAX_ADDRESS_HEADER = 8_192
MAX_ADDRESS = 254


def _read_address_header(name: str, value: object, charset: str | None) -> list[Address]:
    header: email.headerregistry.AddressHeader
    if isinstance(value, email.headerregistry.AddressHeader):
        header = value  # a message built in code: already a header object
    else:
        text = unescape_8bit(_LINE_BREAK.sub("", _head_of(str(value))), charset)
        try:
            header = cast("email.headerregistry.AddressHeader", _ADDRESS_HEADER(name, text))
        except Exception:  # noqa: BLE001  (a parser bug on hostile input: nothing usable)
            return []
    mailboxes = _mailbox_tokens(header)
    read = []
    for index, address in enumerate(header.addresses):
        token = mailboxes[index] if len(mailboxes) == len(header.addresses) else None
        read.append(_address(address, token, charset))
    return _join_split_names(read)


def _head_of(value: str) -> str:
    """``value``, or of a header over ``MAX_ADDRESS_HEADER``, the part before its last comma
    within the limit (all of the limit when it has none)."""
    if len(value) <= MAX_ADDRESS_HEADER:
        return value
    head = value[:MAX_ADDRESS_HEADER]
    comma = head.rfind(",")
    return head[:comma] if comma > 0 else head


def _mailbox_tokens(header: object) -> list[Any]:
    """The parse tree's mailboxes behind ``header.addresses``, in the same order, or [].

    The policy keeps the tree its addresses come from (a private attribute, hence the
    fallback): only there does a mailbox it found invalid keep its parts.
    """
    tree = getattr(header, "_parse_tree", None)
    try:
        return list(tree.all_mailboxes) if tree is not None else []
    except AttributeError:
        return []


def _address(address: email.headerregistry.Address, token: Any, charset: str | None) -> Address:
    name, username, domain = address.display_name, address.username, address.domain
    # Only a mailbox the policy read without a name: one it named has its address already.
    recovered = _angle_address(token) if token is not None and not name else None
    if recovered is not None:
        # "nuria@example.cat via Forum <forum@example.org>": the policy takes the name for
        # the address; the address is the one in angle brackets, as mail clients show it.
        name, (username, _at, domain) = recovered[0], recovered[1].rpartition("@")
    if not name and recovered is None and token is not None:
        # The old form "nuria@example.cat (Núria Puig)": the comment is the name (RFC 2047
        # allows encoded words in it, which the policy leaves as written).
        name = decode_header(" ".join(_comments(token)))
    name = " ".join(unescape_8bit(name, charset).split())
    if len(name) > 1 and name[0] == name[-1] == '"':
        name = name[1:-1].strip()
    spec = address.addr_spec if recovered is None else f"{username}@{domain}"
    # No address is longer than 254 characters (RFC 5321 §4.5.3.1.3: a path of 256 with its
    # brackets), nor fits where the sender is kept (``InboundEmail.from_address``).
    usable = bool(username and domain) and len(spec.strip()) <= MAX_ADDRESS
    return Address(name=name, email=spec.strip().lower() if usable else "", phrase=username)


def _angle_address(token: Any) -> tuple[str, str] | None:
    """The name and address of an invalid mailbox written "name <address>", or None.

    The policy calls a mailbox invalid when its name holds an unquoted "@" or ".", and then
    keeps the angle brackets as misplaced specials. An address is never an encoded word, so
    one found among the bracketed parts leaves the mailbox as the policy read it.
    """
    if getattr(token, "token_type", "") != "invalid-mailbox":
        return None
    parts = list(token)
    brackets = [i for i, part in enumerate(parts) if _is_special(part, "<")]
    if not brackets:
        return None
    start = brackets[0]
    end = next((i for i in range(start + 1, len(parts)) if _is_special(parts[i], ">")), None)
    inner = parts[start + 1 : end]
    if end is None or any(_has_encoded_word(part) for part in inner):
        return None
    spec = "".join("".join(str(part) for part in inner).split())
    if spec.count("@") != 1 or spec.startswith("@") or spec.endswith("@"):
        return None
    return "".join(str(part) for part in parts[:start]), spec


def _comments(token: Any) -> list[str]:
    try:
        return [str(comment) for comment in token.comments]
    except AttributeError:
        return []


def _is_special(part: Any, char: str) -> bool:
    return getattr(part, "token_type", "") == "misplaced-special" and str(part) == char


def _has_encoded_word(part: Any) -> bool:
    if getattr(part, "token_type", "") == "encoded-word":
        return True
    return isinstance(part, list) and any(_has_encoded_word(child) for child in part)


def _join_split_names(found: list[Address]) -> list[Address]:
    """Join "Puig, Núria <nuria@example.cat>" back into one mailbox.

    An unquoted comma in a name splits it, for the parser, into a bare word without address
    and a mailbox: bare words just before a named mailbox are the start of its name.
    """
    joined: list[Address] = []
    pending: list[Address] = []
    for address in found:
        if not address.email and not address.name and address.phrase:
            pending.append(address)
            continue
        if pending and address.email and address.name:
            name = ", ".join([*(p.phrase for p in pending), address.name])
            address = Address(name=name, email=address.email, phrase=address.phrase)
        else:
            joined += pending
        pending = []
        joined.append(address)
    return joined + pending


_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")


def message_ids(value: str) -> list[str]:
    """The Message-IDs in a header value, without angle brackets (bare ones too)."""
    ids = _MESSAGE_ID.findall(value)
    if not ids and "@" in value:
        ids = [word.strip("<>,;") for word in value.split() if "@" in word]
    return [i[:250] for i in ids if i]


def fingerprint(raw: bytes) -> str:
    """What makes two deliveries the same message: identity headers and the body, but not
    the trace headers each server adds on the way (Received, Delivered-To...)."""
    normalised = raw.replace(b"\r\n", b"\n")
    head, _sep, body = normalised.partition(b"\n\n")
    wanted = (b"message-id:", b"date:", b"from:", b"subject:", b"to:")
    lines = [line.strip().lower() for line in _unfold(head) if line.lower().startswith(wanted)]
    digest = hashlib.sha256(b"\n".join(sorted(lines)))
    digest.update(b"\n\n" + b"\n".join(line.rstrip() for line in body.rstrip().split(b"\n")))
    return digest.hexdigest()


def _unfold(head: bytes) -> list[bytes]:
    lines: list[bytes] = []
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and lines:
            lines[-1] += b" " + line.strip()
        else:
            lines.append(line)
    return lines


def _charset_hint(message: Message) -> str | None:
    """The first charset the message declares for its text, if any."""
    for part in message.walk():
        try:
            charset = part.get_content_charset()
        except Exception:  # noqa: BLE001  (an unreadable parameter declares nothing)
            charset = None
        if charset and charset not in ("us-ascii", "ascii"):
            return charset
    return None


def _date(value: str) -> dt.datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


class _Body:
    """Collects the text, the HTML and the files while walking a message's MIME tree."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.htmls: list[str] = []
        self.files: list[Part] = []

    def text(self) -> str:
        text = "\n\n".join(t.strip("\n") for t in self.texts if t.strip())
        if not text and self.htmls:
            text = "\n\n".join(htmlmail.to_text(h) for h in self.htmls)
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()

    def html(self) -> str:
        return "\n<hr>\n".join(htmlmail.sanitise(h).strip() for h in self.htmls if h.strip())

    def walk(self, part: Message) -> None:
        kind = _content_type(part)
        if kind in ("message/rfc822", "message/global"):
            self._forwarded(part)
        elif part.is_multipart() and kind.startswith("multipart/"):
            self._walk_multipart(part, kind)
        elif kind.startswith("multipart/"):
            # A multipart without a usable boundary: its whole body is all there is to read.
            self.texts.append(_text_of(part))
        elif isinstance(part.get_payload(), list):
            # Other message/* parts (delivery-status, disposition-notification): keep as files.
            self.files.append(Part("report.txt", "text/plain", _bytes_of(part)))
        elif _is_attachment(part, kind):
            self._file(part, kind)
        elif kind == "text/html":
            self.htmls.append(_text_of(part))
        elif kind.startswith("text/") or not kind:
            self.texts.append(_text_of(part))
        else:
            self._file(part, kind)

    def _walk_multipart(self, part: Message, kind: str) -> None:
        children = _children(part)
        if kind == "multipart/alternative":
            self._alternative(children)
        elif kind == "multipart/signed":
            # The first part is the content; the signature is not the customer's file.
            for child in children[:1]:
                self.walk(child)
        else:
            for child in children:
                self.walk(child)

    def _alternative(self, children: list[Message]) -> None:
        # Text is preferred for reading; the HTML is kept to show the message as sent.
        plain = [c for c in children if _content_type(c) == "text/plain"]
        rich = [c for c in children if _content_type(c) != "text/plain"]
        text_count = len(self.texts)
        for child in rich:
            self.walk(child)
        if plain:
            del self.texts[text_count:]
            self.texts.append(_text_of(plain[-1]))

    def _forwarded(self, part: Message) -> None:
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        if isinstance(inner, bytes | str) and inner:
            # message/global, or a forward the parser left unparsed.
            raw = inner if isinstance(inner, bytes) else inner.encode("utf-8", "surrogateescape")
            inner = email.message_from_bytes(raw, policy=email.policy.default)
        if not isinstance(inner, Message):
            self._file(part, "message/rfc822")
            return
        nested = _Body()
        nested.walk(inner)
        lines = [f"{name}: {header(inner, name)}" for name in ("From", "Date", "Subject", "To")]
        heading = "\n".join(line for line in lines if not line.endswith(": "))
        self.texts.append(f"---------- Forwarded message ----------\n{heading}\n\n{nested.text()}")
        self.files.extend(nested.files)
        self.files.append(
            Part(
                filename=_safe_filename(header(inner, "Subject") or "message", ".eml"),
                content_type="message/rfc822",
                content=_bytes_of(inner),
            )
        )

    def _file(self, part: Message, kind: str) -> None:
        content = part.get_payload(decode=True)
        if not isinstance(content, bytes):
            content = str(part.get_payload()).encode("utf-8", errors="surrogateescape")
        filename = _filename(part, kind)
        if kind in ("application/octet-stream", ""):
            kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        content_id = header(part, "Content-ID").strip().strip("<>")
        self.files.append(Part(filename, kind, content, content_id[:250]))


def _bytes_of(message: Message) -> bytes:
    try:
        return message.as_bytes(policy=email.policy.compat32)
    except Exception:  # noqa: BLE001  (what cannot be re-serialised strictly is kept as text)
        return message.as_string(policy=email.policy.compat32).encode("utf-8", "surrogateescape")


def _children(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [c for c in payload if isinstance(c, Message)] if isinstance(payload, list) else []


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except Exception:  # noqa: BLE001  (a header the parser cannot read)
        return "text/plain"


def _is_attachment(part: Message, kind: str) -> bool:
    disposition = header(part, "Content-Disposition").split(";")[0].strip().lower()
    if disposition == "attachment":
        return True
    if kind not in ("text/plain", "text/html"):
        # text/calendar, text/csv, text/x-vcard...: files, not what the customer wrote.
        return kind.startswith("text/")
    # A named text part is a file, unless the sender asked for it to be shown inline, as
    # mail clients then do.
    return disposition != "inline" and bool(_param_filename(part))


def _text_of(part: Message) -> str:
    content = part.get_payload(decode=True)
    if not isinstance(content, bytes):
        content = str(part.get_payload() or "").encode("utf-8", errors="surrogateescape")
    try:
        charset = part.get_content_charset()
        flowed = str(part.get_param("format", "")).lower() == "flowed"
        delsp = str(part.get_param("delsp", "")).lower() == "yes"
    except Exception:  # noqa: BLE001  (unreadable parameters: read the text as it is)
        charset, flowed, delsp = None, False, False
    text = decode_bytes(content, charset)
    if flowed and _content_type(part) == "text/plain":
        text = unflow(text.replace("\r\n", "\n"), delsp=delsp)
    return text


def _param_filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # noqa: BLE001  (a malformed RFC 2231 parameter)
        name = ""
    return decode_header(name) if name else ""


def _filename(part: Message, kind: str) -> str:
    name = _param_filename(part)
    if name:
        return _safe_filename(name)
    extension = mimetypes.guess_extension(kind) or ".bin"
    return _safe_filename("attachment", extension)


def _safe_filename(name: str, extension: str = "") -> str:
    # Only the last path component, no control characters: the name is shown, never used as
    # a path (files are stored under their hash).
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip() or "attachment"
    if extension and not name.lower().endswith(extension):
        name += extension
    return name[:200]
