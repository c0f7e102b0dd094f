"""Password guessing is paused per account and per address, says so, is recorded, and an
administrator can lift it."""

import pytest
from django.test import Client

from mostrador.core.models import Event

pytestmark = pytest.mark.django_db

LIMIT = 5


def _sign_in(client, username, password, *, path="/login/", address="203.0.113.7"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def _guess(client, username, times, **where):
    return [_sign_in(client, username, "wrong", **where) for _ in range(times)]


def test_wrong_passwords_pause_the_account_with_a_clear_message_and_an_event(people):
    client = Client()
    answers = _guess(client, people.operator.username, LIMIT)

    assert answers[-1].status_code == 429
    page = answers[-1].content.decode()
    assert "Sign-in paused" in page
    assert "ask an administrator" in page
    right = _sign_in(client, people.operator.username, "secret-password")
    assert right.status_code == 429, "not even the right password while paused"
    event = Event.objects.filter(verb="accounts.user.locked_out").order_by("id").first()
    assert event is not None
    assert event.subject_id == str(people.operator.pk)
    assert event.data["ip_address"] == "203.0.113.7"


def test_the_pause_is_per_account_and_per_address(people, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    _guess(Client(), people.operator.username, LIMIT, address="203.0.113.7")

    # Another address cannot sign in to the paused account either...
    elsewhere = _sign_in(Client(), people.operator.username, "wrong", address="198.51.100.2")
    assert elsewhere.status_code == 429
    # ...and one address trying many accounts is paused at its own, higher limit.
    for n in range(11):
        assert _sign_in(Client(), f"nobody{n}", "wrong", address="192.0.2.9").status_code == 200
    assert _sign_in(Client(), f"nobody{n}", "wrong", address="192.0.2.9").status_code == 429
    other_account = _sign_in(Client(), people.technician.username, "wrong", address="192.0.2.9")
    assert other_account.status_code == 429


def test_one_persons_typos_do_not_lock_out_colleagues_at_the_same_office(people):
    _guess(Client(), people.operator.username, LIMIT, address="203.0.113.7")

    colleague = _sign_in(Client(), people.technician.username, "secret-password")

    assert colleague.status_code == 302, "signed in from the office's shared address"


def test_the_admin_login_is_paused_as_well(people):
    answers = _guess(Client(), people.admin.username, LIMIT, path="/admin/login/")

    assert answers[-1].status_code == 429


def test_an_administrator_lifts_the_pause_in_the_admin(people):
    from axes.models import AccessAttempt

    from mostrador.accounts.models import User

    _guess(Client(), people.operator.username, LIMIT)
    attempt = AccessAttempt.objects.get(username=people.operator.username)
    administrator = Client()
    administrator.force_login(User.objects.create_superuser("root", "root@example.com", "x"))

    response = administrator.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _sign_in(Client(), people.operator.username, "wrong").status_code == 200
