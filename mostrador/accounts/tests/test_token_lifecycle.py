"""An API token's life: it expires, it cannot mint tokens, it dies with its owner's access.

Every test goes through a real interface (the REST API, the Django admin) the way a client or a
browser would; the clock is moved with ``time_machine`` rather than by editing rows.
"""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from mostrador.accounts import services
from mostrador.accounts.models import ApiToken, User
from mostrador.accounts.tests.test_admin_roles import read_form
from mostrador.core.errors import Forbidden
from mostrador.core.selectors import list_events_for

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)
UNAUTHENTICATED = {
    "code": "unauthenticated",
    "message": "Sign in or send a valid API token.",
    "fields": {},
}


def bearer(secret: str, **kwargs) -> Client:
    return Client(headers={"authorization": f"Bearer {secret}"}, **kwargs)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def create_through_the_api(client: Client, **payload):
    return client.post(
        "/api/v1/tokens", {"name": "Nightly export", **payload}, content_type="application/json"
    )


# ------------------------------------------------------------------ expiry


@pytest.mark.parametrize(
    ("days", "works_until"),
    [(30, dt.timedelta(days=30)), (365, dt.timedelta(days=365))],
)
def test_a_token_works_until_it_expires_then_answers_401(people, days, works_until):
    with time_machine.travel(T0, tick=False):
        created = create_through_the_api(signed_in(people.operator), expires_in_days=days)
    assert created.status_code == 201
    assert created.json()["expires_at"] == (T0 + works_until).isoformat().replace("+00:00", "Z")
    client = bearer(created.json()["token"])

    with time_machine.travel(T0 + works_until - dt.timedelta(seconds=1), tick=False):
        assert client.get("/api/v1/me").status_code == 200
    with time_machine.travel(T0 + works_until, tick=False):
        response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_a_token_lives_90_days_unless_told_otherwise(people, token_for):
    with time_machine.travel(T0, tick=False):
        client = bearer(token_for(people.operator))

    with time_machine.travel(T0 + dt.timedelta(days=89), tick=False):
        assert client.get("/api/v1/me").status_code == 200
    with time_machine.travel(T0 + dt.timedelta(days=90), tick=False):
        assert client.get("/api/v1/me").status_code == 401


def test_a_token_asked_to_never_expire_keeps_working(people):
    with time_machine.travel(T0, tick=False):
        created = create_through_the_api(signed_in(people.operator), expires_in_days=None)
    assert created.json()["expires_at"] is None

    with time_machine.travel(T0 + dt.timedelta(days=3650), tick=False):
        assert bearer(created.json()["token"]).get("/api/v1/me").status_code == 200


@pytest.mark.parametrize("days", [0, -1, 3651, 10**12])
def test_a_lifetime_out_of_range_is_refused_with_the_field_at_fault(people, days):
    response = create_through_the_api(signed_in(people.operator), expires_in_days=days)

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["expires_in_days"]
    assert not ApiToken.objects.exists()


def test_the_admin_creates_a_token_with_the_chosen_lifetime(people):
    people.admin.is_superuser = True
    people.admin.save()

    with time_machine.travel(T0, tick=False):
        response = signed_in(people.admin).post(
            reverse("admin:accounts_apitoken_add"),
            {"user": people.operator.pk, "name": "ERP", "lifetime": "30"},
            follow=True,
        )

    assert "mst_" in response.content.decode()
    assert ApiToken.objects.get().expires_at == T0 + dt.timedelta(days=30)


# ------------------------------------------------------------------ a token cannot mint tokens


def test_a_token_cannot_create_a_token(api_client, people):
    response = create_through_the_api(api_client)

    assert response.status_code == 403
    assert response.json()["code"] == "session_required"
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["tests"]


def test_a_signed_in_session_creates_tokens_through_the_api(people):
    response = create_through_the_api(signed_in(people.operator))

    assert response.status_code == 201
    assert bearer(response.json()["token"]).get("/api/v1/me").status_code == 200


def test_the_service_refuses_whoever_acts_through_a_token(people, token_for):
    """The rule lives in the service, so an interface that forgets to ask still obeys it."""
    acting = services.authenticate_api_token(token_for(people.operator))
    assert acting is not None

    with pytest.raises(Forbidden) as error:
        services.create_api_token(acting, name="minted", actor=acting)

    assert error.value.code == "session_required"
    assert ApiToken.objects.count() == 1


# ------------------------------------------------------------------ deactivated staff


def test_deactivating_a_user_in_the_admin_revokes_their_tokens(people, token_for):
    people.admin.is_superuser = True
    people.admin.save()
    client = bearer(token_for(people.operator))
    admin = signed_in(people.admin)
    url = reverse("admin:accounts_user_change", args=[people.operator.pk])
    data = read_form(admin, url, "user_form")
    del data["is_active"]

    response = admin.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/api/v1/me").status_code == 401
    token = ApiToken.objects.get()
    assert token.revoked_at is not None
    assert [e.verb for e in list_events_for(token)][-1] == "accounts.token.revoked"
    # Taking the access back later does not bring the token back.
    User.objects.filter(pk=people.operator.pk).update(is_active=True)
    assert client.get("/api/v1/me").status_code == 401


def test_the_deactivation_service_revokes_every_live_token(people, token_for):
    client = bearer(token_for(people.operator))
    token_for(people.operator)
    token_for(people.head)

    services.deactivate_user(people.operator, actor=people.admin)

    assert client.get("/api/v1/me").status_code == 401
    assert not User.objects.get(pk=people.operator.pk).is_active
    assert not ApiToken.objects.filter(user=people.operator, revoked_at__isnull=True).exists()
    assert ApiToken.objects.get(user=people.head).revoked_at is None


def test_a_token_of_an_inactive_user_authenticates_nobody(people, token_for):
    """Whatever way the flag was cleared (a shell, a bulk update), the token stops at once."""
    client = bearer(token_for(people.operator))
    User.objects.filter(pk=people.operator.pk).update(is_active=False)

    assert client.get("/api/v1/me").status_code == 401


# ------------------------------------------------------------------ bad tokens get 401, not 403


def _revoked(people, token_for) -> str:
    secret: str = token_for(people.operator)
    ApiToken.objects.update(revoked_at=T0)
    return secret


def _expired(people, token_for) -> str:
    with time_machine.travel(T0 - dt.timedelta(days=91), tick=False):
        secret: str = token_for(people.operator)
    return secret


def _unknown(people, token_for) -> str:
    return "mst_not-a-token"


@pytest.mark.parametrize("make_secret", [_revoked, _expired, _unknown])
def test_a_bad_token_posting_gets_401_json_not_a_csrf_403(people, token_for, make_secret):
    client = bearer(make_secret(people, token_for), enforce_csrf_checks=True)

    response = client.post(
        "/api/v1/customers", {"name": "Núria Puig"}, content_type="application/json"
    )

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize("make_secret", [_revoked, _unknown])
def test_a_request_with_a_bearer_token_is_judged_by_the_token_alone(people, token_for, make_secret):
    """A signed-in browser that also sends a dead token is not let in by its session."""
    client = signed_in(people.operator)

    response = client.get(
        "/api/v1/me", headers={"authorization": f"Bearer {make_secret(people, token_for)}"}
    )

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_a_good_token_posts_without_a_csrf_token(people, token_for):
    client = bearer(token_for(people.operator), enforce_csrf_checks=True)

    response = client.post(
        "/api/v1/customers", {"name": "Núria Puig"}, content_type="application/json"
    )

    assert response.status_code == 201


def test_the_tokens_that_still_work_are_listed_first_on_every_database(people):
    from mostrador.accounts.selectors import list_api_tokens_of

    owner = people.operator
    working_old, _secret = services.create_api_token(owner, name="old", actor=owner)
    revoked, _secret = services.create_api_token(owner, name="revoked", actor=owner)
    services.revoke_api_token(revoked, actor=owner)
    expired, _secret = services.create_api_token(owner, name="expired", actor=owner)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    working_new, _secret = services.create_api_token(owner, name="new", actor=owner)

    names = [token.name for token in list_api_tokens_of(owner)]

    assert names[:2] == ["new", "old"]
    assert set(names[2:]) == {"revoked", "expired"}
