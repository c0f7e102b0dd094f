"""Two-step sign-in through the staff pages and the admin: the second step, setting it up,
and where TWO_FACTOR_REQUIRED_FOR makes it compulsory."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import URLPattern, reverse
from django_otp import DEVICE_ID_SESSION_KEY

from mostrador.accounts import twofactor
from mostrador.accounts.models import ApiToken
from mostrador.core import timeutils
from mostrador.core.models import Event
from mostrador.testing.twofactor import code_for, enrol, wrong_code
from mostrador.web import twostep
from mostrador.web.urls import urlpatterns as web_urlpatterns

pytestmark = pytest.mark.django_db

PASSWORD = "secret-password"  # every persona's


def sign_in(client, user, *, path="/login/", **extra):
    return client.post(path, {"username": user.username, "password": PASSWORD, **extra})


def give_code(client, code, **extra):
    return client.post("/login/code/", {"code": code, **extra})


def signed_in(client):
    return SESSION_KEY in client.session


def failures(user):
    return Event.objects.filter(
        verb="accounts.user.two_factor_failed", subject_id=str(user.pk)
    ).count()


@pytest.fixture
def device(people):
    """The administrator has set up two-step sign-in."""
    device, _codes = enrol(people.admin)
    return device


def test_the_right_password_asks_for_a_code_and_signs_nobody_in(people, device):
    client = Client()

    response = sign_in(client, people.admin)

    assert response.status_code == 302
    assert response.headers["location"] == "/login/code/"
    assert not signed_in(client)
    assert client.get("/").headers["location"].startswith("/login/")
    page = client.get("/login/code/")
    assert page.status_code == 200
    assert "authenticator app" in page.content.decode()


def test_the_apps_code_signs_in_on_a_new_session_and_goes_on(people, device):
    client = Client()
    sign_in(client, people.admin, next="/departments/")
    pending_key = client.session.session_key

    response = give_code(client, code_for(device))

    assert response.status_code == 302
    assert response.headers["location"] == "/departments/"
    assert signed_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != pending_key
    assert twostep.PENDING not in client.session
    assert client.get("/departments/").status_code == 200


def test_wrong_codes_are_refused_and_enough_of_them_drop_the_sign_in(people, device):
    client = Client()
    sign_in(client, people.admin)

    for _try in range(twostep.CODE_TRIES - 1):
        refused = give_code(client, wrong_code(device))
        assert refused.status_code == 200
        assert "That code is not right" in refused.content.decode()
        assert not signed_in(client)
    last = give_code(client, wrong_code(device))

    assert last.status_code == 302
    assert last.headers["location"] == "/login/"
    assert twostep.PENDING not in client.session
    late = give_code(client, code_for(device))
    assert late.headers["location"] == "/login/", "even the right code: the password again"
    assert not signed_in(client)
    assert failures(people.admin) == twostep.CODE_TRIES


def test_wrong_codes_count_as_wrong_passwords_and_pause_the_account(people, device, settings):
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        if attempt % twostep.CODE_TRIES == 0:
            assert sign_in(client, people.admin).status_code == 302
        answer = give_code(client, wrong_code(device))

    assert answer.status_code == 429
    assert "Sign-in paused" in answer.content.decode()
    assert sign_in(client, people.admin).status_code == 429, "nor the password while paused"
    assert Event.objects.filter(verb="accounts.user.locked_out").exists()


def test_a_backup_code_signs_in_once(people):
    _device, codes = enrol(people.admin)
    client = Client()
    sign_in(client, people.admin)

    assert give_code(client, codes[0]).status_code == 302
    assert signed_in(client)
    client.post("/logout/")
    sign_in(client, people.admin)
    again = give_code(client, codes[0])

    assert again.status_code == 200
    assert not signed_in(client)
    assert Event.objects.filter(verb="accounts.user.two_factor_backup_code_used").count() == 1


def test_the_sign_in_waits_for_its_code_a_few_minutes_only(people, device):
    client = Client()
    with time_machine.travel(timeutils.now(), tick=False) as clock:
        sign_in(client, people.admin)
        clock.shift(dt.timedelta(seconds=twostep.PENDING_SECONDS + 1))

        late = give_code(client, code_for(device))

    assert late.headers["location"] == "/login/"
    assert not signed_in(client)


def test_the_admin_login_asks_for_the_code_too(people, device):
    client = Client()

    response = sign_in(client, people.admin, path="/admin/login/")

    assert response.headers["location"] == "/login/code/"
    assert not signed_in(client)
    assert client.get("/admin/").headers["location"].startswith("/admin/login/")
    done = give_code(client, code_for(device))
    assert done.headers["location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_session_that_skipped_the_second_step_cannot_use_the_admin(people, device):
    client = Client()
    client.force_login(people.admin)  # a session from before they set it up

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.headers["location"] == "/login/code/?next=%2Fadmin%2F"
    done = give_code(client, code_for(device), next="/admin/")
    assert done.headers["location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_someone_without_it_signs_in_with_the_password_as_before(people):
    client = Client()

    response = sign_in(client, people.admin, path="/admin/login/")

    assert response.headers["location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def _pages_without_arguments():
    for pattern in web_urlpatterns:
        if isinstance(pattern, URLPattern) and not pattern.pattern.converters:
            yield reverse(f"web:{pattern.name}")


def test_where_admins_must_use_it_an_admin_without_it_is_sent_to_set_it_up(people, settings):
    settings.TWO_FACTOR_REQUIRED_FOR = "admins"
    client = Client()
    client.force_login(people.admin)
    reachable = {reverse(name) for name in twostep.EXEMPT if name.startswith("web:")}
    pages = [*_pages_without_arguments(), "/admin/", "/admin/accounts/user/", "/api/v1/me"]

    for page in pages:
        if page in reachable:
            continue
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.headers["location"].startswith("/two-step/?next="), page

    assert client.get("/two-step/").status_code == 200
    assert "must use two-step sign-in" in client.get("/two-step/").content.decode()
    language = client.post("/language/", {"language": "es", "next": "/"})
    assert language.headers["location"] == "/"
    assert client.post("/logout/").headers["location"] == "/login/"


def test_where_admins_must_use_it_an_admin_without_it_mints_no_token(people, settings):
    settings.TWO_FACTOR_REQUIRED_FOR = "admins"
    client = Client()
    client.force_login(people.admin)

    page = client.post("/tokens/", {"name": "Script", "lifetime": "90"})
    api = client.post("/api/v1/tokens", {"name": "Script"}, content_type="application/json")

    assert page.headers["location"].startswith("/two-step/")
    assert api.headers["location"].startswith("/two-step/")
    assert not ApiToken.objects.exists()


def test_where_admins_must_use_it_an_operator_is_not_asked(people, settings):
    settings.TWO_FACTOR_REQUIRED_FOR = "admins"
    client = Client()
    client.force_login(people.operator)

    assert client.get("/").status_code == 200
    assert client.post("/tokens/", {"name": "Script", "lifetime": "90"}).status_code == 200
    assert ApiToken.objects.filter(user=people.operator).exists()


def test_where_admins_must_use_it_their_api_tokens_still_work(people, settings, token_for):
    secret = token_for(people.admin)
    settings.TWO_FACTOR_REQUIRED_FOR = "admins"

    response = Client().get("/api/v1/me", headers={"authorization": f"Bearer {secret}"})

    assert response.status_code == 200


def test_where_admins_must_use_it_an_older_session_gives_its_code_first(people, device, settings):
    settings.TWO_FACTOR_REQUIRED_FOR = "admins"
    client = Client()
    client.force_login(people.admin)

    response = client.get("/queues/")
    assert response.headers["location"] == "/login/code/?next=%2Fqueues%2F"
    assert "Back to sign in" not in client.get("/login/code/").content.decode()
    assert give_code(client, code_for(device), next="/queues/").headers["location"] == "/queues/"

    assert client.get("/queues/").status_code == 200
    assert client.post("/tokens/", {"name": "Script", "lifetime": "90"}).status_code == 200
    assert ApiToken.objects.filter(user=people.admin).exists()


def test_an_htmx_request_is_told_to_go_to_the_page_whole(people, settings):
    settings.TWO_FACTOR_REQUIRED_FOR = "staff"
    client = Client()
    client.force_login(people.operator)

    response = client.get("/queues/", headers={"hx-request": "true"})

    assert response.headers["HX-Redirect"].startswith("/two-step/")


def _set_up(client, *, next_url=""):
    """Go through the page as a person does: set up, then the QR code page's secret."""
    client.post("/two-step/set-up/", {"next": next_url} if next_url else {})
    page = client.get(reverse("web:two-step-confirm"), {"next": next_url} if next_url else {})
    return page, twofactor.get_enrolment(page.wsgi_request.user)


def test_setting_it_up_shows_the_qr_code_and_the_key_and_a_wrong_code_confirms_nothing(people):
    client = Client()
    client.force_login(people.operator)
    assert "Off" in client.get("/two-step/").content.decode()

    page, device = _set_up(client)
    content = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'<img class="qr-code" src="data:image/svg\+xml', content)
    assert twofactor.secret_of(device) in content
    assert 'style="' not in content, "the CSP allows no inline styles"
    wrong = client.post(reverse("web:two-step-confirm"), {"code": wrong_code(device)})

    assert wrong.status_code == 422
    assert not twofactor.has_two_factor(people.operator)
    assert failures(people.operator) == 1


def test_setting_it_up_where_required_gives_backup_codes_and_goes_back(people, settings):
    settings.TWO_FACTOR_REQUIRED_FOR = "admins"
    client = Client()
    client.force_login(people.admin)
    sent = client.get("/tokens/").headers["location"]
    assert sent == "/two-step/?next=%2Ftokens%2F"

    _page, device = _set_up(client, next_url="/tokens/")
    done = client.post(
        f"{reverse('web:two-step-confirm')}?next=%2Ftokens%2F", {"code": code_for(device)}
    )

    content = done.content.decode()
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", content)
    assert len(codes) == twofactor.BACKUP_CODE_COUNT
    assert 'href="/tokens/"' in content
    assert client.get("/tokens/").status_code == 200, "this session gave its code"
    assert client.post("/tokens/", {"name": "Script", "lifetime": "90"}).status_code == 200
    assert Event.objects.filter(verb="accounts.user.two_factor_enabled").exists()


def test_changing_it_needs_the_second_step_first(people, device):
    client = Client()
    client.force_login(people.admin)  # has a device, but this session did not give a code

    response = client.post("/two-step/set-up/")

    assert response.headers["location"] == "/login/code/?next=%2Ftwo-step%2Fset-up%2F"
    assert twofactor.get_enrolment(people.admin) is None


def test_turning_it_off_asks_for_a_current_code(people, device):
    client = Client()
    sign_in(client, people.admin)
    assert give_code(client, code_for(device)).status_code == 302
    assert signed_in(client)

    wrong = client.post("/two-step/turn-off/", {"code": wrong_code(device)})
    assert wrong.status_code == 422
    assert twofactor.has_two_factor(people.admin)

    device.refresh_from_db()
    device.throttle_reset()
    with time_machine.travel(timeutils.now() + dt.timedelta(seconds=60), tick=False):
        done = client.post("/two-step/turn-off/", {"code": code_for(device)})

    assert done.headers["location"] == "/two-step/"
    assert not twofactor.has_two_factor(people.admin)
    assert client.get("/").status_code == 200, "the session that turned it off goes on"


def test_setting_it_up_ends_the_persons_other_sessions(people):
    elsewhere = Client()  # e.g. a browser left signed in on a shared computer
    elsewhere.force_login(people.operator)
    assert elsewhere.get("/").status_code == 200
    client = Client()
    client.force_login(people.operator)

    _page, device = _set_up(client)
    done = client.post(reverse("web:two-step-confirm"), {"code": code_for(device)})

    assert done.status_code == 200
    assert client.get("/").status_code == 200, "the session that set it up gave its code"
    assert elsewhere.get("/").headers["location"].startswith("/login/")
    assert not signed_in(elsewhere)


def test_a_reset_in_the_admin_ends_the_persons_sessions(people):
    enrol(people.operator)
    operator = Client()
    operator.force_login(people.operator)
    assert operator.get("/").status_code == 200
    people.admin.is_superuser = True
    people.admin.save()
    admin = Client()
    admin.force_login(people.admin)

    admin.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_step", "_selected_action": [people.operator.pk]},
    )

    assert operator.get("/").headers["location"].startswith("/login/")
    assert admin.get("/").status_code == 200


def test_an_administrator_resets_a_lost_phone_in_the_admin(people):
    enrol(people.operator)
    people.admin.is_superuser = True
    people.admin.save()
    client = Client()
    client.force_login(people.admin)

    listing = client.get(reverse("admin:accounts_user_changelist"))
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_step", "_selected_action": [people.operator.pk]},
        follow=True,
    )

    assert listing.status_code == 200
    assert "Two-step sign-in reset for 1 staff member." in response.content.decode()
    assert not twofactor.has_two_factor(people.operator)
    assert Event.objects.get(verb="accounts.user.two_factor_reset").actor == people.admin


def test_a_head_cannot_reset_an_administrators_in_the_admin(people):
    enrol(people.admin)
    people.head.user_permissions.set(
        Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    client = Client()
    client.force_login(people.head)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_step", "_selected_action": [people.admin.pk]},
        follow=True,
    )

    assert "1 staff member is not yours to reset." in response.content.decode()
    assert twofactor.has_two_factor(people.admin)
