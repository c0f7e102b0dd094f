"""Tell spam apart: the receiving server's verdict, a filter we ask, and DMARC.

Three kinds of evidence, each only where the install says it is sound (``config/settings.py``):
the spam headers the receiving server wrote (``EMAIL_TRUST_SPAM_HEADERS``), a filter the
administrator runs and Mostrador asks itself (``EMAIL_SPAM_SCANNER``: rspamd over HTTP, or
SpamAssassin's spamd over SPAMC), and a DMARC failure in a trusted server's
Authentication-Results (``authresults``). Each gives a ``Finding``; the most severe decides.
Spam goes to the Spam folder (quarantined, no case, nothing sent); suspicious mail is processed
but never answered automatically, since its sender may not be who it says.

With nothing configured, ``judge`` reads three settings and returns: no query, no header read.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from mostrador.channels.email import authresults
from mostrador.channels.email.choices import SpamVerdict
from mostrador.channels.email.parsing import ParsedEmail

logger = logging.getLogger(__name__)

# Verdicts, from the mildest; "unscanned" and "released" say why there is none.
HAM, SUSPICIOUS, SPAM = SpamVerdict.HAM, SpamVerdict.SUSPICIOUS, SpamVerdict.SPAM
UNSCANNED, RELEASED = SpamVerdict.UNSCANNED, SpamVerdict.RELEASED
_SEVERITY: dict[str, int] = {HAM: 0, SUSPICIOUS: 1, SPAM: 2}
# rspamd's actions (also in its X-Rspamd-Action header). Like rspamd's own X-Spam header, every
# action but "no action" and "greylist" is spam, except "soft reject": a temporary refusal
# (a rate limit, a check that timed out), no judgement on the content.
_ACTIONS = {
    "no action": HAM,
    "greylist": SUSPICIOUS,
    "soft reject": SUSPICIOUS,
    "add header": SPAM,
    "rewrite subject": SPAM,
    "reject": SPAM,
}
_YES = frozenset({"yes", "true"})
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
_DETAIL_LIMIT = 500
# Far more than a filter's answer ever holds; a server that sends more is not a filter.
_ANSWER_LIMIT = 1024 * 1024

Reason = dict[str, str]


@dataclass(frozen=True)
class Verdict:
    """What the spam checks made of a message: spam (the Spam folder), suspicious (processed
    without an automatic answer), the highest score a filter gave, and every reason, as
    ``InboundEmail.reasons`` keeps them ({"verdict", "signal", "detail"})."""

    spam: bool = False
    suspicious: bool = False
    score: float | None = None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def answer(self) -> bool:
        """Whether a receipt may be sent: never to a sender who may be forged or a spammer."""
        return not (self.spam or self.suspicious)

    def summary(self) -> str:
        """The reasons that made it spam, on one line each, for the quarantine's detail."""
        lines = [f"{r['signal']}: {r['detail']}" for r in self.reasons if r["verdict"] == SPAM]
        return "\n".join(lines)


@dataclass(frozen=True)
class Finding:
    """One piece of evidence: its verdict (``HAM``... or ``UNSCANNED``), the header or filter
    it comes from, what that said, and its score where it gave one."""

    verdict: str
    signal: str
    detail: str
    score: float | None = None


class ScannerError(Exception):
    """The filter could not be asked, or gave an answer we cannot read."""


def judge(
    parsed: ParsedEmail, *, raw: bytes | memoryview, envelope_from: str = "", released: bool = False
) -> Verdict:
    """Weigh the evidence about ``parsed`` (``raw`` as received) that the settings allow.

    A message an administrator released from the Spam folder is not judged for spam again;
    a DMARC failure still withholds its receipt. Scanning is network I/O, bounded by
    ``EMAIL_SPAM_SCANNER_TIMEOUT``; a scanner that fails is logged, never raised.
    """
    findings: list[Finding] = []
    if released:
        findings.append(Finding(RELEASED, "administrator", ""))
    else:
        if settings.EMAIL_TRUST_SPAM_HEADERS:
            findings += read_headers(parsed.legacy)
        if settings.EMAIL_SPAM_SCANNER:
            findings.append(scan(raw, envelope_from=envelope_from))
    if failure := authresults.dmarc_failure(parsed):
        findings.append(Finding(SUSPICIOUS, "dmarc", failure))
    return decide(findings) if findings else Verdict()


def decide(findings: list[Finding]) -> Verdict:
    """Grade each finding by its own verdict or its score against the thresholds, whichever is
    more severe, and the message by its most severe finding."""
    reasons: list[Reason] = []
    worst: str = HAM
    for finding in findings:
        verdict = finding.verdict
        detail = finding.detail
        by_score = _by_score(finding.score)
        if verdict in _SEVERITY and _SEVERITY[by_score[0]] > _SEVERITY[verdict]:
            verdict, detail = by_score[0], f"{detail} ({by_score[1]})".strip()
        if _SEVERITY.get(verdict, 0) > _SEVERITY[worst]:
            worst = verdict
        reasons.append({"verdict": verdict, "signal": finding.signal, "detail": detail})
    scores = [f.score for f in findings if f.score is not None]
    return Verdict(
        spam=worst == SPAM,
        suspicious=worst == SUSPICIOUS,
        score=max(scores) if scores else None,
        reasons=reasons,
    )


def _by_score(score: float | None) -> tuple[str, str]:
    """The verdict the thresholds give ``score``, and the threshold that gave it."""
    if score is None:
        return HAM, ""
    spam, suspicious = settings.EMAIL_SPAM_SCORE, settings.EMAIL_SUSPICIOUS_SCORE
    if spam is not None and score >= spam:
        return SPAM, f"score {score:g} >= EMAIL_SPAM_SCORE {spam:g}"
    if suspicious is not None and score >= suspicious:
        return SUSPICIOUS, f"score {score:g} >= EMAIL_SUSPICIOUS_SCORE {suspicious:g}"
    return HAM, ""


# ---------------------------------------------------------------- the receiving server's headers


def read_headers(message: Message) -> list[Finding]:
    """Every spam verdict in ``message``'s headers, as SpamAssassin and rspamd write them.

    Only called when the install trusts them: each occurrence counts, so a sender who wrote
    one can add evidence against their own message but take none away.
    """
    findings = []
    for name, value in message.raw_items():
        reader = _HEADER_READERS.get(name.lower())
        text = " ".join(str(value).split())
        if reader is not None and (finding := reader(text)) is not None:
            findings.append(finding)
    return findings


def _spam_flag(text: str) -> Finding | None:
    # SpamAssassin (and Amavis) write it only on spam; rspamd's milter writes X-Spam: Yes.
    return Finding(SPAM, "X-Spam-Flag", text) if text.lower() in _YES else None


def _rspamd_flag(text: str) -> Finding | None:
    return Finding(SPAM, "X-Spam", text) if text.lower() in _YES else None


def _spam_status(text: str) -> Finding | None:
    """SpamAssassin's "Yes, score=7.1 required=5.0 tests=..." (rspamd writes "Yes, score=7.10")."""
    found = re.match(r"(yes|no)\b[,\s]*(.*)", text, re.IGNORECASE)
    if found is None:
        return None
    score = re.search(rf"\bscore=({_NUMBER})", text)
    verdict = SPAM if found[1].lower() == "yes" else HAM
    return Finding(verdict, "X-Spam-Status", found[2][:_DETAIL_LIMIT], _number(score))


def _spamd_result(text: str) -> Finding | None:
    """rspamd's "default: False [3.40 / 15.00]; SYMBOL(1.00)[...]; ...": True means reject."""
    found = re.match(rf"\w+:\s*(true|false)\s*\[\s*({_NUMBER})\s*/\s*({_NUMBER})\s*\]", text, re.I)
    if found is None:
        return None
    symbols = re.findall(r";\s*([A-Z0-9_]+)\(", text)
    detail = f"score={found[2]} required={found[3]} symbols={','.join(symbols)}"
    verdict = SPAM if found[1].lower() == "true" else HAM
    return Finding(verdict, "X-Spamd-Result", detail[:_DETAIL_LIMIT], float(found[2]))


def _rspamd_action(text: str) -> Finding | None:
    verdict = _ACTIONS.get(text.lower())
    return Finding(verdict, "X-Rspamd-Action", text) if verdict else None


def _score_only(name: str) -> Callable[[str], Finding | None]:
    def read(text: str) -> Finding | None:
        score = re.fullmatch(_NUMBER, text)
        return Finding(HAM, name, f"score={text}", float(text)) if score else None

    return read


def _number(found: re.Match[str] | None) -> float | None:
    return float(found[1]) if found else None


_HEADER_READERS = {
    "x-spam-flag": _spam_flag,
    "x-spam": _rspamd_flag,
    "x-spam-status": _spam_status,
    "x-spamd-result": _spamd_result,
    "x-rspamd-action": _rspamd_action,
    "x-rspamd-score": _score_only("X-Rspamd-Score"),
    "x-spam-score": _score_only("X-Spam-Score"),
}


# ---------------------------------------------------------------- a filter we ask


def scan(raw: bytes | memoryview, *, envelope_from: str = "") -> Finding:
    """Ask the configured filter about ``raw``; when it cannot answer, say so (``UNSCANNED``,
    signal ``scanner_unavailable``) and log a warning: the message is processed regardless,
    since losing a customer's mail is worse than letting one spam through."""
    scanner, address = settings.EMAIL_SPAM_SCANNER, settings.EMAIL_SPAM_SCANNER_URL
    timeout = settings.EMAIL_SPAM_SCANNER_TIMEOUT
    try:
        if scanner == "rspamd":
            return ask_rspamd(raw, url=address, timeout=timeout, envelope_from=envelope_from)
        return ask_spamd(raw, address=address, timeout=timeout)
    except (ScannerError, OSError, http.client.HTTPException, ValueError) as error:
        logger.warning("spam scanner %s at %s unavailable: %s", scanner, address, error)
        detail = f"{scanner} at {address}: {error}"[:_DETAIL_LIMIT]
        return Finding(UNSCANNED, "scanner_unavailable", detail)


def ask_rspamd(
    raw: bytes | memoryview, *, url: str, timeout: float, envelope_from: str = ""
) -> Finding:
    """POST the message to rspamd's ``/checkv2`` (a normal worker or its proxy) and read its
    action and score. Raises ``ScannerError``, ``OSError`` or ``ValueError``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ScannerError(f"not an http(s) URL: {url}")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname, parts.port, timeout=timeout)
    headers = {"Content-Type": "message/rfc822"}
    if envelope_from.strip("<> "):
        headers["From"] = envelope_from.strip("<> ")
    try:
        connection.request("POST", f"{parts.path.rstrip('/')}/checkv2", body=raw, headers=headers)
        response = connection.getresponse()
        body = response.read(_ANSWER_LIMIT)
    finally:
        connection.close()
    if response.status != 200:
        raise ScannerError(f"HTTP {response.status}: {body[:200]!r}")
    return _rspamd_finding(json.loads(body))


def _rspamd_finding(answer: dict[str, Any]) -> Finding:
    action = str(answer.get("action", "")).lower()
    if action not in _ACTIONS:
        raise ScannerError(f"unknown rspamd action {action!r}")
    score = float(answer["score"])
    symbols = sorted(
        (answer.get("symbols") or {}).values(),
        key=lambda symbol: (-abs(float(symbol.get("score", 0))), str(symbol.get("name"))),
    )
    names = ",".join(str(symbol.get("name", "")) for symbol in symbols)
    required = answer.get("required_score")
    detail = f"action={action} score={score:g} required={required} symbols={names}"
    return Finding(_ACTIONS[action], "rspamd", detail[:_DETAIL_LIMIT], score)


def ask_spamd(raw: bytes | memoryview, *, address: str, timeout: float) -> Finding:
    """Ask spamd with SPAMC/1.5's SYMBOLS command and read its "Spam: True ; 7.1 / 5.0" answer.
    ``address`` is host:port or a Unix socket's path. Raises ``ScannerError`` or ``OSError``."""
    request = b"SYMBOLS SPAMC/1.5\r\nContent-length: %d\r\n\r\n" % len(raw)
    with _spamd_socket(address, timeout) as sock:
        sock.sendall(request)
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        answer = _read_answer(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0].split(None, 2)
    if len(status) < 2 or not status[0].startswith("SPAMD/") or status[1] != "0":
        raise ScannerError(f"spamd answered {lines[0][:200]!r}")
    spam = next((line for line in lines[1:] if line.lower().startswith("spam:")), "")
    found = re.match(rf"spam:\s*(\w+)\s*;\s*({_NUMBER})\s*/\s*({_NUMBER})", spam, re.IGNORECASE)
    if found is None:
        raise ScannerError(f"spamd gave no verdict: {head[:200]!r}")
    tests = body.decode("latin-1").strip()
    detail = f"score={found[2]} required={found[3]} tests={tests}"
    verdict = SPAM if found[1].lower() in _YES else HAM
    return Finding(verdict, "spamd", detail[:_DETAIL_LIMIT], float(found[2]))


def _spamd_socket(address: str, timeout: float) -> socket.socket:
    if address.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(address)
        except OSError:
            sock.close()
            raise
        return sock
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ScannerError(f"not host:port: {address}")
    return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)


def _read_answer(sock: socket.socket) -> bytes:
    chunks, size = [], 0
    while chunk := sock.recv(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > _ANSWER_LIMIT:
            raise ScannerError("spamd's answer is too long")
    return b"".join(chunks)
