"""Incoming mail: stored first, processed once, onto the right case or a new one."""

import email
import email.policy
import time

import pytest
from django.core import mail
from django.test import TestCase, override_settings

from mostrador.cases import ownership
from mostrador.cases import services as case_services
from mostrador.cases.choices import CaseStatus, Channel, MessageKind
from mostrador.cases.models import Case, CaseLink, Message
from mostrador.channels.email import inbound
from mostrador.channels.email.choices import (
    InboundStatus,
    Outcome,
    Quarantine,
    Source,
    StaffSender,
)
from mostrador.channels.email.models import InboundEmail, OutboundEmail
from mostrador.channels.email.tests.factories import deliver, make_mailbox, write_email
from mostrador.core.models import Event
from mostrador.customers.models import Customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(people):
    return make_mailbox(people.customer_service)


def receipt_of(case):
    return OutboundEmail.objects.get(case=case, kind="cases.receipt")


def test_a_new_email_opens_a_case_for_a_new_customer_with_a_receipt_in_their_language(mailbox):
    stored = deliver(write_email(), mailbox)

    assert stored.status == InboundStatus.PROCESSED
    assert stored.outcome == Outcome.CASE_OPENED
    case = stored.case
    assert case.channel == Channel.EMAIL
    assert case.subject == "La rentadora no centrifuga"
    assert case.language == "ca"
    assert case.department == mailbox.department
    assert case.customer.name == "Núria Puig"
    assert case.contact.value == "nuria@example.cat"
    assert stored.case_message.body.startswith("Bon dia,")
    receipt = receipt_of(case)
    assert receipt.status == "sent"
    [sent] = mail.outbox
    assert sent.to == ["nuria@example.cat"]
    assert case.reference in sent.subject
    assert "Referència" in sent.body
    parsed = email.message_from_bytes(bytes(receipt.raw), policy=email.policy.default)
    assert parsed["In-Reply-To"] == f"<{stored.message_id}>"
    assert parsed["Auto-Submitted"] == "auto-replied"
    assert parsed["From"] == "Atenció al Client <atencio@example.com>"


def test_the_raw_message_is_committed_before_it_is_processed(mailbox):
    raw = write_email()
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        stored = inbound.receive(raw, mailbox, source=Source.SMTP)

    assert bytes(InboundEmail.objects.get(pk=stored.pk).raw) == raw
    assert stored.status == InboundStatus.PENDING
    assert len(callbacks) == 1, "processing is queued for after the commit"
    assert not Case.objects.exists()


def test_the_same_bytes_received_twice_are_stored_once(mailbox):
    raw = write_email()

    first = deliver(raw, mailbox)
    again = deliver(raw, mailbox)

    assert again.pk == first.pk
    assert InboundEmail.objects.count() == 1
    assert Message.objects.count() == 1


def test_the_same_message_delivered_to_two_mailboxes_makes_one_case_message(people, mailbox):
    other = make_mailbox(people.technical_service, address="sat@example.com")
    raw = write_email(to="atencio@example.com, sat@example.com")
    # Each delivery has its own trace headers, so the bytes differ.
    first = deliver(b"Received: by mx1.example.com\r\n" + raw, mailbox)
    second = deliver(b"Received: by mx2.example.com\r\n" + raw, other)

    assert first.outcome == Outcome.CASE_OPENED
    assert second.outcome == Outcome.DUPLICATE
    assert second.duplicate_of == first
    assert second.case == first.case
    assert Message.objects.count() == 1


def test_a_different_message_reusing_a_message_id_is_not_dropped(mailbox):
    first = deliver(write_email(message_id="same@example.cat"), mailbox)
    second = deliver(
        write_email(
            message_id="same@example.cat", subject="Una altra cosa", body="Vull la factura."
        ),
        mailbox,
    )

    assert second.outcome == Outcome.CASE_OPENED
    assert second.case != first.case


def test_a_reply_to_our_email_threads_onto_its_case_by_in_reply_to(mailbox):
    opened = deliver(write_email(), mailbox)
    receipt = receipt_of(opened.case)

    reply = deliver(
        write_email(
            subject="Una altra cosa del tot",
            body="També fa olor de cremat.",
            in_reply_to=receipt.message_id,
        ),
        mailbox,
    )

    assert reply.outcome == Outcome.MESSAGE_ADDED
    assert reply.case == opened.case
    assert reply.case_message.kind == MessageKind.INBOUND
    assert Case.objects.count() == 1


def test_a_reply_whose_client_kept_only_references_threads_too(mailbox):
    opened = deliver(write_email(), mailbox)

    reply = deliver(
        write_email(subject="", references=["unknown@elsewhere", opened.message_id]), mailbox
    )

    assert reply.case == opened.case


def test_a_reply_without_headers_threads_by_the_reference_in_the_subject(mailbox):
    opened = deliver(write_email(), mailbox)

    reply = deliver(
        write_email(subject=f"RE: Rebut {opened.case.reference.lower()}", body="Ja ho tinc."),
        mailbox,
    )

    assert reply.case == opened.case


def test_a_reply_from_a_stranger_opens_a_new_case_linked_to_the_old_one(mailbox):
    opened = deliver(write_email(), mailbox)
    receipt = receipt_of(opened.case)

    stranger = deliver(
        write_email(
            sender="Jordi <jordi@example.org>",
            subject=f"Re: {receipt.subject}",
            in_reply_to=receipt.message_id,
            body="Això no és meu.",
        ),
        mailbox,
    )

    assert stranger.outcome == Outcome.CASE_OPENED
    assert stranger.case != opened.case
    assert stranger.case.customer.contacts.get().value == "jordi@example.org"
    assert CaseLink.objects.filter(case=opened.case, other=stranger.case).exists()
    assert opened.case.messages.count() == 1


def notice_to(user, case, *, actor):
    """Assign ``case`` to ``user``; return the Message-ID and Reply-To of the email they got."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        ownership.assign_case(case, assignee=user, actor=actor)
    sent = mail.outbox[-1].message()
    assert sent["To"] == user.email
    return str(sent["Message-ID"]).strip("<>"), sent["Reply-To"].addresses[0].addr_spec


def test_a_reply_from_staff_to_the_address_we_sent_them_becomes_their_internal_note(
    people, mailbox
):
    opened = deliver(write_email(), mailbox)
    notice_id, reply_to = notice_to(people.operator, opened.case, actor=people.head)

    note = deliver(
        write_email(
            sender="Pau Serra <PAU@example.com>",
            to=reply_to.upper(),
            body="Ho miro demà.",
            in_reply_to=notice_id,
        ),
        mailbox,
    )

    assert note.case == opened.case
    assert note.case_message.kind == MessageKind.NOTE
    assert note.case_message.author == people.operator
    assert note.staff_sender == StaffSender.REPLY_ADDRESS


def test_a_reply_address_only_in_the_envelope_proves_the_staff_reply_too(people, mailbox):
    opened = deliver(write_email(), mailbox)
    notice_id, reply_to = notice_to(people.operator, opened.case, actor=people.head)
    # Sent to the reply address as a blind copy: the headers name only the mailbox.
    raw = write_email(sender="pau@example.com", body="Vist.", in_reply_to=notice_id)

    with TestCase.captureOnCommitCallbacks(execute=True):
        stored = inbound.receive(raw, mailbox, source=Source.SMTP, envelope_to=[reply_to])
    stored.refresh_from_db()

    assert stored.case_message.kind == MessageKind.NOTE
    assert stored.case_message.author == people.operator


def test_a_reply_address_for_a_case_since_merged_proves_the_note_on_the_case_it_went_into(
    people, mailbox
):
    from mostrador.cases import relations

    first = deliver(write_email(), mailbox)
    second = deliver(write_email(subject="Rentadora", body="Segueix igual."), mailbox)
    notice_id, reply_to = notice_to(people.operator, second.case, actor=people.head)
    relations.merge_cases(second.case, into=first.case, actor=people.operator)

    note = deliver(
        write_email(sender="pau@example.com", to=reply_to, body="Fet.", in_reply_to=notice_id),
        mailbox,
    )

    assert note.case == first.case
    assert note.case_message.kind == MessageKind.NOTE


def test_a_reply_from_a_staff_address_without_proof_is_an_outside_message(people, mailbox):
    opened = deliver(write_email(), mailbox)

    reply = deliver(
        write_email(sender="Pau Serra <pau@example.com>", in_reply_to=opened.message_id),
        mailbox,
    )

    assert reply.case == opened.case
    assert (reply.case_message.kind, reply.case_message.author) == (MessageKind.INBOUND, None)
    assert reply.staff_sender == StaffSender.UNPROVEN


def test_a_reply_long_after_the_case_closed_opens_a_new_linked_case(people, mailbox, settings):
    opened = deliver(write_email(), mailbox)
    case = opened.case
    case_services.set_status(case, CaseStatus.CLOSED, actor=people.operator)
    Case.objects.filter(pk=case.pk).update(
        closed_at=case.closed_at.replace(year=case.closed_at.year - 1)
    )

    late = deliver(write_email(body="Torna a passar.", in_reply_to=opened.message_id), mailbox)

    assert late.outcome == Outcome.CASE_OPENED
    assert CaseLink.objects.filter(case=case, other=late.case).exists()


def test_a_reply_to_a_merged_case_goes_to_the_case_it_was_merged_into(people, mailbox):
    from mostrador.cases import relations

    first = deliver(write_email(), mailbox)
    second = deliver(write_email(subject="Rentadora", body="Segueix igual."), mailbox)
    relations.merge_cases(second.case, into=first.case, actor=people.operator)

    reply = deliver(write_email(body="Hola?", in_reply_to=second.message_id), mailbox)

    assert reply.case == first.case


def test_an_unreadable_message_is_quarantined_and_can_be_processed_again(mailbox):
    stored = deliver(b"this is not an email at all", mailbox)

    assert stored.status == InboundStatus.QUARANTINED
    assert stored.quarantine == Quarantine.UNREADABLE
    assert "not an email" in stored.detail
    assert bytes(stored.raw) == b"this is not an email at all"


def test_a_message_without_a_sender_is_quarantined(mailbox):
    stored = deliver(b"Subject: hola\r\n\r\nQui soc?\r\n", mailbox)

    assert stored.quarantine == Quarantine.NO_SENDER


@override_settings(EMAIL_SENDER_LIMIT=2)
def test_a_sender_over_the_rate_limit_is_quarantined(mailbox):
    outcomes = [
        deliver(write_email(subject=f"Missatge {n}", body=f"Text {n}"), mailbox) for n in range(3)
    ]

    assert [o.status for o in outcomes] == ["processed", "processed", "quarantined"]
    assert outcomes[2].quarantine == Quarantine.RATE_LIMITED


def test_an_out_of_office_reply_is_noted_on_its_case_and_never_answered(mailbox):
    opened = deliver(write_email(), mailbox)
    mail.outbox.clear()

    away = deliver(
        write_email(
            subject="Resposta automàtica: Rebut",
            body="Sóc fora fins dilluns.",
            in_reply_to=receipt_of(opened.case).message_id,
            headers={"Auto-Submitted": "auto-replied"},
        ),
        mailbox,
    )

    assert away.outcome == Outcome.AUTO_REPLY
    assert away.case == opened.case
    assert opened.case.messages.count() == 1
    assert Event.objects.filter(verb="channels.email.auto_replied").count() == 1
    assert mail.outbox == []


def test_an_out_of_office_reply_to_nothing_we_know_opens_nothing(mailbox):
    away = deliver(
        write_email(subject="Out of Office: hello", headers={"Auto-Submitted": "auto-replied"}),
        mailbox,
    )

    assert away.outcome == Outcome.AUTO_REPLY
    assert away.case is None
    assert not Case.objects.exists()


def test_automated_mail_opens_a_case_but_gets_no_receipt(mailbox):
    stored = deliver(
        write_email(
            sender="Botiga <no-reply@shop.example>",
            subject="Comanda 1234 retornada",
            headers={"Auto-Submitted": "auto-generated", "Precedence": "bulk"},
        ),
        mailbox,
    )

    assert stored.outcome == Outcome.CASE_OPENED
    assert not OutboundEmail.objects.filter(kind="cases.receipt").exists()


def test_our_own_mail_coming_back_is_a_loop_and_is_ignored(mailbox):
    stored = deliver(write_email(sender="Atenció al Client <atencio@example.com>"), mailbox)

    assert stored.outcome == Outcome.LOOP
    assert not Case.objects.exists()


def test_html_is_kept_sanitised_and_the_text_part_is_what_is_read(mailbox):
    stored = deliver(
        write_email(
            body="La factura és incorrecta.",
            html='<p onclick="x()">La factura és <b>incorrecta</b>.</p><script>alert(1)</script>',
        ),
        mailbox,
    )

    message = stored.case_message
    assert message.body == "La factura és incorrecta."
    assert message.html == "<p>La factura és <b>incorrecta</b>.</p>"


def test_quoted_history_is_folded_but_kept(mailbox):
    body = (
        "Encara no funciona.\n\n"
        "El dv., 5 de des. 2026, a les 10:03, Atenció al Client <atencio@example.com> va escriure:\n"
        "> Bon dia,\n> Hem rebut la vostra sol·licitud.\n"
    )
    stored = deliver(write_email(body=body), mailbox)

    message = stored.case_message
    assert message.lead == "Encara no funciona."
    assert message.folded.startswith("El dv., 5 de des. 2026")
    assert message.body == body.strip()
    [receipt] = mail.outbox
    assert "Encara no funciona." in receipt.body
    assert "> Bon dia," not in receipt.body, "the receipt quotes what is new, not the history"


def test_attachments_are_kept_and_refused_ones_noted_on_the_case(mailbox):
    stored = deliver(
        write_email(
            attachments=[
                ("factura.pdf", "application/pdf", b"%PDF-1.4 factura"),
                ("virus.exe", "application/x-msdownload", b"MZ..."),
            ]
        ),
        mailbox,
    )

    [kept] = stored.case_message.attachments.all()
    assert kept.filename == "factura.pdf"
    assert kept.content_type == "application/pdf"
    event = Event.objects.get(verb="channels.email.files_refused")
    assert "virus.exe" in event.data["problems"][0]


def test_a_message_that_breaks_processing_is_quarantined_not_lost(mailbox, monkeypatch):
    from mostrador.channels.email import placement

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    # The customer is created first; the bug strikes when the case is opened.
    monkeypatch.setattr(placement.cases, "open_case", broken)

    stored = deliver(write_email(), mailbox)

    assert stored.quarantine == Quarantine.FAILED
    assert "RuntimeError: a bug" in stored.detail
    assert not Customer.objects.exists(), "what it did before failing is rolled back"


def test_processing_twice_does_nothing_the_second_time(mailbox):
    stored = deliver(write_email(), mailbox)

    assert inbound.process(stored.pk) == "skipped"
    assert Message.objects.count() == 1


def test_a_reply_processed_before_the_message_it_answers_still_threads_onto_its_case(mailbox):
    first = write_email(message_id="parent@example.cat")
    answer = write_email(body="I a més perd aigua.", in_reply_to="parent@example.cat")
    with TestCase.captureOnCommitCallbacks(execute=False):
        parent = inbound.receive(first, mailbox, source=Source.SMTP)
        child = inbound.receive(answer, mailbox, source=Source.SMTP)
    # The worker holding the parent died: the reply is processed first.
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert inbound.process(child.pk) == Outcome.MESSAGE_ADDED
    parent.refresh_from_db()
    child.refresh_from_db()

    assert parent.outcome == Outcome.CASE_OPENED
    assert child.case == parent.case
    assert Case.objects.count() == 1
    assert inbound.process(parent.pk) == "skipped"


def test_a_reply_whose_ids_a_relay_rewrote_threads_by_the_reference_it_quotes(mailbox):
    opened = deliver(write_email(), mailbox)
    reference = opened.case.reference
    body = (
        "Ja us envio la foto.\n\n"
        "On Fri, 5 Dec 2026 at 10:03, Atenció al Client <atencio@example.com> wrote:\n"
        f"> Bon dia,\n> Hem rebut la vostra sol·licitud: {reference}.\n"
    )

    reply = deliver(
        write_email(subject="Re: la foto", body=body, in_reply_to="rewritten@relay.example"),
        mailbox,
    )

    assert reply.case == opened.case


def test_a_quote_naming_several_cases_threads_nothing(mailbox):
    first = deliver(write_email(), mailbox)
    second = deliver(write_email(subject="Una altra", body="Segona consulta."), mailbox)
    body = (
        "Quin és quin?\n\n"
        "On Fri, 5 Dec 2026 at 10:03, Atenció al Client <atencio@example.com> wrote:\n"
        f"> {first.case.reference} i {second.case.reference}\n"
    )

    reply = deliver(write_email(subject="Dubte", body=body), mailbox)

    assert reply.outcome == Outcome.CASE_OPENED


def test_two_messages_that_claim_to_answer_each_other_are_each_processed_once(mailbox):
    with TestCase.captureOnCommitCallbacks(execute=False):
        first = inbound.receive(
            write_email(message_id="a@example.cat", in_reply_to="b@example.cat"),
            mailbox,
            source=Source.SMTP,
        )
        second = inbound.receive(
            write_email(message_id="b@example.cat", in_reply_to="a@example.cat", body="Segon"),
            mailbox,
            source=Source.SMTP,
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        inbound.process(first.pk)
    first.refresh_from_db()
    second.refresh_from_db()

    assert (first.attempts, second.attempts) == (1, 1)
    assert first.case == second.case
    assert Message.objects.count() == 2


@pytest.mark.parametrize(
    "sender",
    ["root@mailhost", "Operator <root@mailhost>", "Robot <robot@example>"],
    ids=["bare-dotless", "named-dotless", "single-label-domain"],
)
def test_a_readable_message_from_an_address_no_customer_can_have_waits_as_a_refused_sender(
    people, mailbox, sender
):
    stored = deliver(write_email(sender=sender), mailbox)

    address = sender.rpartition("<")[2].rstrip(">")
    assert stored.status == InboundStatus.QUARANTINED
    assert stored.quarantine == Quarantine.REFUSED_SENDER
    assert stored.from_address == address
    assert stored.detail == (
        f"The sender {address} cannot become a customer: “{address}” is not a valid email address."
    )
    assert stored.case is None
    assert not Case.objects.exists()
    assert not Customer.objects.exists(), "nothing of the customer is left half-made"
    assert not Message.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert not mail.outbox


def test_an_administrator_releasing_a_refused_sender_gets_the_same_clean_refusal(people, mailbox):
    from mostrador.channels.email import services

    held = deliver(write_email(sender="root@mailhost"), mailbox)

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.reprocess_email(held, actor=people.admin)
    held.refresh_from_db()

    assert held.status == InboundStatus.QUARANTINED
    assert held.quarantine == Quarantine.REFUSED_SENDER
    assert "root@mailhost" in held.detail
    assert "Traceback" not in held.detail
    assert not Customer.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert Event.objects.filter(verb="channels.inbound_email.released").count() == 1


def test_a_reply_to_naming_someone_else_is_noted_on_the_case_and_answers_still_go_to_from(
    mailbox,
):
    stored = deliver(
        write_email(headers={"Reply-To": "Compres <compres@empresa.example>"}), mailbox
    )

    case = stored.case
    assert stored.outcome == Outcome.CASE_OPENED
    assert case.contact.value == "nuria@example.cat"
    assert list(Customer.objects.values_list("name", flat=True)) == ["Núria Puig"]
    assert receipt_of(case).to_address == "nuria@example.cat"
    [sent] = mail.outbox
    assert sent.to == ["nuria@example.cat"]
    [event] = Event.objects.filter(verb="channels.email.reply_to_differs")
    assert (event.subject_id, event.subject_type.model) == (str(case.pk), "case")
    assert event.data == {
        "channel": "email",
        "from": "nuria@example.cat",
        "reply_to": ["compres@empresa.example"],
        "message": stored.case_message.pk,
    }


def test_a_reply_to_naming_the_sender_records_nothing(mailbox):
    deliver(write_email(headers={"Reply-To": "Núria <NURIA@example.cat>"}), mailbox)

    assert not Event.objects.filter(verb="channels.email.reply_to_differs").exists()


def test_a_message_from_several_authors_is_the_case_of_whoever_sent_it(mailbox):
    stored = deliver(
        write_email(
            sender="Núria Puig <nuria@example.cat>, Jordi Vila <jordi@example.cat>",
            headers={"Sender": "Secretaria <secretaria@example.cat>"},
        ),
        mailbox,
    )

    assert stored.outcome == Outcome.CASE_OPENED
    assert stored.from_address == "secretaria@example.cat"
    assert stored.case.contact.value == "secretaria@example.cat"
    assert stored.case.customer.name == "Secretaria"
    assert mail.outbox[0].to == ["secretaria@example.cat"]


def test_a_name_that_looks_like_an_address_never_becomes_the_customers_address(mailbox):
    stored = deliver(write_email(sender='"director@bank.example" <nuria@example.cat>'), mailbox)

    assert stored.from_address == "nuria@example.cat"
    assert stored.case.contact.value == "nuria@example.cat"
    assert stored.case.customer.name == "director@bank.example"
    assert not Customer.objects.filter(contacts__value="director@bank.example").exists()
    assert mail.outbox[0].to == ["nuria@example.cat"]


def test_an_address_longer_than_any_address_can_be_is_no_sender_and_breaks_nothing(mailbox):
    long = b"n" * 300 + b"@example.cat"
    raw = write_email()
    beside = deliver(raw.replace(b"From: ", b"From: " + long + b", ", 1), mailbox)
    alone = deliver(
        write_email(subject="Una altra").replace(b"From: ", b"From: " + long + b"\r\nX-Was: ", 1),
        mailbox,
    )

    assert beside.status == InboundStatus.PROCESSED, beside.detail
    assert beside.from_address == "nuria@example.cat"
    assert alone.quarantine == Quarantine.NO_SENDER, alone.detail


def test_address_headers_of_thousands_of_addresses_are_processed_in_reasonable_time(mailbox):
    many = ",\r\n ".join(f"user{n}@example.cat" for n in range(10_000)).encode()
    raw = write_email()
    raw = raw.replace(b"From: ", b"From: " + many + b",\r\n ", 1)
    raw = raw.replace(b"To: ", b"To: " + many + b",\r\n ", 1)
    raw = raw.replace(b"Subject: ", b"Cc: " + b'"' * 20_000 + b"\r\nSubject: ", 1)

    started = time.monotonic()
    stored = deliver(raw, mailbox)

    # Some 2 seconds alone, most of it outside the address parser; the bound leaves room.
    assert time.monotonic() - started < 30
    assert stored.status == InboundStatus.PROCESSED, stored.detail
    assert stored.from_address == "user0@example.cat"
