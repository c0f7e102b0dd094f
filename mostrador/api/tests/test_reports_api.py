import datetime as dt

import pytest
import time_machine
from django.test import Client

from mostrador.cases import levels, ownership, services
from mostrador.cases.tests.factories import make_customer, open_case

pytestmark = pytest.mark.django_db
T = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)
NONE_MEASURED = {"count": 0, "mean": None, "p90": None}
NO_CLOCK = {"met": 0, "missed": 0, "pending": 0, "compliance": None}


def client_for(user, token_for):
    return Client(headers={"authorization": f"Bearer {token_for(user)}"})


def get_stats(client, **query):
    with time_machine.travel(NOW, tick=False):
        return client.get("/api/v1/stats", query)


@pytest.fixture
def admin_client(people, token_for):
    return client_for(people.admin, token_for)


@pytest.fixture
def customer(db):
    return make_customer()


@pytest.fixture
def answered_complaint(people, customer):
    """A complaint to SAC answered in one hour and resolved in three."""
    with time_machine.travel(T, tick=False):
        case = open_case(type="complaint", customer=customer, department=people.customer_service)
    with time_machine.travel(T + dt.timedelta(hours=1), tick=False):
        services.add_message(
            case, kind="outbound", body="Ho revisem.", actor=people.operator, channel="workspace"
        )
    with time_machine.travel(T + dt.timedelta(hours=3), tick=False):
        services.set_status(case, "resolved", actor=people.operator)
    return case


def test_an_administrator_gets_the_whole_years_figures(admin_client, people, answered_complaint):
    response = get_stats(admin_client, year=2025)

    assert response.status_code == 200
    durations = {
        "first_response": {"count": 1, "mean": 3600.0, "p90": 3600},
        "resolution": {"count": 1, "mean": 10800.0, "p90": 10800},
    }
    met = {"met": 1, "missed": 0, "pending": 0, "compliance": 1.0}
    sla = {"first_response": met, "resolution": met}
    body = response.json()
    assert {row["count"] for row in body.pop("activity")} == {0}
    assert body == {
        "year": 2025,
        "department": None,
        "as_of": "2025-03-10T12:00:00Z",
        "total": 1,
        "by_type": [
            {"type": "information", "label": "Information request", "count": 0},
            {"type": "suggestion", "label": "Suggestion", "count": 0},
            {"type": "complaint", "label": "Complaint", "count": 1},
            {"type": "claim", "label": "Claim", "count": 0},
            {"type": "authority_report", "label": "Report to the authorities", "count": 0},
            {"type": "technical", "label": "Technical service request", "count": 0},
            {"type": "compliment", "label": "Compliment", "count": 0},
        ],
        "by_department": [
            {
                "id": people.customer_service.pk,
                "code": "sac",
                "name": "Atenció al Client",
                "count": 1,
                **durations,
                "sla": sla,
                "legal": met,
            }
        ],
        "by_month": [{"month": month, "count": int(month == 3)} for month in range(1, 13)],
        "by_month_type": {
            "information": [0] * 12,
            "suggestion": [0] * 12,
            "complaint": [0, 0, 1, *[0] * 9],
            "claim": [0] * 12,
            "authority_report": [0] * 12,
            "technical": [0] * 12,
            "compliment": [0] * 12,
        },
        **durations,
        "sla": sla,
        "legal": {**met, "by_rule": [{**met, "rule": answered_complaint.legal_rule}]},
    }
    assert answered_complaint.legal_rule == "es:complaint.answer_deadline"


def test_labels_come_in_the_requests_language(admin_client, answered_complaint):
    response = admin_client.get("/api/v1/stats", {"year": 2025}, headers={"accept-language": "ca"})

    labels = {row["type"]: row["label"] for row in response.json()["by_type"]}
    assert labels["complaint"] == "Queixa"


def test_a_department_head_reads_their_departments(people, token_for, answered_complaint):
    head = client_for(people.head, token_for)

    mine = get_stats(head, year=2025)
    one = get_stats(head, year=2025, department=people.customer_service.pk)

    assert mine.status_code == one.status_code == 200
    assert [row["code"] for row in mine.json()["by_department"]] == ["sac"]
    assert one.json()["department"] == people.customer_service.pk
    assert one.json()["total"] == mine.json()["total"] == 1


def test_an_administrator_reads_a_department_without_cases(admin_client, people):
    response = get_stats(admin_client, year=2025, department=people.technical_service.pk)

    assert response.status_code == 200
    [sat] = response.json()["by_department"]
    assert sat == {
        "id": people.technical_service.pk,
        "code": "sat",
        "name": "Servei d'Assistència Tècnica",
        "count": 0,
        "first_response": NONE_MEASURED,
        "resolution": NONE_MEASURED,
        "sla": {"first_response": NO_CLOCK, "resolution": NO_CLOCK},
        "legal": NO_CLOCK,
    }


@pytest.mark.parametrize(
    ("persona", "department"),
    [("head", "technical_service"), ("operator", None), ("technician", None), ("outsider", None)],
)
def test_anyone_else_is_refused_with_the_error_contract(people, token_for, persona, department):
    client = client_for(getattr(people, persona), token_for)
    query = {"year": 2025}
    if department:
        query["department"] = getattr(people, department).pk

    response = get_stats(client, **query)

    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "You do not have permission to do this.",
        "fields": {},
    }


def test_an_unknown_department_is_invalid_input(admin_client, people):
    response = get_stats(admin_client, year=2025, department=999_999)

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "Some of the data is not valid.",
        "fields": {"department": ["Unknown department."]},
    }


@pytest.mark.parametrize("year", [None, 1999, 2101, "last"])
def test_the_year_is_required_between_2000_and_2100(admin_client, year):
    response = get_stats(admin_client, **({} if year is None else {"year": year}))

    assert response.status_code == 422
    body = response.json()
    assert (body["code"], list(body["fields"])) == ("invalid", ["year"])


def test_without_a_token_the_answer_is_401(people):
    assert get_stats(Client(), year=2025).status_code == 401


def test_the_statistics_take_the_same_queries_however_many_cases(
    admin_client, people, customer, answered_complaint, django_assert_num_queries
):
    get_stats(admin_client, year=2025)  # records the token's last use, then not again so soon
    # Token lookup, is_admin, the two scans, the departments, the activity.
    with django_assert_num_queries(6):
        assert get_stats(admin_client, year=2025).json()["total"] == 1

    for day, department in enumerate(
        [people.customer_service, people.technical_service, people.technical_service]
    ):
        with time_machine.travel(T + dt.timedelta(days=day), tick=False):
            open_case(type="information", customer=customer, department=department)
    with django_assert_num_queries(6):
        assert get_stats(admin_client, year=2025).json()["total"] == 4


def test_the_activity_counts_the_work_the_apps_declare_in_the_readers_scope(
    admin_client, people, customer, token_for
):
    with time_machine.travel(T, tick=False):
        asked = open_case(type="complaint", customer=customer, department=people.customer_service)
        levels.request_consultation(
            asked, department=people.technical_service, question="?", actor=people.operator
        )
        moved = open_case(type="complaint", customer=customer, department=people.customer_service)
        ownership.transfer_case(moved, actor=people.operator, department=people.technical_service)
    head = Client(headers={"authorization": f"Bearer {token_for(people.head)}"})

    everything = {row["verb"]: row for row in get_stats(admin_client, year=2025).json()["activity"]}
    sac = {row["verb"]: row["count"] for row in get_stats(head, year=2025).json()["activity"]}

    assert everything["cases.consultation.requested"]["count"] == 1
    assert everything["cases.case.transferred"] == {
        "verb": "cases.case.transferred",
        "label": "Transferred",
        "count": 1,
    }
    assert "cases.message.added" not in everything
    assert (sac["cases.consultation.requested"], sac["cases.case.transferred"]) == (1, 0)
