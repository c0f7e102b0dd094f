"""The security log: every sign-in, failure, pause, access change and original downloaded is
recorded with where it came from, and only administrators read it, on the screen and the API."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mostrador.accounts.models import User
from mostrador.channels.email.choices import InboundStatus
from mostrador.channels.email.models import InboundEmail
from mostrador.core import timeutils
from mostrador.core.models import Event
from mostrador.testing.forms import read_form

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.7"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


def _sign_in(username, password, *, path="/login/", address=OFFICE, **headers):
    client = Client(HTTP_USER_AGENT=BROWSER)
    answer = client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )
    return client, answer


def _events(verb):
    return list(Event.objects.filter(verb=verb).order_by("id"))


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_sign_in_is_recorded_with_its_address_and_browser(people):
    client, answer = _sign_in(people.operator.username, "secret-password")

    assert answer.status_code == 302
    (event,) = _events("accounts.user.signed_in")
    assert event.subject_id == str(people.operator.pk)
    assert event.actor == people.operator
    assert event.data["ip_address"] == OFFICE
    assert event.data["user_agent"] == BROWSER
    assert event.data["path"] == "/login/"

    client.post(reverse("web:logout"), REMOTE_ADDR=OFFICE)
    (out,) = _events("accounts.user.signed_out")
    assert out.subject_id == str(people.operator.pk)


def test_a_wrong_password_is_recorded_on_the_account_and_never_the_password(people):
    _sign_in(people.operator.username, "hunter2-wrong")

    (event,) = _events("accounts.user.sign_in_failed")
    assert event.subject_id == str(people.operator.pk)
    assert event.actor is None, "nobody signed in did it"
    assert event.data["username"] == people.operator.username
    assert event.data["ip_address"] == OFFICE
    assert "hunter2" not in str(event.data)


def test_guessing_at_names_nobody_has_is_recorded_and_its_pause_too(people, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in("ghost", "wrong", address="192.0.2.9")

    failures = _events("accounts.user.sign_in_failed")
    assert len(failures) == settings.AXES_FAILURE_LIMIT
    assert {(e.subject_id, e.subject_repr) for e in failures} == {("", "ghost")}
    (pause,) = _events("accounts.user.locked_out")
    assert (pause.subject_id, pause.subject_repr) == ("", "ghost")
    assert pause.data["ip_address"] == "192.0.2.9"


def test_behind_a_trusted_proxy_the_address_is_the_one_the_proxy_saw(people, settings):
    settings.TRUST_PROXY_HEADERS = True
    forwarded = {"HTTP_X_FORWARDED_FOR": "10.9.9.9, 198.51.100.4"}

    _sign_in(people.operator.username, "wrong", address="127.0.0.1", **forwarded)

    (event,) = _events("accounts.user.sign_in_failed")
    assert event.data["ip_address"] == "198.51.100.4", "the proxy's entry, not a forged one"


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(people, settings):
    settings.TRUST_PROXY_HEADERS = False

    _sign_in(people.operator.username, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.4")

    (event,) = _events("accounts.user.sign_in_failed")
    assert event.data["ip_address"] == OFFICE


def test_behind_a_proxy_each_client_is_paused_apart(people, settings):
    settings.TRUST_PROXY_HEADERS = True
    settings.AXES_ADDRESS_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(f"nobody{n}", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9")

    _, guesser = _sign_in("nobody", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9")
    _, colleague = _sign_in(
        people.operator.username,
        "secret-password",
        address="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )

    assert guesser.status_code == 429
    assert colleague.status_code == 302, "not paused for the proxy's one address"


def _superuser_client(people) -> Client:
    people.admin.is_superuser = True
    people.admin.save()
    return _signed_in(people.admin)


def test_granting_superuser_in_the_admin_is_recorded(people):
    client = _superuser_client(people)
    url = reverse("admin:accounts_user_change", args=[people.technician.pk])
    data = read_form(client, url, "user_form")
    data["is_superuser"] = ["on"]

    answer = client.post(url, data)

    assert answer.status_code == 302, answer.content[:500]
    (event,) = _events("accounts.user.privileges_changed")
    assert event.actor == people.admin
    assert event.subject_id == str(people.technician.pk)
    assert event.data == {"fields": ["is_superuser"], "values": {"is_superuser": True}}


def test_deactivating_in_the_admin_is_recorded_once(people):
    client = _superuser_client(people)
    url = reverse("admin:accounts_user_change", args=[people.technician.pk])
    data = read_form(client, url, "user_form")
    data.pop("is_active", None)

    assert client.post(url, data).status_code == 302

    people.technician.refresh_from_db()
    assert not people.technician.is_active
    (event,) = _events("accounts.user.deactivated")
    assert event.actor == people.admin
    assert _events("accounts.user.privileges_changed") == []


def test_a_plain_save_in_the_admin_records_nothing(people):
    client = _superuser_client(people)
    url = reverse("admin:accounts_user_change", args=[people.technician.pk])

    assert client.post(url, read_form(client, url, "user_form")).status_code == 302

    assert _events("accounts.user.privileges_changed") == []


def test_only_administrators_read_the_security_log(people):
    _sign_in(people.operator.username, "wrong")

    page = _signed_in(people.admin).get(reverse("web:security-log"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Failed sign-in" in text
    assert OFFICE in text
    assert "Security log" in text
    for someone in (people.operator, people.head, people.technician):
        refused = _signed_in(someone).get(reverse("web:security-log"))
        assert refused.status_code == 403
        assert "Security log" not in _signed_in(someone).get(reverse("web:home")).content.decode()


def test_the_log_narrows_to_a_kind_a_person_and_an_address(people):
    _sign_in(people.operator.username, "wrong", address="198.51.100.4")
    _sign_in(people.technician.username, "wrong", address=OFFICE)
    _sign_in(people.technician.username, "secret-password", address=OFFICE)
    client = _signed_in(people.admin)
    url = reverse("web:security-log")

    def shown(**query):
        page = client.get(url, query)
        assert page.status_code == 200
        return list(page.context["page"])

    failed = shown(kind="accounts.user.sign_in_failed")
    assert {e.subject_id for e in failed} == {str(people.operator.pk), str(people.technician.pk)}
    assert {e.subject_repr for e in shown(person="laia")} == {str(people.technician)}
    assert [e.data["username"] for e in shown(address="198.51.100.4")] == ["pau"]
    assert client.get(url, {"address": "not-an-address"}).status_code == 422


def test_the_log_page_costs_the_same_queries_for_many_events(people):
    client = _signed_in(people.admin)
    url = reverse("web:security-log")
    _sign_in("ghost", "wrong")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        _sign_in(people.operator.username, "wrong", address=f"198.51.100.{n + 1}")
        _sign_in(people.technician.username, "secret-password")

    with CaptureQueriesContext(connection) as many:
        page = client.get(url)

    assert len(page.context["page"]) > 6
    assert len(many) == len(few)


def test_the_api_gives_administrators_the_log_a_page_at_a_time(people):
    for n in range(3):
        _sign_in(people.operator.username, "wrong", address=f"198.51.100.{n + 1}")
    client = _signed_in(people.admin)
    url = "/api/v1/security-events"

    first = client.get(url, {"kind": "accounts.user.sign_in_failed", "limit": 2}).json()
    rest = client.get(
        url, {"kind": "accounts.user.sign_in_failed", "before": first["next_before"]}
    ).json()

    addresses = [item["ip_address"] for item in first["items"] + rest["items"]]
    assert addresses == ["198.51.100.3", "198.51.100.2", "198.51.100.1"]
    assert first["items"][0]["label"] == "Failed sign-in"
    assert first["items"][0]["account_known"] is True
    assert rest["next_before"] is None
    refused = _signed_in(people.head).get(url)
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"


@pytest.fixture
def received(people) -> InboundEmail:
    from mostrador.channels.email.models import Mailbox  # noqa: PLC0415

    mailbox = Mailbox.objects.create(
        name="SAC", address="atencio@example.com", department=people.customer_service
    )
    raw = b"From: a@example.org\r\nSubject: hola\r\n\r\nbon dia\r\n"
    return InboundEmail.objects.create(
        mailbox=mailbox,
        raw=raw,
        size=len(raw),
        raw_sha256="x" * 64,
        source="smtp",
        received_at=timeutils.now(),
        status=InboundStatus.QUARANTINED,
    )


def test_an_original_email_leaves_only_with_an_administrator_and_is_recorded(people, received):
    url = reverse("admin:channels_inboundemail_raw", args=[received.pk])
    # A member of staff with the model's view permission is still no administrator.
    people.head.user_permissions.add(Permission.objects.get(codename="view_inboundemail"))
    people.head = User.objects.get(pk=people.head.pk)

    refused = _signed_in(people.head).get(url)
    download = _signed_in(people.admin).get(url)

    assert refused.status_code == 403
    assert download.status_code == 200
    assert download.content.startswith(b"From: a@example.org")
    (event,) = _events("channels.inbound_email.original_downloaded")
    assert event.actor == people.admin
