"""The case page shows what email did: folded quotes, the original, the formatted version,
whether each reply reached the customer."""

import pytest
from django.test import Client
from django.test.utils import override_settings

from mostrador.cases.choices import MessageKind
from mostrador.channels.email.choices import OutboundStatus
from mostrador.channels.email.models import OutboundEmail
from mostrador.channels.email.tests.factories import deliver, make_mailbox, write_email
from mostrador.testing.files import PNG

pytestmark = pytest.mark.django_db

QUOTED = (
    "Encara no funciona.\n\n"
    "On Fri, 5 Dec 2026 at 10:03, Atenció al Client <atencio@example.com> wrote:\n"
    "> Bon dia, hem rebut la vostra sol·licitud.\n"
)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def emailed(people):
    mailbox = make_mailbox(people.customer_service)
    return deliver(
        write_email(
            body=QUOTED,
            html='<p>Encara <b>no</b> funciona.</p><img src="cid:foto1"><img src="https://track.example/p.gif">',
            attachments=[("foto.png", "image/png", PNG)],
        ),
        mailbox,
    )


def test_quoted_history_is_folded_and_the_original_and_formatted_versions_are_linked(
    people, emailed
):
    case = emailed.case

    page = client_for(people.operator).get(f"/cases/{case.reference}/").content.decode()

    assert "Encara no funciona." in page
    assert "<summary>Show quoted text</summary>" in page
    message_id = emailed.case_message_id
    assert f"/cases/{case.reference}/messages/{message_id}/original/" in page
    assert f"/cases/{case.reference}/messages/{message_id}/formatted/" in page


def test_the_original_email_downloads_exactly_as_received_for_who_may_see_the_case(people, emailed):
    url = f"/cases/{emailed.case.reference}/messages/{emailed.case_message_id}/original/"

    response = client_for(people.operator).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "message/rfc822"
    assert response.content == bytes(emailed.raw)
    assert client_for(people.outsider).get(url).status_code == 404


def test_the_formatted_version_is_sandboxed_shows_its_own_images_and_no_remote_ones(
    people, emailed
):
    message = emailed.case_message
    [image] = message.attachments.all()
    image.content_id = "foto1"
    image.save()
    url = f"/cases/{emailed.case.reference}/messages/{message.pk}/formatted/"

    response = client_for(people.operator).get(url)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Encara <b>no</b> funciona." in body
    assert f'src="/api/v1/attachments/{image.pk}"' in body
    assert "track.example" not in body
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy
    assert "script-src" not in policy
    assert "default-src 'none'" in policy
    assert client_for(people.outsider).get(url).status_code == 404


@override_settings(
    MAILERS={
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            # Nothing listens on port 9: the send fails as with a mail server that is down.
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
)
def test_a_reply_that_could_not_be_sent_says_so_on_the_page(
    people, emailed, django_capture_on_commit_callbacks
):
    case = emailed.case
    client = client_for(people.operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/cases/{case.reference}/messages/",
            {"message-kind": MessageKind.OUTBOUND, "message-body": "Us truquem demà."},
        )
    reply = OutboundEmail.objects.get(case=case, kind="cases.reply")
    assert reply.status == OutboundStatus.RETRYING
    OutboundEmail.objects.filter(pk=reply.pk).update(status=OutboundStatus.FAILED)

    page = client.get(f"/cases/{case.reference}/").content.decode()

    assert "Some emails did not reach the customer:" in page
    assert "Could not be delivered" in page
    assert "ConnectionRefusedError" in page


def test_a_case_logged_by_hand_as_an_email_offers_no_original_to_download(people):
    from mostrador.cases.tests.factories import open_case

    case = open_case(actor=people.operator, channel="email")

    page = client_for(people.operator).get(f"/cases/{case.reference}/").content.decode()

    assert "Original email" not in page
