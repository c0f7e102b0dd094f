"""Tell the mail a person wrote from bounces, auto-replies and other automated mail.

The kind decides what the channel does with a message: a bounce marks a delivery as failed, an
auto-reply is filed and never answered nor turned into a case, automated mail may open a case but
is never answered automatically, and only personal mail gets the whole treatment.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.message import Message
from enum import StrEnum

from mostrador.channels.email.bounces import from_mail_system, header_text, read_bounce

_log = logging.getLogger(__name__)


class NoiseKind(StrEnum):
    """Name who or what wrote a message, as far as the channel cares."""

    BOUNCE = "bounce"
    AUTO_REPLY = "auto-reply"
    AUTOMATED = "automated"
    PERSONAL = "personal"


@dataclass(frozen=True)
class Noise:
    """Hold a message's kind and ``reason``, the short and stable code of the signal that
    decided it; ``detail`` adds what else it rests on (for a bounce, the evidence that a mail
    system wrote it). Two verdicts on the same signal are equal whatever their detail."""

    kind: NoiseKind
    reason: str
    detail: str = field(default="", compare=False)


# Headers whose mere presence (unless they say no) marks an autoresponder's reply.
_AUTOREPLY_HEADERS = (
    "X-Autoreply",
    "X-Autorespond",
    "X-AutoReply-From",
    "X-Mail-Autoreply",
    "X-Autoreply-Type",
)
_NEGATIVE = frozenset({"no", "false", "0", "off"})
_BULK = frozenset({"bulk", "junk", "list"})
# X-Auto-Response-Suppress is left out on purpose: Outlook and Exchange also put it on ordinary
# messages a person sends (meeting requests among them), so it cannot tell alone; Exchange's own
# automatic replies carry Auto-Submitted and a localised subject besides.

# Phrases that only an autoresponder puts first in a subject, in their native spelling: they
# count before any punctuation or the end of the subject.
_REPLY_PHRASES = (
    *("automatic reply", "automatic response", "auto reply", "auto-reply", "autoreply"),
    *("auto response", "auto-response", "autoresponse", "autoresponder", "auto-responder"),
    *("out of office autoreply", "out of office auto-reply", "out of office reply"),
    *("respuesta automática", "resposta automàtica", "resposta automática", "réponse automatique"),
    *("risposta automatica", "automatische antwort", "abwesenheitsnotiz", "automatisch antwoord"),
    *("erantzun automatikoa", "automatiskt svar", "automatisk svar", "automatisk besked"),
    *("automaattinen vastaus", "sjálfvirkt svar", "automaatvastus", "automaatne vastus"),
    *("automātiskā atbilde", "ārpus biroja atrašanās automātiskā atbilde"),
    *("automatinis atsakymas", "odpowiedź automatyczna", "automatyczna odpowiedź"),
    *("automatická odpověď", "automatická odpoveď", "automatikus válasz", "răspuns automat"),
    *("samodejni odgovor", "automatski odgovor", "αυτόματη απάντηση", "автоматичен отговор"),
    *("автоматический ответ", "автоматична відповідь", "otomatik yanıt", "otomatik cevap"),
)
# Words a person may well start a subject with ("Vacation rental...", "Absent items"): they count
# only as a prefix, followed by a colon, a closing bracket or the quoted reply subject.
_ABSENCE_WORDS = (
    *("auto", "out of office", "out of the office", "absent", "absence", "away"),
    *("on vacation", "vacation", "on leave", "ooo"),
    *("fuera de la oficina", "fuera de oficina", "ausente", "ausencia", "vacaciones"),
    *("de vacaciones", "fora de l'oficina", "fora del despatx", "absència"),
    *("vacances", "de vacances", "absence du bureau", "absent du bureau", "hors du bureau"),
    *("abwesend", "nicht im büro", "außer haus", "im urlaub", "fuori sede", "fuori ufficio"),
    *("assente", "in ferie", "fora do escritório", "ausente do escritório", "ausência"),
    *("de férias", "niet op kantoor", "afwezig", "met vakantie", "frånvarande", "frånvaro"),
    *("inte på kontoret", "fraværende", "ikke på kontoret", "poissa", "poissa toimistolta"),
    *("lomalla", "kontorist väljas", "puhkusel", "ārpus biroja", "atvaļinājums", "atvaļinājumā"),
    *("ne biure", "atostogose", "poza biurem", "nieobecność", "mimo kancelář", "mimo kancelárie"),
    *("házon kívül", "în afara biroului", "odsoten", "izvan ureda", "εκτός γραφείου"),
    *("извън офиса", "вне офиса", "нет на месте", "в отпуске", "ofis dışında"),
)
_REPLY_PREFIX = r"(?:re|aw|sv|vs|antw|odp|rv|r|wg|fwd?|tr)\s*:"
_APOSTROPHES = str.maketrans("’‘ʼ`´", "'''''")


def classify(
    message: Message, *, envelope_from: str = "", envelope_to: Sequence[str] = ()
) -> Noise:
    """Return what kind of sender wrote ``message`` and the signal that shows it.

    ``envelope_from`` and ``envelope_to`` are the SMTP envelope, when the receiver knows it
    ("<>" is a null sender, "" an unknown one): a bounce is only a bounce on evidence that a
    mail system wrote it, and the envelope is some of that evidence (``bounces``).
    """
    try:
        bounce = read_bounce(message, envelope_from=envelope_from, envelope_to=envelope_to)
        if bounce is not None:
            return Noise(NoiseKind.BOUNCE, bounce.signal or "bounce", bounce.detail)
        for kind, signals in _SIGNALS:
            for signal in signals:
                if reason := signal(message):
                    return Noise(kind, reason)
        if envelope_from.strip() == "<>":
            return Noise(NoiseKind.AUTOMATED, "null-sender", "envelope")
        return Noise(NoiseKind.PERSONAL, "no-signal")
    except Exception:
        # Unreadable is not personal: a case may open, but nothing answers it automatically.
        _log.warning("unclassifiable message", exc_info=True)
        return Noise(NoiseKind.AUTOMATED, "unreadable")


def _fold(text: str) -> str:
    """Return ``text`` lower-cased, without accents and with single spaces, for comparisons."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def _markers(phrases: Iterable[str], delimiter: str) -> re.Pattern[str]:
    folded = sorted({_fold(phrase) for phrase in phrases}, key=len, reverse=True)
    # Only at the very start (after an opening bracket at most). A reply prefix before the
    # marker ("Re: Automatic reply: ...") means a person answered or forwarded an auto-reply:
    # autoresponders prepend their marker to the subject they answer, they never put one after.
    return re.compile(rf"^[\[(]?\s*(?:{'|'.join(map(re.escape, folded))}){delimiter}")


_REPLY_SUBJECT = _markers(_REPLY_PHRASES, rf"\s*(?:$|[:\-–—|()\[\],.!]|{_REPLY_PREFIX})")
_ABSENCE_SUBJECT = _markers(_ABSENCE_WORDS, rf"\s*(?::|[)\]]|{_REPLY_PREFIX})")


def _keyword(message: Message, name: str) -> str:
    # "auto-replied (vacation)", "auto-generated; type=x", "Bulk": the first token, lower-case.
    value = re.split(r"[\s(;]", header_text(message, name).lower(), maxsplit=1)[0]
    return value if re.fullmatch(r"[a-z0-9_-]{1,30}", value) else ("other" if value else "")


def _auto_submitted_reply(message: Message) -> str:
    keyword = _keyword(message, "auto-submitted")
    return "auto-submitted:auto-replied" if keyword == "auto-replied" else ""


def _autoreply_header(message: Message) -> str:
    for name in _AUTOREPLY_HEADERS:
        value = header_text(message, name)
        if message.get(name) is not None and value.lower() not in _NEGATIVE:
            return name.lower()
    return ""


def _autogenerated_reply(message: Message) -> str:
    return "x-autogenerated:reply" if _keyword(message, "x-autogenerated") == "reply" else ""


def _precedence_reply(message: Message) -> str:
    for name in ("precedence", "x-precedence"):
        if _keyword(message, name).replace("-", "_") == "auto_reply":
            return f"{name}:auto_reply"
    return ""


def _read_receipt(message: Message) -> str:
    # An RFC 8098 disposition notification answers our message by itself, like an auto-reply.
    report_type = str(message.get_param("report-type", "") or "").lower()
    is_report = message.get_content_type() == "multipart/report"
    return "mdn" if is_report and report_type == "disposition-notification" else ""


def _subject_marker(message: Message) -> str:
    subject = _fold(header_text(message, "subject"))
    matched = _REPLY_SUBJECT.match(subject) or _ABSENCE_SUBJECT.match(subject)
    return "subject:auto-reply" if matched else ""


def _auto_submitted(message: Message) -> str:
    keyword = _keyword(message, "auto-submitted")
    return f"auto-submitted:{keyword}" if keyword and keyword != "no" else ""


def _autogenerated(message: Message) -> str:
    return "x-autogenerated" if _keyword(message, "x-autogenerated") else ""


def _precedence(message: Message) -> str:
    for name in ("precedence", "x-precedence"):
        if (keyword := _keyword(message, name)) in _BULK:
            return f"{name}:{keyword}"
    return ""


def _mailing_list(message: Message) -> str:
    for name in ("list-id", "list-unsubscribe"):
        if header_text(message, name):
            return name
    return ""


def _mail_system(message: Message) -> str:
    return "mailer-daemon" if from_mail_system(message) else ""


def _null_sender(message: Message) -> str:
    # Only machines send with an empty envelope sender (RFC 5321 4.5.5, RFC 3834 3.3).
    return "null-sender" if header_text(message, "return-path").replace(" ", "") == "<>" else ""


# Auto-reply signals come first: Exchange marks its out-of-office replies auto-generated and
# gateways relay them with Precedence: bulk, yet they must never open a case.
_SIGNALS: tuple[tuple[NoiseKind, tuple[Callable[[Message], str], ...]], ...] = (
    (
        NoiseKind.AUTO_REPLY,
        (
            _auto_submitted_reply,
            _autoreply_header,
            _autogenerated_reply,
            _precedence_reply,
            _read_receipt,
            _subject_marker,
        ),
    ),
    (
        NoiseKind.AUTOMATED,
        (
            _auto_submitted,
            _autogenerated,
            _precedence,
            _mailing_list,
            _mail_system,
            _null_sender,
        ),
    ),
)
