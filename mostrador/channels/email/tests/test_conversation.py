"""Email conversations thread onto their case, end to end, against real mail servers.

A customer writes in; Mostrador polls Dovecot over IMAP; an agent answers through a real SMTP
server; the customer's mail client answers the very bytes that server received, written as
that client writes a reply (its threading headers, subject conventions, encodings and quoted
history); Dovecot delivers it over LMTP; and so on. A copy of every message, the customer's
and ours, goes to a second Dovecot user, whose ``THREAD REFERENCES`` is a second opinion,
independent of Mostrador's, on what belongs to one conversation.
"""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import email.utils
import html
import quopri
import re
import textwrap
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.header import Header

import pytest

from mostrador.cases import relations
from mostrador.cases import services as case_services
from mostrador.cases.choices import MessageKind
from mostrador.cases.models import Case
from mostrador.channels.email import imap
from mostrador.channels.email.choices import (
    OutboundStatus,
    Outcome,
)
from mostrador.channels.email.models import InboundEmail, OutboundEmail
from mostrador.channels.email.tests.factories import write_email
from mostrador.channels.email.threads import reference_in
from mostrador.customers import services as customer_services
from mostrador.customers.choices import ContactKind

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

CUSTOMER = ("Núria Puig", "nuria@example.cat")
INBOX = "sac@example.com"  # the Dovecot user Mostrador polls
ARCHIVE = "archive@example.com"  # a second user who gets a copy of every message
CET = dt.timezone(dt.timedelta(hours=1), "CET")
START = dt.datetime(2026, 12, 5, 10, 3, tzinfo=CET)


def when(hours: int) -> dt.datetime:
    """A moment of the conversation, ``hours`` after it began."""
    return START + dt.timedelta(hours=hours)


SUBJECT = "La rentadora no centrifuga: és dins de la garantia?"
FIRST_TEXT = (
    "Bon dia,\n\nVaig comprar la rentadora Aigua 8 fa set mesos i des de dimarts no centrifuga: "
    "acaba el programa amb la roba xopa i fa un soroll de cops.\n\n"
    "És dins de la garantia? Quan podria venir un tècnic?\n\nGràcies,\nNúria Puig"
)
CUSTOMER_TEXTS = {
    "ca": (
        "Bon dia,\n\nDemà al matí estic a casa tot el dia, si el tècnic pot venir.\n\nNúria",
        "Hola,\n\nEl número de sèrie, darrere la porta, és AG8-2291-0457.\n\nGràcies,\nNúria",
        "Bona tarda,\n\nAvui ha tornat a parar a mig programa. L'aigua no ha marxat fins que "
        "he obert el filtre de sota, i ha quedat tot el terra de la galeria moll.\n\nNúria",
        "Hola,\n\nEl tècnic no s'ha presentat. Em vau dir dijous entre les 9 i les 13 h i he "
        "esperat fins a les 14 h.\n\nNúria",
        "D'acord, moltes gràcies. Quedo a l'espera.\n\nNúria",
        "Bon dia,\n\nEncara no sé res de la peça. Em podeu dir si ja ha arribat?\n\nNúria",
    ),
    "es": (
        "Buenos días:\n\nLes escribo desde el trabajo. El martes por la tarde también me va bien "
        "para la visita.\n\nUn saludo,\nNúria Puig",
        "Hola:\n\n¿Me pueden confirmar que la reparación la cubre la garantía? La factura es "
        "del 12 de mayo.\n\nSaludos,\nNúria",
        "Buenas tardes:\n\nEl técnico dice que hay que cambiar la bomba de desagüe y que "
        "ustedes me llamarían.\n\nNúria",
        "Hola:\n\nNadie me ha llamado todavía. ¿Hay alguna fecha prevista?\n\nGracias,\nNúria",
        "Perfecto, el jueves a las 10 h estaré en casa.\n\nNúria",
    ),
    "en": (
        "Hi,\n\nWriting in English so that my partner, who is at home this week, can follow "
        "the thread. He can let the technician in.\n\nThanks,\nNúria",
        "Hello,\n\nThe machine now shows error E21 when it tries to drain.\n\nBest,\nNúria",
        "Hi,\n\nCould you send the repair report by email? I need it for the insurance.\n\n"
        "Regards,\nNúria",
        "Thanks, that works for us.\n\nNúria",
    ),
}
AGENT_TEXTS = (
    "Hola, Núria:\n\nLa rentadora és dins de la garantia. Us truquem per concertar la visita.",
    "Hola, Núria:\n\nHem demanat la visita del tècnic per dijous, entre les 9 i les 13 h.",
    "Hola, Núria:\n\nGràcies per les dades. Ho passem al servei tècnic.",
    "Hola, Núria:\n\nDisculpeu el retard. La peça arriba al magatzem aquesta setmana.",
    "Hola, Núria:\n\nUs enviem l'informe de la reparació tan bon punt el tinguem.",
)


# What a mail client reads from the message it answers -------------------------------------


@dataclass(frozen=True)
class Mail:
    """The message a client replies to, as the client reads it."""

    message_id: str
    references: tuple[str, ...]
    subject: str
    name: str
    address: str
    to: str
    date: dt.datetime
    text: str
    topic: str  # Outlook's Thread-Topic: the one the message names, else its bare subject


def read(raw: bytes) -> Mail:
    """What a mail client reads from the bytes it received."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    name, sender = email.utils.parseaddr(str(message["From"]))
    body = message.get_body(("plain", "html"))
    assert body is not None
    text = body.get_content()
    if body.get_content_type() == "text/html":  # what an HTML-only message reads as
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    return Mail(
        message_id=str(message["Message-ID"]).strip().strip("<>"),
        references=tuple(re.findall(r"<([^<>\s]+)>", str(message["References"] or ""))),
        subject=str(message["Subject"]),
        name=name,
        address=sender,
        to=str(message["To"]),
        date=email.utils.parsedate_to_datetime(str(message["Date"])).astimezone(CET),
        text=text.replace("\r\n", "\n").strip(),
        topic=str(message["Thread-Topic"] or topic(str(message["Subject"]))),
    )


# Writing a message as clients do: headers, MIME parts, encodings -----------------------------


def encoded_header(value: str, charset: str = "utf-8") -> str:
    """ASCII as is, anything else RFC 2047-encoded, as every client does."""
    return value if value.isascii() else Header(value, charset, maxlinelen=76).encode("\n")


def address(name: str, addr: str, charset: str = "utf-8") -> str:
    return f"{encoded_header(name, charset)} <{addr}>"


def angle(ids: list[str] | tuple[str, ...]) -> str:
    """Message-IDs as a header lists them, one per folded line."""
    return "\n ".join(f"<{i}>" for i in ids)


def chain(parent: Mail) -> list[str]:
    """The References of a reply: the parent's, then the parent."""
    return [*parent.references, parent.message_id]


def part(content_type: str, body: str, encoding: str, charset: str = "utf-8") -> str:
    data = body.replace("\r\n", "\n").encode(charset)
    if encoding == "quoted-printable":
        payload = quopri.encodestring(data).decode("ascii")
    elif encoding == "base64":
        payload = base64.encodebytes(data).decode("ascii")
    else:
        payload = data.decode(charset)
    return f"Content-Type: {content_type}\nContent-Transfer-Encoding: {encoding}\n\n{payload}"


def multipart(boundary: str, *parts: str, subtype: str = "alternative") -> str:
    inner = "".join(f"--{boundary}\n{p}\n" for p in parts)
    return f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n\n{inner}--{boundary}--\n'


def message(headers: Sequence[tuple[str, str | None]], body: str) -> bytes:
    """The bytes on the wire: headers (those given as None left out), then the body, CRLF."""
    head = "".join(f"{name}: {value}\n" for name, value in headers if value is not None)
    return (head + body).replace("\n", "\r\n").encode("utf-8")


def quoted(text: str, prefix: str = "> ") -> str:
    return "\n".join(
        f"{prefix}{line}".rstrip() if line else prefix.rstrip() for line in text.split("\n")
    )


def flowed(text: str, prefix: str = "") -> str:
    """RFC 3676 format=flowed: lines over 72 broken after a space, which marks the soft break."""
    lines = []
    for line in text.split("\n"):
        if not prefix and line.startswith((" ", "From ", ">")):
            line = f" {line}"  # space-stuffed
        pieces = textwrap.wrap(line, 72 - len(prefix), break_long_words=False) or [""]
        lines += [f"{prefix}{p} " for p in pieces[:-1]] + [f"{prefix}{pieces[-1]}".rstrip()]
    return "\n".join(lines)


def html_lines(text: str, tag: str = "div", empty: str = "<br>", attrs: str = "") -> str:
    return "".join(
        f"<{tag}{attrs}>{html.escape(line) or empty}</{tag}>" for line in text.split("\n")
    )


def token(size: int = 16) -> str:
    return uuid.uuid4().hex[:size]


def thread_index(date: dt.datetime) -> str:
    """Outlook's Thread-Index for a new thread: six bytes of FILETIME, then a GUID."""
    filetime = int((date - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)).total_seconds() * 10**7)
    return base64.b64encode(filetime.to_bytes(8, "big")[:6] + uuid.uuid4().bytes).decode()


REPLY_PREFIXES = re.compile(r"^(?:\s*re\s*:\s*)+", re.IGNORECASE)


def topic(subject: str) -> str:
    """Outlook's Thread-Topic for a subject: without its reply prefixes."""
    return re.sub(r"^(?:\s*(?:re|aw|antw|ref|rv|fw)\s*:\s*)+", "", subject, flags=re.I)


def reply_subject(subject: str, prefix: str = "Re:") -> str:
    """The subject of a reply as clients write it: their prefix, once, instead of "Re:"."""
    return f"{prefix} {REPLY_PREFIXES.sub('', subject)}"


# Dates as each client's locale writes them in its attribution ---------------------------------

CA_DAYS = ("dl.", "dt.", "dc.", "dj.", "dv.", "ds.", "dg.")
CA_MONTHS = (
    *("de gen.", "de febr.", "de març", "d’abr.", "de maig", "de juny"),
    *("de jul.", "d’ag.", "de set.", "d’oct.", "de nov.", "de des."),
)
CA_LONG_DAYS = ("dilluns", "dimarts", "dimecres", "dijous", "divendres", "dissabte", "diumenge")
CA_LONG_MONTHS = (
    *("de gener", "de febrer", "de març", "d’abril", "de maig", "de juny", "de juliol"),
    *("d’agost", "de setembre", "d’octubre", "de novembre", "de desembre"),
)
ES_LONG_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
ES_LONG_MONTHS = (
    *("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"),
    *("septiembre", "octubre", "noviembre", "diciembre"),
)


def catalan_short(d: dt.datetime) -> str:
    return f"{CA_DAYS[d.weekday()]}, {d.day} {CA_MONTHS[d.month - 1]} {d.year}"


def catalan_long(d: dt.datetime) -> str:
    return f"{CA_LONG_DAYS[d.weekday()]}, {d.day} {CA_LONG_MONTHS[d.month - 1]} de {d.year}"


def spanish_long(d: dt.datetime) -> str:
    return f"{ES_LONG_DAYS[d.weekday()]}, {d.day} de {ES_LONG_MONTHS[d.month - 1]} de {d.year}"


# The customer's mail clients ------------------------------------------------------------------
# Each builder takes the message replied to, the new text and the date; ``subject`` replaces the
# subject the client would write (a person or a gateway changed it) and ``sender`` is who writes.

Sender = tuple[str, str]


def gmail_new(subject: str, body: str, date: dt.datetime, *, sender: Sender = CUSTOMER) -> bytes:
    """A new message from Gmail on the web: text and HTML, both quoted-printable UTF-8."""
    text_html = f'<div dir="ltr">{html_lines(body)}</div>'
    return _gmail(subject, body, text_html, date, sender=sender, to=("", INBOX))


def gmail(parent: Mail, body: str, date: dt.datetime, *, subject=None, sender=CUSTOMER) -> bytes:
    """Gmail in Catalan: both threading headers, "Re:", the attribution wrapped at the address
    as Gmail wraps it, the history ">"-quoted in the text and in a gmail_quote in the HTML."""
    d = parent.date
    attribution = f"El {catalan_short(d)}, a les {d:%H:%M}, {parent.name} (<{parent.address}>)"
    attribution += " va escriure:"
    intro = attribution.replace(" (<", " (<\n") if len(attribution) > 78 else attribution
    text = f"{body}\n\n{intro}\n\n{quoted(parent.text)}\n"
    rich = (
        f'<div dir="ltr">{html_lines(body)}</div><br>'
        '<div class="gmail_quote gmail_quote_container">'
        f'<div dir="ltr" class="gmail_attr">{html.escape(attribution)}<br></div>'
        '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
        f'rgb(204,204,204);padding-left:1ex">{html_lines(parent.text)}</blockquote></div>'
    )
    subject = subject or reply_subject(parent.subject)
    return _gmail(
        subject, text, rich, date, sender=sender, to=(parent.name, parent.address), parent=parent
    )


def _gmail(subject, text, rich, date, *, sender, to, parent: Mail | None = None) -> bytes:
    boundary = f"000000000000{token(12)}"
    headers = [
        ("MIME-Version", "1.0"),
        ("References", angle(chain(parent)) if parent else None),
        ("In-Reply-To", f"<{parent.message_id}>" if parent else None),
        ("From", address(*sender)),
        ("Date", email.utils.format_datetime(date)),
        ("Message-ID", f"<CAE{token(32)}+{token(8)}@mail.gmail.com>"),
        ("Subject", encoded_header(subject)),
        ("To", address(*to) if to[0] else to[1]),
    ]
    return message(
        headers,
        multipart(
            boundary,
            part('text/plain; charset="UTF-8"', text, "quoted-printable"),
            part('text/html; charset="UTF-8"', rich, "quoted-printable"),
        ),
    )


def outlook(parent: Mail, body: str, date: dt.datetime, *, subject=None, sender=CUSTOMER) -> bytes:
    """Outlook for Windows in Spanish, over IMAP: "RE:", Thread-Topic and Thread-Index,
    In-Reply-To and References naming the parent only; text and HTML in Windows-1252,
    quoted-printable; the history unquoted under a "De: / Enviado el: / Para: / Asunto:" block."""
    block = (
        f"De: {parent.name} <{parent.address}>\nEnviado el: {spanish_long(parent.date)} "
        f"{parent.date:%H:%M}\nPara: {parent.to}\nAsunto: {parent.subject}"
    )
    text = f"{body}\n\n{block}\n\n{parent.text}\n"
    rich = _outlook_html(body, block, parent.text, lang="ES")
    boundary = f"_000_{token(8)}{token(8)}_"
    headers = [
        ("From", address(sender[0], sender[1], charset="iso-8859-1")),
        ("To", address(parent.name, parent.address, charset="iso-8859-1")),
        ("References", f"<{parent.message_id}>"),
        ("In-Reply-To", f"<{parent.message_id}>"),
        ("Subject", encoded_header(subject or reply_subject(parent.subject, "RE:"), "iso-8859-1")),
        ("Date", email.utils.format_datetime(date)),
        ("Message-ID", f"<00{token(4)}01db{token(4)}${token(8)}${token(8)}@example.cat>"),
        ("MIME-Version", "1.0"),
        ("X-Mailer", "Microsoft Outlook 16.0"),
        ("Thread-Topic", encoded_header(parent.topic, "iso-8859-1")),
        ("Thread-Index", thread_index(date)),
        ("Content-Language", "es"),
    ]
    return message(
        headers,
        multipart(
            boundary,
            part('text/plain; charset="windows-1252"', text, "quoted-printable", "cp1252"),
            part('text/html; charset="windows-1252"', rich, "quoted-printable", "cp1252"),
        ),
    )


def _outlook_html(body: str, block: str, history: str, *, lang: str) -> str:
    paragraph = {"tag": "p", "empty": "&nbsp;", "attrs": ' class="MsoNormal"'}
    labelled = "<br>".join(
        f"<b>{html.escape(label)}:</b>{html.escape(value)}"
        for label, value in (line.split(":", 1) for line in block.split("\n"))
    )
    return (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv='
        '"Content-Type" content="text/html; charset=windows-1252"><style>p.MsoNormal{margin:0cm;'
        'font-family:"Aptos",sans-serif;}</style></head>'
        f'<body lang="{lang}"><div class="WordSection1">'
        f'{html_lines(body, **paragraph)}<p class="MsoNormal">&nbsp;</p>'
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
        f'<p class="MsoNormal">{labelled}</p></div><p class="MsoNormal">&nbsp;</p>'
        f"{html_lines(history, **paragraph)}</div></body></html>"
    )


def outlook_html(
    parent: Mail, body: str, date: dt.datetime, *, subject=None, sender=CUSTOMER
) -> bytes:
    """Outlook in Catalan set to send HTML only: no text part, Windows-1252 quoted-printable,
    the history under a bold "De: / Enviat el: / Per a: / Assumpte:" block. This one keeps
    References (the whole chain) and drops In-Reply-To."""
    block = (
        f"De: {parent.name} <{parent.address}>\nEnviat el: {catalan_long(parent.date)} "
        f"{parent.date:%H:%M}\nPer a: {parent.to}\nAssumpte: {parent.subject}"
    )
    headers = [
        ("From", address(sender[0], sender[1], charset="iso-8859-1")),
        ("To", address(parent.name, parent.address, charset="iso-8859-1")),
        ("Subject", encoded_header(subject or reply_subject(parent.subject, "RE:"), "iso-8859-1")),
        ("Thread-Topic", encoded_header(parent.topic, "iso-8859-1")),
        ("Thread-Index", thread_index(date)),
        ("Date", email.utils.format_datetime(date)),
        (
            "Message-ID",
            f"<DB9P{token(12).upper()}@DB9PR07MB{token(4).upper()}.eurprd07.prod.outlook.com>",
        ),
        ("References", angle(chain(parent))),
        ("Content-Language", "ca-ES"),
        ("X-MS-Has-Attach", ""),
        ("MIME-Version", "1.0"),
    ]
    rich = _outlook_html(body, block, parent.text, lang="CA")
    return message(
        headers, part('text/html; charset="windows-1252"', rich, "quoted-printable", "cp1252")
    )


def outlook_web(
    parent: Mail, body: str, date: dt.datetime, *, subject=None, sender=CUSTOMER
) -> bytes:
    """Outlook on the web in English: text and HTML in base64 UTF-8, a rule of underscores above
    a "From: / Sent: / To: / Subject:" block, Thread-Index; this one keeps only In-Reply-To."""
    sent = f"{parent.date:%A, %B} {parent.date.day}, {parent.date:%Y %I:%M %p}"
    block = (
        f"From: {parent.name} <{parent.address}>\nSent: {sent}\nTo: {parent.to}\n"
        f"Subject: {parent.subject}"
    )
    text = f"{body}\n\n{'_' * 32}\n{block}\n\n{parent.text}\n"
    rich = (
        f'<html><body dir="ltr"><div>{html_lines(body)}</div><hr style="display:inline-block;'
        f'width:98%"><div id="divRplyFwdMsg">{html_lines(block)}</div>'
        f"<div>{html_lines(parent.text)}</div></body></html>"
    )
    headers = [
        ("From", address(*sender)),
        ("To", address(parent.name, parent.address)),
        ("Subject", encoded_header(subject or reply_subject(parent.subject, "RE:"))),
        ("Thread-Topic", encoded_header(parent.topic)),
        ("Thread-Index", thread_index(date)),
        ("Date", email.utils.format_datetime(date)),
        (
            "Message-ID",
            f"<AM0PR{token(12).upper()}@AM0PR02MB{token(4).upper()}.eurprd02.prod.outlook.com>",
        ),
        ("In-Reply-To", f"<{parent.message_id}>"),
        ("Accept-Language", "en-GB, en-US"),
        ("Content-Language", "en-GB"),
        ("MIME-Version", "1.0"),
    ]
    return message(
        headers,
        multipart(
            f"_000_{token(24)}_",
            part('text/plain; charset="utf-8"', text, "base64"),
            part('text/html; charset="utf-8"', rich, "base64"),
        ),
    )


def iphone(parent: Mail, body: str, date: dt.datetime, *, subject=None, sender=CUSTOMER) -> bytes:
    """Mail on an iPhone in Catalan: plain text, quoted-printable, "Enviat des del meu iPhone",
    the attribution inside the ">"-quoted history; both threading headers."""
    d = parent.date
    intro = f"El {d.day} {CA_MONTHS[d.month - 1]} {d.year}, a les {d:%H:%M}, {parent.name}"
    intro += f" <{parent.address}> va escriure:"
    text = f"{body}\n\nEnviat des del meu iPhone\n\n{quoted(f'{intro}\n\n{parent.text}')}\n"
    headers = [
        ("From", address(*sender)),
        ("Mime-Version", "1.0 (1.0)"),
        ("Subject", encoded_header(subject or reply_subject(parent.subject))),
        ("Date", email.utils.format_datetime(date)),
        ("Message-Id", f"<{str(uuid.uuid4()).upper()}@example.cat>"),
        ("References", angle(chain(parent))),
        ("In-Reply-To", f"<{parent.message_id}>"),
        ("To", address(parent.name, parent.address)),
        ("X-Mailer", "iPhone Mail (22B91)"),
    ]
    return message(headers, part("text/plain; charset=utf-8", text, "quoted-printable"))


def apple_mail(
    parent: Mail, body: str, date: dt.datetime, *, subject=None, sender=CUSTOMER
) -> bytes:
    """Apple Mail on a Mac in English: text (quoted-printable) and HTML with a
    blockquote type="cite"; "On …, at …, … wrote:"; both threading headers."""
    sent = f"{parent.date.day} {parent.date:%b %Y}, at {parent.date:%H:%M}"
    intro = f"On {sent}, {parent.name} <{parent.address}> wrote:"
    text = f"{body}\n\n{intro}\n\n{quoted(parent.text)}\n"
    rich = (
        f'<html><body style="overflow-wrap: break-word;">{html_lines(body)}<div><br>'
        f'<blockquote type="cite"><div>{html.escape(intro)}</div><br>'
        f"<div>{html_lines(parent.text)}</div></blockquote></div></body></html>"
    )
    headers = [
        ("From", address(*sender)),
        ("Mime-Version", "1.0 (Mac OS X Mail 16.0 \\(3826.600.51.1.1\\))"),
        ("Subject", encoded_header(subject or reply_subject(parent.subject))),
        ("Date", email.utils.format_datetime(date)),
        ("References", angle(chain(parent))),
        ("To", address(parent.name, parent.address)),
        ("In-Reply-To", f"<{parent.message_id}>"),
        ("Message-Id", f"<{str(uuid.uuid4()).upper()}@example.cat>"),
        ("X-Mailer", "Apple Mail (2.3826.600.51.1.1)"),
    ]
    return message(
        headers,
        multipart(
            f"Apple-Mail={str(uuid.uuid4()).upper()}",
            part("text/plain; charset=utf-8", text, "quoted-printable"),
            part("text/html; charset=utf-8", rich, "quoted-printable"),
        ),
    )


def thunderbird(
    parent: Mail, body: str, date: dt.datetime, *, subject=None, sender=CUSTOMER
) -> bytes:
    """Thunderbird in Catalan, replying above the quote: format=flowed, 8bit UTF-8,
    "El 5/12/26 a les 10:03, … ha escrit:"; both threading headers; User-Agent."""
    d = parent.date
    intro = f"El {d.day}/{d.month}/{d:%y} a les {d:%H:%M}, {parent.name} ha escrit:"
    text = f"{flowed(body)}\n\n{flowed(intro)}\n{flowed(parent.text, '> ')}\n"
    headers = [
        ("Message-ID", f"<{uuid.uuid4()}@example.cat>"),
        ("Date", email.utils.format_datetime(date)),
        ("MIME-Version", "1.0"),
        ("User-Agent", "Mozilla Thunderbird"),
        ("Subject", encoded_header(subject or reply_subject(parent.subject))),
        ("Content-Language", "ca"),
        ("To", address(parent.name, parent.address)),
        ("References", angle(chain(parent))),
        ("From", address(*sender)),
        ("In-Reply-To", f"<{parent.message_id}>"),
    ]
    return message(headers, part("text/plain; charset=UTF-8; format=flowed", text, "8bit"))


def k9(parent: Mail, body: str, date: dt.datetime, *, subject=None, sender=CUSTOMER) -> bytes:
    """K-9 Mail on Android in Spanish: its default signature above the quote, ">" without a
    space, quoted-printable; both threading headers; User-Agent."""
    d = parent.date
    sent = f"{d.day} de {ES_LONG_MONTHS[d.month - 1]} de {d.year} {d:%H:%M:%S} CET"
    intro = f"El {sent}, {parent.name} <{parent.address}> escribió:"
    footer = "Enviado desde mi dispositivo Android con K-9 Mail. Por favor, disculpa mi brevedad."
    text = f"{body}\n\n{footer}\n\n{intro}\n{quoted(parent.text, '>')}\n"
    headers = [
        ("Date", email.utils.format_datetime(date)),
        ("User-Agent", "K-9 Mail for Android"),
        ("In-Reply-To", f"<{parent.message_id}>"),
        ("References", angle(chain(parent))),
        ("MIME-Version", "1.0"),
        ("Subject", encoded_header(subject or reply_subject(parent.subject))),
        ("To", address(parent.name, parent.address)),
        ("From", address(*sender)),
        ("Message-ID", f"<{token(12).upper()}.{token(8).upper()}@example.cat>"),
    ]
    return message(headers, part("text/plain; charset=utf-8", text, "quoted-printable"))


def mutt(parent: Mail, body: str, date: dt.datetime, *, subject=None, sender=CUSTOMER) -> bytes:
    """Mutt in English, answering below a trimmed quote as mutt users do: 8bit UTF-8,
    Content-Disposition inline, "On …, … wrote:"; both threading headers; User-Agent."""
    sent = f"{parent.date:%a, %b %d, %Y at %I:%M:%S%p %z}"
    trimmed = parent.text.split("\n--\n")[0]  # the quoted signature deleted
    text = f"On {sent}, {parent.name} wrote:\n{quoted(trimmed)}\n\n{body}\n"
    headers = [
        ("Date", email.utils.format_datetime(date)),
        ("From", address(*sender)),
        ("To", address(parent.name, parent.address)),
        ("Subject", encoded_header(subject or reply_subject(parent.subject))),
        ("Message-ID", f"<{token(8)}{token(8)}@pc.example.cat>"),
        ("References", angle(chain(parent))),
        ("MIME-Version", "1.0"),
        ("Content-Disposition", "inline"),
        ("In-Reply-To", f"<{parent.message_id}>"),
        ("User-Agent", "Mutt/2.2.13 (2024-03-09)"),
    ]
    return message(headers, part("text/plain; charset=utf-8", text, "8bit"))


Client = Callable[..., bytes]
LANGUAGE: dict[Client, str] = {
    gmail: "ca",
    outlook: "es",
    outlook_html: "ca",
    outlook_web: "en",
    iphone: "ca",
    apple_mail: "en",
    thunderbird: "ca",
    k9: "es",
    mutt: "en",
}
# Mutt answers below the quote: nothing trails the new text, so nothing folds (only a trailing
# block folds, so that the answers of an inline reply stay visible).
ANSWERS_BELOW = {mutt}


# Subjects as people and gateways leave them ---------------------------------------------------


def untag(subject: str) -> str:
    """The subject with its bracketed tags (the case reference among them) deleted."""
    return " ".join(re.sub(r"\[[^\]]*\]", " ", subject).split())


def cut(subject: str) -> str:
    """The subject cut short, as some gateways and old clients do, mid-reference."""
    reference = reference_in(subject) or ""
    return subject[: subject.upper().index(reference) + len(reference) - 3]


SUBJECTS: dict[str, Callable[[Mail], str] | None] = {
    "client's own": None,
    "German AW:": lambda p: reply_subject(p.subject, "AW:"),
    "reference deleted": lambda p: reply_subject(untag(p.subject)),
    "Re: Re:": lambda p: reply_subject(p.subject, "Re: Re:"),
    "translated": lambda _p: "RE: The washing machine does not spin: is it under warranty?",
    "truncated": lambda p: cut(reply_subject(p.subject)),
    "Dutch Antw:": lambda p: reply_subject(p.subject, "Antw:"),
    "Ref:": lambda p: reply_subject(p.subject, "Ref:"),
    "piled up, reference deleted": lambda p: reply_subject(untag(p.subject), "Re: Re: AW:"),
    "Spanish, retyped": lambda _p: "Re: lavadora",
    "empty": lambda _p: "Re:",
}
# Turn n uses CLIENTS[n % 9] and SUBJECT_ORDER[n % 13]: 9 and 13 are coprime, so over 50 turns
# the clients meet many different subjects.
CLIENTS = list(LANGUAGE)
SUBJECT_ORDER = [
    *("client's own", "German AW:", "client's own", "reference deleted", "Re: Re:"),
    *("translated", "client's own", "truncated", "Dutch Antw:", "Ref:"),
    *("piled up, reference deleted", "Spanish, retyped", "empty"),
]


# Through the servers ----------------------------------------------------------------------------


@pytest.fixture
def mailbox(imap_mailbox):
    return imap_mailbox


class Post:
    """The mail system around Mostrador: what customers send reaches the inbox Mostrador polls,
    what Mostrador sends reaches the SMTP sink; both are copied to the archive user."""

    def __init__(self, dovecot, mailbox, smtp) -> None:
        dovecot.add_user("archive", "secret")
        self.dovecot, self.mailbox, self.smtp = dovecot, mailbox, smtp
        self.taken = 0

    def send(self, raw: bytes) -> InboundEmail:
        """A customer's message is delivered over LMTP and polled over IMAP; return it stored."""
        mail = read(raw)
        for to in (INBOX, ARCHIVE):
            self.dovecot.deliver(raw, to, sender=mail.address)
        assert imap.poll(self.mailbox.pk) == 1
        return InboundEmail.objects.get(message_id=mail.message_id)

    def received(self, to: str = CUSTOMER[1]) -> Mail:
        """The latest email Mostrador sent ``to`` since last asked, as the server got it."""
        new = self.smtp.wait_for(self.taken + 1)[self.taken :]
        self.taken += len(new)
        mine = [m for m in new if m.rcpt_tos == [to]]
        for sent in mine:
            self.dovecot.deliver(sent.data, ARCHIVE, sender=sent.mail_from)
        assert mine, f"nothing was sent to {to}"
        return read(mine[-1].data)

    def answer(self, case: Case, agent, text: str) -> Mail:
        """An agent replies on ``case``; return the email as the customer receives it."""
        case_services.add_message(
            case, kind=MessageKind.OUTBOUND, body=text, actor=agent, channel="workspace"
        )
        assert case.contact is not None
        return self.received(case.contact.value)


@pytest.fixture
def post(dovecot, mailbox, smtp):
    return Post(dovecot, mailbox, smtp)


def lines(text: str) -> list[str]:
    """The lines of ``text``, without the blanks an HTML conversion leaves around them."""
    return [line.strip() for line in text.strip().splitlines()]


def agreed_threads(dovecot) -> set[frozenset[str]]:
    """The archive's threads by Dovecot's THREAD REFERENCES, as sets of Message-IDs."""
    client = dovecot.imap("archive")
    try:
        assert client.has_capability("THREAD=REFERENCES")
        client.select_folder("INBOX", readonly=True)
        threads = client.thread("REFERENCES")
        envelopes = client.fetch(client.search("ALL"), ["ENVELOPE"])
    finally:
        client.logout()
    ids = {
        uid: data[b"ENVELOPE"].message_id.decode().strip("<>") for uid, data in envelopes.items()
    }
    return {frozenset(ids[uid] for uid in flatten(thread)) for thread in threads}


def flatten(thread: tuple | int) -> list[int]:
    return [thread] if isinstance(thread, int) else [uid for t in thread for uid in flatten(t)]


def mostrador_threads() -> set[frozenset[str]]:
    """Every case's emails, received and sent to the customer, as sets of Message-IDs."""
    grouping: dict[int, set[str]] = {}
    for case_id, message_id in InboundEmail.objects.values_list("case_id", "message_id"):
        grouping.setdefault(case_id, set()).add(message_id)
    customer_mail = OutboundEmail.objects.filter(recipient_user__isnull=True)
    for case_id, message_id in customer_mail.values_list("case_id", "message_id"):
        grouping.setdefault(case_id, set()).add(message_id)
    return {frozenset(ids) for ids in grouping.values()}


# 1. A long conversation -------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One round: the agent's email answered, the client and subject the customer used, what
    she wrote, whether her client quotes below it, and her message as stored."""

    answered: str
    client: str
    subject: str
    text: str
    folds: bool
    stored: InboundEmail


def converse(post: Post, case: Case, agent, turns: int) -> list[Turn]:
    """``turns`` rounds of: the agent answers, the customer's client of the turn replies."""
    done = []
    for n in range(1, turns + 1):
        client, subject = CLIENTS[n % len(CLIENTS)], SUBJECT_ORDER[n % len(SUBJECT_ORDER)]
        ours = post.answer(case, agent, AGENT_TEXTS[n % len(AGENT_TEXTS)])
        texts = CUSTOMER_TEXTS[LANGUAGE[client]]
        text = texts[n // len(CLIENTS) % len(texts)]  # each client goes through its language's
        rewrite = SUBJECTS[subject]
        raw = client(ours, text, when(3 * n), subject=rewrite(ours) if rewrite else None)
        folds = client not in ANSWERS_BELOW
        done.append(Turn(ours.message_id, client.__name__, subject, text, folds, post.send(raw)))
    return done


def fold_problem(turn: Turn) -> str | None:
    """What is wrong with how the message of ``turn`` folds, or None."""
    message, text = turn.stored.case_message, lines(turn.text)
    assert message is not None
    if turn.folds and message.fold_at is not None and lines(message.lead) == text:
        return None
    if not turn.folds and message.fold_at is None and lines(message.body)[-len(text) :] == text:
        return None
    return f"{turn.client}: fold_at={message.fold_at}, lead={message.lead!r}"


def bystander(post: Post) -> None:
    """Another customer's unrelated matter, in the same inbox and the same archive."""
    jordi = ("Jordi Vidal", "jordi@example.org")
    post.send(
        write_email(
            sender="Jordi Vidal <jordi@example.org>",
            subject="Factura duplicada",
            body="Bon dia,\n\nM'heu cobrat dues vegades la factura de novembre.\n\nJordi",
        )
    )
    receipt = post.received(jordi[1])
    post.send(thunderbird(receipt, "Us adjunto l'extracte del banc.\n\nJordi", START, sender=jordi))


def sequence(case: Case) -> list[tuple[str, str]]:
    """The case's messages in order, each as its kind and the Message-ID of its email."""
    messages = case.messages.select_related("inbound_email").prefetch_related("outbound_emails")
    return [
        (
            m.kind,
            m.inbound_email.message_id
            if m.kind == MessageKind.INBOUND
            else m.outbound_emails.get().message_id,
        )
        for m in messages.order_by("created_at", "id")
    ]


def test_fifty_replies_from_nine_mail_clients_thread_onto_one_case(people, post, settings):
    """51 messages of one customer, replying from nine clients with their own headers,
    encodings, subjects and quoting, all land on one case, in order, with their history
    folded; and Dovecot's THREAD REFERENCES groups the same messages as Mostrador does."""
    # A real customer writes 51 times over weeks; here it takes seconds, and the flood guard
    # (30 per hour, tested in test_inbound) would quarantine everything from the 31st on.
    settings.EMAIL_SENDER_LIMIT = 100
    first = post.send(gmail_new(SUBJECT, FIRST_TEXT, START))
    case = first.case
    post.received()  # the receipt
    bystander(post)

    turns = converse(post, case, people.operator, 50)

    received = InboundEmail.objects.filter(from_address=CUSTOMER[1]).order_by("received_at", "id")
    astray = [(t.client, t.subject, t.stored.outcome) for t in turns if t.stored.case_id != case.pk]
    assert [(e.outcome, e.case_id) for e in received] == [(Outcome.CASE_OPENED, case.pk)] + [
        (Outcome.MESSAGE_ADDED, case.pk)
    ] * 50, astray
    assert Case.objects.filter(customer=case.customer).count() == 1
    assert Case.objects.count() == 2, "hers and the bystander's"
    expected = [(MessageKind.INBOUND, first.message_id)]
    for turn in turns:
        expected += [
            (MessageKind.OUTBOUND, turn.answered),
            (MessageKind.INBOUND, turn.stored.message_id),
        ]
    assert sequence(case) == expected
    without_reference = [t for t in turns if reference_in(t.stored.subject) is None]
    assert len(without_reference) >= 15, "many had only their headers to thread by"
    assert {t.client for t in without_reference} == {c.__name__ for c in CLIENTS}

    sent = case.outbound_emails.filter(recipient_user__isnull=True)
    assert set(sent.values_list("status", flat=True)) == {OutboundStatus.SENT}
    conversation = {i for _kind, i in expected} | set(sent.values_list("message_id", flat=True))
    assert len(conversation) == 102, "51 from her, 50 answers and the receipt"
    threads = agreed_threads(post.dovecot)
    assert conversation in threads, "Dovecot sees one thread"
    assert threads == mostrador_threads(), "and groups every message as Mostrador does"

    assert first.case_message.fold_at is None
    problems = [p for t in turns if (p := fold_problem(t))]
    assert not problems, "\n".join(problems)


# 2-4. Focused cases -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    """A case as the customer sees it: her first message, our receipt, the agent's answer."""

    case: Case
    first: Mail
    receipt: Mail
    answer: Mail


@pytest.fixture
def opened(post, people):
    first = post.send(gmail_new(SUBJECT, FIRST_TEXT, START))
    receipt = post.received()
    answer = post.answer(first.case, people.operator, AGENT_TEXTS[0])
    return Opened(first.case, read(bytes(first.raw)), receipt, answer)


def test_replies_with_a_mangled_subject_still_thread_by_their_headers(post, opened):
    """Subjects stripped of the reference, translated, retyped, truncated or piled with
    prefixes: the headers alone (In-Reply-To only, References only, or both) find the case."""
    mangled = [
        (outlook_web, "reference deleted"),  # In-Reply-To only
        (outlook_html, "translated"),  # References only
        (gmail, "truncated"),
        (k9, "piled up, reference deleted"),
        (iphone, "Spanish, retyped"),
        (thunderbird, "empty"),
    ]
    for hours, (client, name) in enumerate(mangled, start=1):
        subject = SUBJECTS[name](opened.answer)
        assert reference_in(subject) is None, subject
        raw = client(opened.answer, f"Resposta {hours}.\n\nNúria", when(hours), subject=subject)

        stored = post.send(raw)

        assert (stored.outcome, stored.case) == (Outcome.MESSAGE_ADDED, opened.case), name
    assert Case.objects.count() == 1


def test_headers_win_over_another_case_named_in_the_subject(post, people, opened):
    """A reply whose subject names another case of the same customer, while its headers
    answer this one, lands where the headers say; and the other way round."""
    invoice = post.send(gmail_new("Factura duplicada", "Em cobreu dues vegades.", when(1)))
    invoice_receipt = post.received()
    wrong = f"Re: [{invoice.case.reference}] Factura duplicada"

    washer = post.send(gmail(opened.answer, "Sobre la rentadora.", when(2), subject=wrong))
    bill = post.send(
        outlook(
            invoice_receipt, "Sobre la factura.", when(3), subject=f"RE: {opened.case.reference}"
        )
    )

    assert washer.case == opened.case
    assert bill.case == invoice.case
    assert list(invoice.case.messages.values_list("body", flat=True)) == [
        "Em cobreu dues vegades.",
        bill.case_message.body,
    ]


def forwarded(parent: Mail, to: Sender, note: str) -> Mail:
    """The customer forwards our email from Gmail to ``to``; the forward keeps its headers."""
    heading = (
        f"---------- Forwarded message ---------\nDe: {parent.name} <{parent.address}>\n"
        f"Date: {catalan_short(parent.date)}, a les {parent.date:%H:%M}\n"
        f"Subject: {parent.subject}\nTo: <{parent.to}>"
    )
    text = f"{note}\n\n{heading}\n\n\n{parent.text}"
    rich = f'<div dir="ltr">{html_lines(note)}<br><div class="gmail_quote">{html_lines(heading)}'
    rich += f"<br><br>{html_lines(parent.text)}</div></div>"
    subject = f"Fwd: {parent.subject}"  # Gmail keeps the "Re:" after its "Fwd:"
    return read(_gmail(subject, text, rich, when(1), sender=CUSTOMER, to=to, parent=parent))


def linked(case: Case, other: Case) -> bool:
    return other in relations.linked_cases(case)


def test_a_reply_from_someone_outside_the_case_opens_a_linked_case(post, people, opened):
    """Someone the customer forwarded our email to, answering with the thread's headers and the
    reference in the subject, gets a case of their own, linked; so does another customer who
    answers her thread. Her case is left as it was."""
    case, before = opened.case, list(opened.case.messages.values_list("pk", "body"))
    jordi = ("Jordi Vidal", "jordi@example.org")
    own = post.send(write_email(sender="Jordi Vidal <jordi@example.org>", subject="Factura"))
    post.received(jordi[1])
    marc = ("Marc Soler", "marc@example.net")
    forward = forwarded(opened.answer, marc, "Marc, mira això del tècnic.")
    assert case.reference in f"Re: {forward.subject}"

    stranger = post.send(apple_mail(forward, "I can be at home on Thursday.", when(2), sender=marc))
    neighbour = post.send(outlook(opened.answer, "Això és meu?", when(3), sender=jordi))

    for stored, who in ((stranger, marc), (neighbour, jordi)):
        assert stored.outcome == Outcome.CASE_OPENED
        assert stored.case not in (case, own.case)
        assert stored.case.contact.value == who[1]
        assert linked(case, stored.case)
    assert list(case.messages.values_list("pk", "body")) == before
    assert own.case.messages.count() == 1


def test_the_customer_under_another_name_or_spelling_lands_on_her_case(post, opened):
    """Her address with another display name, in capitals, or another address on her file:
    it is still her, and the reply goes onto her case."""
    customer = opened.case.customer
    customer_services.add_contact_point(
        customer, kind=ContactKind.EMAIL, value="npuig@feina.example", actor=None
    )
    senders = [
        ("Nuria P.", "nuria@example.cat"),
        ("NÚRIA PUIG (casa)", "Nuria@Example.CAT"),
        ("Núria Puig Soler", "npuig@feina.example"),
    ]
    for hours, sender in enumerate(senders, start=1):
        stored = post.send(iphone(opened.answer, "Sóc jo.", when(hours), sender=sender))

        assert (stored.outcome, stored.case) == (Outcome.MESSAGE_ADDED, opened.case), sender
    assert Case.objects.count() == 1


def test_a_reply_to_any_message_of_the_thread_never_opens_a_case(post, people, opened):
    """Replies to an old answer (not the latest), to our receipt and to her own first message
    (References only, the subject without the reference) all go onto the case."""
    post.send(gmail(opened.answer, "Dijous em va bé.", when(1)))
    post.answer(opened.case, people.operator, AGENT_TEXTS[1])
    replies = [
        outlook_web(opened.answer, "Una cosa més sobre el primer correu.", when(2)),
        iphone(opened.receipt, "Gràcies pel rebut.", when(3)),
        outlook_html(opened.first, "Oblidava dir-vos que és la Aigua 8.", when(4)),
    ]
    assert reference_in(read(replies[2]).subject) is None

    stored = [post.send(raw) for raw in replies]

    assert [(s.outcome, s.case) for s in stored] == [(Outcome.MESSAGE_ADDED, opened.case)] * 3
    assert Case.objects.count() == 1
    assert opened.case.messages.filter(kind=MessageKind.INBOUND).count() == 5
