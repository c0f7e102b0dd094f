"""The email channel in the admin: passwords stored encrypted, quarantine released, sends retried."""

import pytest
from django.test import Client
from django.urls import reverse

from mostrador.channels.email import credentials
from mostrador.channels.email.choices import InboundStatus, OutboundStatus, Quarantine
from mostrador.channels.email.models import InboundEmail, Mailbox, OutboundEmail
from mostrador.channels.email.tests.factories import deliver, make_mailbox, write_email
from mostrador.core.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(people):
    people.admin.is_superuser = True
    people.admin.save()
    client = Client()
    client.force_login(people.admin)
    return client


@pytest.fixture
def mailbox(people):
    return make_mailbox(people.customer_service)


def test_a_mailbox_password_is_stored_encrypted_and_never_shown_again(admin_client, people):
    response = admin_client.post(
        reverse("admin:channels_mailbox_add"),
        {
            "name": "SAC",
            "address": "sac@example.com",
            "department": people.customer_service.pk,
            "protocol": "imap",
            "is_active": "on",
            "imap_host": "imap.example.com",
            "imap_security": "tls",
            "imap_username": "sac",
            "password": "s3cret-pw",
            "imap_folder": "INBOX",
            "after_fetch": "move",
            "processed_folder": "Mostrador",
            "use_idle": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    mailbox = Mailbox.objects.get()
    assert "s3cret-pw" not in mailbox.imap_password_encrypted
    assert credentials.password(mailbox) == "s3cret-pw"
    page = admin_client.get(reverse("admin:channels_mailbox_change", args=[mailbox.pk]))
    assert "s3cret-pw" not in page.content.decode()
    assert Event.objects.filter(verb="channels.mailbox.password_changed").exists()


def test_a_quarantined_message_is_processed_again_from_the_admin(admin_client, mailbox, settings):
    settings.EMAIL_SENDER_LIMIT = 0
    held = deliver(write_email(), mailbox)
    assert held.quarantine == Quarantine.RATE_LIMITED

    response = admin_client.post(
        reverse("admin:channels_inboundemail_changelist"),
        {"action": "process_again", "_selected_action": [held.pk]},
        follow=True,
    )
    held.refresh_from_db()

    assert "1 message will be processed again." in response.content.decode()
    # In tests the queued task runs at the commit, which the test's transaction never reaches.
    assert held.status == InboundStatus.PENDING
    assert held.released
    from mostrador.channels.email import inbound

    assert inbound.process(held.pk) == "case_opened"


def test_the_original_of_a_received_message_downloads_from_the_admin(admin_client, mailbox):
    stored = deliver(write_email(), mailbox)

    response = admin_client.get(reverse("admin:channels_inboundemail_raw", args=[stored.pk]))

    assert response.status_code == 200
    assert response.content == bytes(stored.raw)
    listing = admin_client.get(reverse("admin:channels_inboundemail_change", args=[stored.pk]))
    assert listing.status_code == 200


def test_a_failed_email_is_sent_again_from_the_admin(admin_client, mailbox):
    stored = deliver(write_email(), mailbox)
    receipt = OutboundEmail.objects.get(case=stored.case)
    OutboundEmail.objects.filter(pk=receipt.pk).update(
        status=OutboundStatus.FAILED, attempts=12, last_error="SMTPRecipientsRefused"
    )

    response = admin_client.post(
        reverse("admin:channels_outboundemail_changelist"),
        {"action": "send_again", "_selected_action": [receipt.pk]},
        follow=True,
    )
    receipt.refresh_from_db()

    assert "1 email will be sent again." in response.content.decode()
    assert receipt.status == OutboundStatus.RETRYING
    assert receipt.attempts == 0


def test_staff_who_are_not_administrators_cannot_release_mail(people, mailbox, settings):
    from mostrador.channels.email import services
    from mostrador.core.errors import Forbidden

    settings.EMAIL_SENDER_LIMIT = 0
    held = deliver(write_email(), mailbox)

    with pytest.raises(Forbidden):
        services.reprocess_email(held, actor=people.head)
    assert InboundEmail.objects.get().status == InboundStatus.QUARANTINED


@pytest.mark.slow
def test_an_administrator_checks_a_mailbox_connection_and_fetches_it_now(
    admin_client, dovecot, imap_mailbox
):
    dovecot.deliver(write_email(), "sac@example.com")
    changelist = reverse("admin:channels_mailbox_changelist")

    checked = admin_client.post(
        changelist,
        {"action": "check_connection", "_selected_action": [imap_mailbox.pk]},
        follow=True,
    )
    fetched = admin_client.post(
        changelist, {"action": "poll_now", "_selected_action": [imap_mailbox.pk]}, follow=True
    )

    # The admin capitalises the first letter of its messages.
    assert "Atencio@example.com: connected." in checked.content.decode()
    assert "1 mailbox will be fetched." in fetched.content.decode()
    assert InboundEmail.objects.count() == 1


@pytest.mark.slow
def test_a_failed_connection_check_shows_the_servers_answer(admin_client, dovecot, imap_mailbox):
    imap_mailbox.imap_password_encrypted = credentials.encrypt("wrong")
    imap_mailbox.save()

    response = admin_client.post(
        reverse("admin:channels_mailbox_changelist"),
        {"action": "check_connection", "_selected_action": [imap_mailbox.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "Atencio@example.com: " in page
    assert "Authentication failed" in page
    assert "connected." not in page


def test_a_head_who_is_not_an_administrator_cannot_set_a_mailbox_password(people, mailbox):
    from mostrador.channels.email import services
    from mostrador.core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.set_mailbox_password(mailbox, password="x", actor=people.head)


def test_a_missing_password_variable_and_a_changed_key_say_what_to_do(mailbox, settings):
    from django.core.exceptions import ImproperlyConfigured

    mailbox.imap_password_env = "NO_SUCH_VARIABLE_HERE"
    with pytest.raises(ImproperlyConfigured, match="NO_SUCH_VARIABLE_HERE is not set"):
        credentials.password(mailbox)

    mailbox.imap_password_env = ""
    mailbox.imap_password_encrypted = credentials.encrypt("secret")
    settings.CREDENTIALS_KEY = "bm90LWEtZmVybmV0LWtleQ=="
    with pytest.raises(ImproperlyConfigured, match="Fernet key"):
        credentials.password(mailbox)
    from cryptography.fernet import Fernet

    settings.CREDENTIALS_KEY = Fernet.generate_key().decode()
    with pytest.raises(ImproperlyConfigured, match="enter the password again"):
        credentials.password(mailbox)


def test_delivery_reports_are_listed_and_filtered_by_whether_they_name_an_email(
    admin_client, mailbox
):
    from mostrador.channels.email.models import DeliveryReport
    from mostrador.core import timeutils

    opened = deliver(write_email(), mailbox)
    receipt = OutboundEmail.objects.get()
    bounce = deliver(write_email(sender="MAILER-DAEMON@mx.example.cat", subject="Bounce"), mailbox)
    common = {"inbound": bounce, "action": "failed", "permanent": True}
    DeliveryReport.objects.create(
        **common,
        outbound=receipt,
        recipient="nuria@example.cat",
        status="5.1.1",
        diagnostic="550 5.1.1 No such user",
        created_at=timeutils.now(),
    )
    DeliveryReport.objects.create(
        **common,
        recipient="ana@example.cat",
        status="5.2.2",
        diagnostic="552 5.2.2 Mailbox full",
        created_at=timeutils.now(),
    )
    url = reverse("admin:channels_deliveryreport_changelist")

    page = admin_client.get(url).content.decode()
    unattributed = admin_client.get(url, {"attributed": "no"}).content.decode()
    attributed = admin_client.get(url, {"attributed": "yes"}).content.decode()

    assert "552 5.2.2 Mailbox full" in page
    assert "550 5.1.1 No such user" in page
    inbound_url = reverse("admin:channels_inboundemail_change", args=[bounce.pk])
    assert inbound_url in unattributed
    assert "ana@example.cat" in unattributed
    assert "Not attributed" in unattributed
    assert "nuria@example.cat" not in unattributed
    assert reverse("admin:channels_outboundemail_change", args=[receipt.pk]) in attributed
    assert "ana@example.cat" not in attributed
    assert opened.case is not None


SPAM_HEADERS = {"X-Spam-Flag": "YES", "X-Spam-Status": "Yes, score=9.1 required=5.0 tests=GTUBE"}


def test_suspected_spam_waits_in_the_spam_folder_with_its_reasons(admin_client, mailbox, settings):
    settings.EMAIL_TRUST_SPAM_HEADERS = True
    spam = deliver(write_email(subject="Win a prize", headers=SPAM_HEADERS), mailbox)
    letter = deliver(write_email(sender="ana@example.cat", subject="My boiler"), mailbox)
    url = reverse("admin:channels_inboundemail_changelist")

    folder = admin_client.get(url, {"folder": "spam"}).content.decode()
    processed = admin_client.get(url, {"folder": "processed"}).content.decode()
    page = admin_client.get(reverse("admin:channels_inboundemail_change", args=[spam.pk]))

    assert spam.quarantine == Quarantine.SPAM
    assert spam.case is None
    assert not OutboundEmail.objects.filter(to_address="nuria@example.cat").exists()
    assert "Win a prize" in folder
    assert "My boiler" not in folder
    assert "My boiler" in processed
    assert letter.case is not None
    why = page.content.decode()
    assert "Suspected spam" in why
    assert "X-Spam-Flag" in why
    assert "tests=GTUBE" in why


def test_an_administrator_deletes_spam_for_good_and_nothing_else(admin_client, mailbox, settings):
    settings.EMAIL_TRUST_SPAM_HEADERS = True
    spam = deliver(write_email(subject="Win a prize", headers=SPAM_HEADERS), mailbox)
    letter = deliver(write_email(sender="ana@example.cat", subject="My boiler"), mailbox)

    response = admin_client.post(
        reverse("admin:channels_inboundemail_changelist"),
        {"action": "delete_spam", "_selected_action": [spam.pk, letter.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "1 message deleted from the Spam folder." in page
    assert "what was received is evidence" in page
    assert list(InboundEmail.objects.all()) == [letter]
    deleted = Event.objects.get(verb="channels.inbound_email.deleted")
    assert deleted.data["subject"] == "Win a prize"
    assert deleted.data["reasons"][0]["verdict"] == "personal"


def test_spam_released_from_the_admin_opens_its_case_unjudged(admin_client, mailbox, settings):
    from mostrador.channels.email import inbound

    settings.EMAIL_TRUST_SPAM_HEADERS = True
    spam = deliver(write_email(subject="Not spam at all", headers=SPAM_HEADERS), mailbox)

    admin_client.post(
        reverse("admin:channels_inboundemail_changelist"),
        {"action": "process_again", "_selected_action": [spam.pk]},
    )

    assert inbound.process(spam.pk) == "case_opened"
    spam.refresh_from_db()
    assert spam.case is not None
    assert [r["verdict"] for r in spam.reasons] == ["personal", "released"]
