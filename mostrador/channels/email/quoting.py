"""Find where an incoming email's quoted history and signature begin, to fold them for display.

The full text is always kept: the page shows what the customer newly wrote and puts the rest
behind a "show quoted text" toggle. Only a trailing block folds, so the answers of an inline reply
stay visible between the quotes, and a forwarded message never folds, because the customer sent
it for us to read. Nothing is folded when nothing would be left to show.

The text is read line by line, once, with anchored regexes that have no nested quantifiers, so the
time grows linearly with its length, whatever its shape.
"""

from __future__ import annotations

import re

__all__ = ["fold_offset", "split"]

# What a line can be, besides plain text and a blank line.
HISTORY = "history"  # the start of unquoted history: everything from here to the end folds
FORWARD = "forward"  # the start of a forwarded message: nothing from here on folds
SIGNATURE = "signature"  # the signature delimiter: the lines after it fold
FOOTER = "footer"  # a mobile client's "Sent from my iPhone"
INTRO = "intro"  # the attribution line introducing a ">"-quoted block
QUOTE = "quote"  # a ">"-quoted line
_FOLDING = (QUOTE, FOOTER, INTRO)

_HEADERS = {
    "from": "from|de",
    "date": "sent|date|enviado(?: el)?|enviat(?: el)?|fecha|data",
    "subject": "subject|asunto|assumpte|tema",
    "other": "to|para|per a|a|cc|cco|bcc|reply-to|responder a",
}


def _header(names: str) -> str:
    """Return the pattern of an Outlook header, bold ("*From:*", "**De:**") if converted from HTML."""
    return rf"\*{{0,2}}(?:{names})\*{{0,2}}\s*:"


_MARKERS = {
    # Gmail, Thunderbird and Apple Mail introduce a forwarded message with one of these lines.
    FORWARD: r"-{2,30}\s*(?:forwarded message|mensaje reenviado|missatge reenviat)\s*-*\Z"
    r"|(?:begin forwarded message|inicio del mensaje reenviado|inici del missatge reenviat)\s*:\Z",
    # Outlook and Android's mail apps put this above the header block of the message replied to.
    "original": r"-{2,30}\s*(?:original message|mensaje original|missatge original)\s*-*\Z",
    # Outlook on the web and on phones draws a rule of underscores above the header block instead.
    "rule": r"_{10,100}\Z",
    # Outlook's header block begins with "From:" or "De:"; the lines after it tell whether it is one.
    "header": _header(_HEADERS["from"]),
    # RFC 3676's "-- ", and the "--" left when a client or an HTML conversion trims the space.
    SIGNATURE: r"--\Z",
    # A short line without a sentence's punctuation, so "Sent from Madrid, it never came." stays;
    # or a longer one that names the device or mail app, as K-9's "Sent from my Android device
    # with K-9 Mail. Please excuse my brevity." does.
    FOOTER: r"(?:sent (?:from|with)|enviado (?:desde|con)|enviat (?:des del?|amb)"
    r"|(?:get|obtener|obtén|obteniu|descarga|baixa) \[?(?:l')?outlook)\b[^,;!?]{0,50}\Z"
    r"|(?:sent (?:from|with)|enviado (?:desde|con)|enviat (?:des del?|amb)) [^\n]{0,40}?"
    r"\b(?:k-9 mail|android|iphone|ipad|galaxy|samsung|blackberry|outlook|gmail)\b[^\n]{0,90}\Z",
    # "On <date>, <name> wrote:" and "El <date>, <name> escribió:" begin so, the date's digit early.
    "attribution": r"(?:on|el)\s\D{0,40}+\d",
}
_MARKER = re.compile(
    "|".join(f"(?P<{name}>{pattern})" for name, pattern in _MARKERS.items()), re.IGNORECASE
)
_HEADER = re.compile(
    "|".join(f"(?P<{kind}>{_header(names)})" for kind, names in _HEADERS.items()), re.IGNORECASE
)
_WROTE = re.compile(
    r"(?:\bwrote|escribi[oó]|va escriure|ha escrit|escrigu[eé])\s*:\Z", re.IGNORECASE
)
# An address or a numeric date: what a client's attribution has and a customer's sentence lacks.
_STAMP = re.compile(r"@|\d/\d")

_MAX_ATTRIBUTION = 300  # characters; clients wrap theirs over two lines at most
_BLOCK_LINES = 10  # an Outlook header block, with a long "To:" wrapped over a few lines


def fold_offset(text: str) -> int:
    """Return the offset where the trailing quoted history and signature begin.

    Return ``len(text)`` when there is nothing to fold, or when folding would leave nothing.
    """
    lines = text.splitlines(keepends=True)
    offset = sum(map(len, lines[: _run_start(lines)]))
    return offset if text[:offset].strip() else len(text)


def split(text: str) -> tuple[str, str]:
    """Return the new part of ``text`` (trailing whitespace stripped) and the folded part."""
    offset = fold_offset(text)
    return text[:offset].rstrip(), text[offset:]


def _run_start(lines: list[str]) -> int:
    """Return the index of the line starting the last foldable run, ``len(lines)`` if none.

    Lines are read top to bottom: a signature delimiter makes the lines after it fold, history
    folds everything to the end, and a forwarded message folds nothing to the end. Blank lines
    neither start nor break a run.
    """
    start: int | None = None
    in_signature = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        kind = QUOTE if stripped[0] == ">" else _kind(lines, i, stripped)
        if kind == FORWARD:
            return len(lines)
        if kind == HISTORY:
            return i if start is None else start
        in_signature = in_signature or kind == SIGNATURE
        if not (in_signature or kind in _FOLDING):
            start = None
        elif start is None:
            start = i
    return len(lines) if start is None else start


def _kind(lines: list[str], i: int, stripped: str) -> str | None:
    """Say what the unquoted line ``i`` (``stripped`` of its whitespace) is, None for plain text."""
    match = _MARKER.match(stripped)
    if match is None and stripped[-1] != ":":
        return None  # most lines: checked with one regex, as a long text has thousands of them
    name = match.lastgroup if match else None
    if name in (FORWARD, SIGNATURE, FOOTER):
        return name
    if name == "original":
        return HISTORY
    if name == "rule":
        return _block_kind(lines, _next_content(lines, i + 1))
    if name == "header":
        return _block_kind(lines, i)
    return _attribution_kind(lines, i, stripped, strong=name == "attribution")


def _block_kind(lines: list[str], i: int) -> str | None:
    """Return HISTORY if line ``i`` starts an Outlook header block: From, then when it was sent.

    The date tells the block from a customer's own "De: Marta / Para: Joan / Asunto: regalo".
    """
    kinds: list[str | None] = []
    for line in lines[i : i + _BLOCK_LINES]:
        stripped = line.strip()
        match = _HEADER.match(stripped)
        if match and (match.lastgroup != "from" or not kinds):
            kinds.append(match.lastgroup)
        elif match or len(kinds) < 2 or not stripped:
            # A second From is another block; a long To: or Cc: may wrap only after two headers.
            break
    return HISTORY if kinds[:1] == ["from"] and "date" in kinds else None


def _attribution_kind(lines: list[str], i: int, stripped: str, *, strong: bool) -> str | None:
    """Classify a line that may be a client's attribution, wrapped or not, or None.

    ``strong`` says it begins as one ("On", "El"). Any line ending in "wrote:" introduces a quote
    that follows it; only a strong one, with an address or a date, starts history with no quote.
    """
    span = _attribution_span(lines, i, stripped, strong=strong)
    if not span:
        return None
    stamped = _STAMP.search(" ".join(lines[i : i + span])) is not None
    quoted = _quote_follows(lines, i + span)
    if quoted and (span == 1 or stamped):
        return INTRO
    return HISTORY if strong and stamped and not quoted else None


def _attribution_span(lines: list[str], i: int, stripped: str, *, strong: bool) -> int:
    """Return over how many lines (1 or 2) an attribution at line ``i`` runs, 0 if it is none."""
    if len(stripped) > _MAX_ATTRIBUTION:
        return 0
    if _ends_with_wrote(stripped):
        return 1
    if strong and i + 1 < len(lines) and _ends_with_wrote(lines[i + 1].strip()):
        return 2
    return 0


def _ends_with_wrote(stripped: str) -> bool:
    """Say whether a line ends as an attribution does ("wrote:", "escribió:", "va escriure:")."""
    # Only the end of the line is searched, so a long line costs no more than a short one.
    return (
        stripped.endswith(":") and _WROTE.search(stripped, max(0, len(stripped) - 24)) is not None
    )


def _quote_follows(lines: list[str], i: int) -> bool:
    """Say whether the first non-blank line from ``i`` on is ">"-quoted."""
    j = _next_content(lines, i)
    return j < len(lines) and lines[j].lstrip().startswith(">")


def _next_content(lines: list[str], i: int) -> int:
    """Return the index of the first non-blank line from ``i`` on, ``len(lines)`` if there is none."""
    while i < len(lines) and lines[i].isspace():
        i += 1
    return i
