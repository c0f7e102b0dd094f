import pytest
from django.test import Client

from mostrador.accounts.models import ApiToken
from mostrador.customers import services as customer_services

pytestmark = pytest.mark.django_db


def test_health_is_public_and_reports_each_component(client):
    response = client.get("/api/v1/health")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"]["status"] == "ok"
    assert body["database"]["detail"]["vendor"] in {"sqlite", "postgresql"}
    assert body["worker"] == {"status": "unknown", "detail": {"last_seen": None}}
    assert body["scheduler"]["status"] == "unknown"


def test_the_openapi_document_describes_the_api(client):
    document = client.get("/api/v1/openapi.json").json()

    assert document["openapi"].startswith("3.")
    assert {"/api/v1/health", "/api/v1/me", "/api/v1/departments", "/api/v1/customers"} <= set(
        document["paths"]
    )
    assert "ApiTokenAuth" in document["components"]["securitySchemes"]


@pytest.mark.parametrize("header", [None, "Bearer mst_not-a-token", "Token abc"])
def test_without_a_valid_token_the_api_answers_401_with_the_error_contract(people, header):
    headers = {"authorization": header} if header else {}

    response = Client(headers=headers).get("/api/v1/me")

    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Sign in or send a valid API token.",
        "fields": {},
    }


def test_a_token_acts_as_its_owner(api_client, people):
    response = api_client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json() == {
        "id": people.operator.pk,
        "username": "pau",
        "name": "Pau Serra",
        "email": "pau@example.com",
        "language": "en",
        "is_admin": False,
        "memberships": [
            {
                "department_id": people.customer_service.pk,
                "department": "Atenció al Client",
                "role": "operator",
            }
        ],
    }


def test_a_signed_in_browser_session_also_works(people):
    client = Client()
    client.force_login(people.head)

    assert client.get("/api/v1/me").json()["username"] == "montserrat"


def test_a_revoked_token_stops_working_at_once(api_client, people):
    token = ApiToken.objects.get(user=people.operator)

    response = api_client.post(f"/api/v1/tokens/{token.pk}/revoke")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None

    assert api_client.get("/api/v1/me").status_code == 401


def test_departments_list_in_a_fixed_number_of_queries(
    api_client, people, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):  # token lookup, last-use update, the list
        response = api_client.get("/api/v1/departments")

    assert response.status_code == 200
    assert [(d["code"], d["member_count"], d["head_count"]) for d in response.json()] == [
        ("sac", 3, 1),
        ("sat", 1, 0),
    ]


def test_department_detail_lists_members_and_404s_with_the_error_contract(api_client, people):
    body = api_client.get(f"/api/v1/departments/{people.customer_service.pk}").json()
    assert body["inbound_email"] == "atencio@example.com"
    assert {(m["username"], m["role"]) for m in body["members"]} == {
        ("pau", "operator"),
        ("montserrat", "head"),
        ("xavier", "admin"),
    }

    response = api_client.get("/api/v1/departments/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_create_list_and_revoke_tokens_through_the_api(api_client, people):
    session = Client()
    session.force_login(people.operator)  # a token may not create tokens: only a session
    created = session.post(
        "/api/v1/tokens", {"name": "Nightly export"}, content_type="application/json"
    )
    assert created.status_code == 201
    secret = created.json()["token"]
    assert secret.startswith("mst_")

    listed = api_client.get("/api/v1/tokens").json()
    assert {t["name"] for t in listed} == {"tests", "Nightly export"}
    assert all("token" not in t for t in listed)

    assert (
        Client(headers={"authorization": f"Bearer {secret}"}).get("/api/v1/me").status_code == 200
    )
    token_id = created.json()["id"]
    api_client.post(f"/api/v1/tokens/{token_id}/revoke")
    again = api_client.post(f"/api/v1/tokens/{token_id}/revoke")
    assert again.status_code == 409
    assert again.json()["code"] == "token_revoked"


def test_nobody_revokes_someone_elses_token(api_client, people, token_for):
    token_for(people.head)
    other = ApiToken.objects.get(user=people.head)

    assert api_client.post(f"/api/v1/tokens/{other.pk}/revoke").status_code == 404


def test_invalid_input_answers_422_with_the_fields_at_fault(api_client):
    response = api_client.post("/api/v1/tokens", {"name": ""}, content_type="application/json")

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["name"]


def test_create_and_find_customers(api_client):
    response = api_client.post(
        "/api/v1/customers",
        {
            "name": "Núria Puig",
            "language": "ca",
            "emails": ["Nuria@Example.cat"],
            "phones": ["612 345 678"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    customer = response.json()
    assert customer["contacts"] == [
        {"kind": "email", "value": "nuria@example.cat", "is_primary": True},
        {"kind": "phone", "value": "+34612345678", "is_primary": True},
    ]

    assert [c["id"] for c in api_client.get("/api/v1/customers", {"q": "612345678"}).json()] == [
        customer["id"]
    ]
    assert api_client.get(f"/api/v1/customers/{customer['id']}").json()["name"] == "Núria Puig"
    assert api_client.get("/api/v1/customers/999999").status_code == 404


def test_a_bad_customer_contact_answers_422_naming_the_field(api_client):
    response = api_client.post(
        "/api/v1/customers", {"name": "X", "phones": ["12"]}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_phone"
    assert "phone" in response.json()["fields"]


def test_a_short_search_is_refused(api_client):
    response = api_client.get("/api/v1/customers", {"q": "a"})

    assert response.status_code == 422
    assert "q" in response.json()["fields"]


def test_customer_search_runs_a_fixed_number_of_queries(
    api_client, people, django_assert_max_num_queries
):
    for n in range(15):
        customer_services.create_customer(
            name=f"Vidal {n}", emails=[f"v{n}@example.cat"], actor=people.operator
        )

    with django_assert_max_num_queries(4):  # token, last use, customers, their contacts
        response = api_client.get("/api/v1/customers", {"q": "vidal"})
    assert len(response.json()) == 15


def test_api_errors_speak_the_requests_language(people):
    response = Client(headers={"accept-language": "es"}).get("/api/v1/me")

    assert response.json()["message"] != "Sign in or send a valid API token."


def test_nul_characters_are_refused_with_the_error_contract(api_client):
    body = api_client.post(
        "/api/v1/customers", '{"name": "A\\u0000B"}', content_type="application/json"
    )
    query = api_client.get("/api/v1/customers", {"q": "ab\x00c"})
    path = api_client.get("/api/v1/cases/SAC%00-1")
    garbage = api_client.post("/api/v1/customers", "{not json", content_type="application/json")

    for response in (body, query, path, garbage):
        assert response.status_code == 400
        assert response.json()["code"] == "malformed_request"
