"""Text out of real mail: charsets that are wrong, missing or exotic, and encoded headers.

Mail in the wild declares charsets it does not use, uses names Python spells differently, puts
raw 8-bit bytes in headers, and mixes encodings in one header. Every function here returns
text for any input and never raises: the worst case is a replacement character, never a lost
message.
"""

from __future__ import annotations

import codecs
import email.header
import re

import charset_normalizer

# Labels that mean a wider charset in practice (WHATWG Encoding Standard): mail declared
# latin-1 is usually written with Windows-1252's curly quotes and euro sign, and so on.
_SUPERSETS = {
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "iso-8859-8-i": "iso-8859-8",
    "x-mac-roman": "mac_roman",
    "utf8": "utf-8",
    "x-unknown": "",
    "unknown-8bit": "",
    "x-user-defined": "",
    "default": "",
    "charset": "",
}


def _codec(label: str | None) -> str:
    """A Python codec name for a declared charset label, or "" when unknown or meaningless."""
    label = (label or "").strip().strip("\"'").lower()
    label = _SUPERSETS.get(label, label)
    if not label:
        return ""
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode ``data`` with its declared ``charset``, falling back when the declaration is wrong.

    Order: the declared charset (widened to its usual superset) if it decodes cleanly; UTF-8;
    the best guess of charset-normalizer; finally the declared charset or Windows-1252 with
    replacement characters.
    """
    declared = _codec(charset)
    if declared and declared != "cp1252":
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared == "cp1252":
        # Declared latin-1 or ASCII but not UTF-8: believe the declaration.
        return data.decode("cp1252", errors="replace")
    guess = charset_normalizer.from_bytes(data[:65536]).best()
    if guess is not None:
        try:
            return data.decode(guess.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode(declared or "cp1252", errors="replace")


_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


def decode_header(value: str, charset: str | None = None) -> str:
    """Decode an RFC 2047 header value into unfolded text.

    Raw 8-bit bytes in it are read as ``charset`` (the message's own, when known: a header
    written without encoding usually uses the body's charset), else as UTF-8 or a guess.
    """
    value = unescape_8bit(value, charset)
    if _ENCODED_WORD.search(value):
        try:
            chunks = email.header.decode_header(value)
        except Exception:  # noqa: BLE001  (any malformed header: keep it as written)
            chunks = [(value, None)]
        value = "".join(
            decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk
            for chunk, charset in chunks
        )
    return " ".join(value.split())


# What the parser makes of bytes it cannot decode: one surrogate escape per byte (PEP 383).
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def unescape_8bit(value: str, charset: str | None = None) -> str:
    """``value`` with the raw 8-bit bytes the parser kept as surrogate escapes read as text.

    They are usually UTF-8 (RFC 6532) or a local charset written without encoding, so they are
    read as ``charset`` when given (see ``decode_bytes``). A raw header (ASCII and escapes only)
    is read whole, which gives the best guess; text that already holds decoded characters (a
    name decoded from an encoded word in an unknown charset) has only its escaped runs read.
    """
    if not _ESCAPED_BYTES.search(value):
        return value
    if all(c.isascii() or "\udc80" <= c <= "\udcff" for c in value):
        return decode_bytes(value.encode("utf-8", errors="surrogateescape"), charset)
    return _ESCAPED_BYTES.sub(
        lambda run: decode_bytes(run.group().encode("utf-8", errors="surrogateescape"), charset),
        value,
    )


def unflow(text: str, *, delsp: bool = False) -> str:
    """Join the soft line breaks of a ``format=flowed`` text (RFC 3676) back into paragraphs.

    A line ending in a space continues on the next line of the same quote depth; a leading
    space added for transport ("space-stuffing") is removed; the signature delimiter "-- "
    stays a line of its own. With ``delsp`` the space before a soft break is not content.
    """
    paragraphs: list[tuple[int, str]] = []
    open_line: tuple[int, str] | None = None
    for line in text.split("\n"):
        line = line.rstrip("\r")
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        content = content[1:] if content.startswith(" ") else content
        flowed = content.endswith(" ") and content != "-- "
        if flowed and delsp:
            content = content[:-1]
        if open_line is not None and open_line[0] == depth:
            open_line = (depth, open_line[1] + content)
        else:
            if open_line is not None:
                paragraphs.append(open_line)
            open_line = (depth, content)
        if not flowed:
            paragraphs.append(open_line)
            open_line = None
    if open_line is not None:
        paragraphs.append(open_line)
    return "\n".join(
        ">" * depth + (" " if depth else "") + content for depth, content in paragraphs
    )
