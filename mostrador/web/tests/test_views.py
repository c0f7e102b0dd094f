import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from mostrador.accounts import services as accounts_services
from mostrador.accounts.models import ApiToken

pytestmark = pytest.mark.django_db
PAGES = ["/", "/departments/", "/tokens/"]


@pytest.fixture
def head_client(people):
    client = Client()
    client.force_login(people.head)
    return client


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_a_signed_in_person(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.headers["location"].startswith("/login/")


def test_signing_in_switches_to_the_persons_language(client, people):
    people.head.language = "es"
    people.head.save()

    response = client.post("/login/", {"username": "montserrat", "password": "secret-password"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_a_wrong_password_shows_an_error(client, people):
    response = client.post("/login/", {"username": "montserrat", "password": "nope"})

    assert response.status_code == 200
    assert b'role="alert"' in response.content


def test_home_shows_my_departments_and_not_the_system_status_to_a_head(
    head_client, django_assert_max_num_queries
):
    # The home page is the person's work: see test_home.py. The system status is the
    # administrators' only.
    with django_assert_max_num_queries(17):
        response = head_client.get("/")

    content = response.content.decode()
    assert "Atenció al Client" in content
    assert "System status" not in content


def test_departments_and_their_members(head_client, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        listing = head_client.get("/departments/")
    assert "Servei d&#x27;Assistència Tècnica" in listing.content.decode()

    detail = head_client.get(f"/departments/{people.customer_service.pk}/").content.decode()
    assert "Pau Serra" in detail
    assert "atencio@example.com" in detail
    assert head_client.get("/departments/999999/").status_code == 404


def test_create_a_token_see_it_once_and_revoke_it(head_client, people):
    created = head_client.post("/tokens/", {"name": "Spreadsheet", "lifetime": "90"})
    token = ApiToken.objects.get(user=people.head)
    assert token.prefix in created.content.decode()
    assert "mst_" in created.content.decode()
    assert "mst_" not in head_client.get("/tokens/").content.decode().replace(token.prefix, "")

    revoked = head_client.post(f"/tokens/{token.pk}/revoke/", follow=True)
    assert "is revoked" in revoked.content.decode()
    again = head_client.post(f"/tokens/{token.pk}/revoke/", follow=True)
    assert "already revoked" in again.content.decode()


def test_a_token_without_a_name_shows_the_form_error(head_client):
    response = head_client.post("/tokens/", {"name": ""})

    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize(
    ("lifetime", "expires_in"),
    [("30", dt.timedelta(days=30)), ("365", dt.timedelta(days=365)), ("never", None)],
)
def test_the_form_creates_a_token_with_the_chosen_lifetime(
    head_client, people, lifetime, expires_in
):
    t0 = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False):
        response = head_client.post("/tokens/", {"name": "Spreadsheet", "lifetime": lifetime})

    assert response.status_code == 200
    expected = None if expires_in is None else t0 + expires_in
    assert ApiToken.objects.get(user=people.head).expires_at == expected


def test_the_form_offers_lifetimes_and_chooses_90_days(head_client):
    page = head_client.get("/tokens/").content.decode()

    assert '<option value="90" selected>' in page
    for value in ("30", "365", "never"):
        assert f'<option value="{value}">' in page


def test_the_tokens_page_shows_each_tokens_expiry_and_last_use(head_client, people):
    t0 = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False):
        used, secret = accounts_services.create_api_token(
            people.head, name="Used", actor=people.head, expires_in_days=30
        )
        accounts_services.create_api_token(
            people.head, name="Forever", actor=people.head, expires_in_days=None
        )
    with time_machine.travel(t0 + dt.timedelta(days=2), tick=False):
        accounts_services.authenticate_api_token(secret)
    with time_machine.travel(t0 + dt.timedelta(days=40), tick=False):
        accounts_services.create_api_token(people.head, name="Fresh", actor=people.head)
        page = head_client.get("/tokens/").content.decode()

    rows = {row.split("<td>")[1].split("</td>")[0]: row for row in page.split("<tr>")[2:]}
    cells = {name: row.split("<td>")[4:6] for name, row in rows.items()}  # last used, expires
    assert [cell[:10] for cell in cells["Used"]] == ["03/04/2026", "01/05/2026"]  # d/m/Y
    assert ">Expired<" in rows["Used"]
    assert "Revoke" not in rows["Used"]
    assert cells["Forever"][1].startswith("Never expires")
    assert cells["Fresh"][1].startswith("09/08/2026")
    assert "Revoke" in rows["Fresh"]


def test_revoking_someone_elses_token_is_not_found(head_client, people, token_for):
    token_for(people.operator)

    assert head_client.post(f"/tokens/{ApiToken.objects.get().pk}/revoke/").status_code == 404


def test_switching_language_sets_the_cookie_and_the_profile(head_client, people):
    response = head_client.post("/language/", {"language": "es", "next": "/departments/"})

    assert response.headers["location"] == "/departments/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    people.head.refresh_from_db()
    assert people.head.language == "es"
    assert "Departamentos" in head_client.get("/departments/").content.decode()


def test_switching_language_never_redirects_off_site(client):
    response = client.post("/language/", {"language": "ca", "next": "https://evil.example/"})

    assert response.headers["location"] == "/"


@pytest.mark.parametrize("language", ["ca", "es"])
@pytest.mark.parametrize("url", PAGES)
def test_pages_in_catalan_and_spanish_show_no_english_interface_string(people, language, url):
    english = [
        "Departments",
        "API tokens",
        "Sign out",
        "Home",
        "Language",
        "System status",
        "Name",
        "Members",
    ]
    client = Client(headers={"accept-language": language})
    client.force_login(people.head)

    content = client.get(url).content.decode()

    assert f'<html lang="{language}">' in content
    leaked = [word for word in english if f">{word}<" in content]
    assert leaked == []


def test_pages_send_a_content_security_policy_with_a_script_nonce(head_client):
    response = head_client.get("/")

    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "'nonce-" in policy
    assert "<script" in response.content.decode()


def test_error_pages_use_the_layout(client):
    assert "Page not found" in client.get("/no-such-page/").content.decode()


def test_the_default_favicon_address_points_at_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.headers["location"].endswith("web/favicon.svg")


def test_the_api_reference_is_served_without_a_cdn(client):
    content = client.get("/api/v1/docs").content.decode()

    assert "cdn." not in content
    assert "/static/ninja/swagger-ui-bundle" in content
