"""Quick intake at the phone or the counter, search and bulk actions from a queue."""

import pytest
from django.test import Client

from mostrador.cases.models import Case
from mostrador.cases.tests.factories import make_customer, open_case

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_customer_is_found_as_the_operator_types(people, django_assert_max_num_queries):
    make_customer(name="Jordi Vila", email="jordi@example.cat")
    client = client_for(people.operator)
    with django_assert_max_num_queries(6):
        response = client.get("/intake/customers/", {"find": "jordi@"})
    assert "Jordi Vila" in response.content.decode()
    assert (
        "No customer matches" in client.get("/intake/customers/", {"find": "zzz"}).content.decode()
    )


def test_a_phone_call_from_a_new_customer_becomes_a_case_with_a_reference_to_read_back(people):
    client = client_for(people.operator)
    response = client.post(
        "/intake/",
        {
            "name": "Marta Soler",
            "phone": "612 34 56 78",
            "email": "marta@example.cat",
            "channel": "phone",
            "type": "complaint",
            "subject": "El tècnic no va venir",
            "body": "Havia de venir dimarts al matí i no va venir ningú.",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/intake/done/{case.reference}/"
    assert (case.channel, case.owner, case.customer.name) == (
        "phone",
        people.operator,
        "Marta Soler",
    )
    assert case.contact.value == "+34612345678"
    assert sorted(case.customer.contacts.values_list("value", flat=True)) == [
        "+34612345678",
        "marta@example.cat",
    ]
    done = client.get(response["Location"]).content.decode()
    assert case.reference in done
    assert "Read this reference to the customer" in done


def test_a_known_customer_chosen_from_the_list_gets_the_case(people):
    known = make_customer(name="Jordi Vila", email="jordi@example.cat")
    client_for(people.operator).post(
        "/intake/",
        {
            "customer": known.pk,
            "channel": "counter",
            "type": "information",
            "subject": "Horari",
            "body": "Quin horari feu a l'agost?",
        },
    )
    assert Case.objects.get().customer == known


def test_missing_details_are_shown_and_what_was_typed_is_kept(people):
    response = client_for(people.operator).post(
        "/intake/",
        {
            "channel": "phone",
            "type": "claim",
            "subject": "Reemborsament",
            "body": "Vull els diners",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "give a phone or an email" in page
    assert "Vull els diners" in page
    bad_claim = client_for(people.operator).post(
        "/intake/",
        {"phone": "612345678", "channel": "phone", "type": "claim", "subject": "R", "body": "B"},
    )
    assert "A claim must say what the customer asks for." in bad_claim.content.decode()
    assert Case.objects.count() == 0


def test_search_marks_the_words_found(people, django_assert_max_num_queries):
    open_case(
        actor=people.operator,
        subject="La rentadora perd aigua",
        body="Des d'ahir la rentadora perd aigua per sota.",
    )
    client = client_for(people.operator)
    # PostgreSQL looks up its text-search configurations once per process (3 queries).
    with django_assert_max_num_queries(10):
        response = client.get("/search/", {"q": "rentadora"})
    page = response.content.decode()
    assert "<mark>rentadora</mark>" in page
    assert "1 case found" in page
    assert "<script>" not in client.get("/search/", {"q": "<script>"}).content.decode()


def test_bulk_actions_report_what_they_did(people):
    cases = [open_case(actor=people.operator, subject=f"Cas {n}") for n in range(3)]
    cases[2].status = "closed"
    cases[2].save()
    client = client_for(people.operator)
    response = client.post(
        "/queues/bulk/",
        {"cases": [c.pk for c in cases], "action": "close", "next": "/queues/mine/"},
        follow=True,
    )
    page = response.content.decode()
    assert "2 cases changed" in page
    assert f"{cases[2].reference} was left as it was" in page
    client.post(
        "/queues/bulk/", {"cases": [cases[0].pk], "action": "assign", "assignee": people.head.pk}
    )
    assert Case.objects.get(pk=cases[0].pk).handler == people.head
    client.post(
        "/queues/bulk/", {"cases": [cases[1].pk], "action": "priority", "priority": "urgent"}
    )
    assert Case.objects.get(pk=cases[1].pk).priority == "urgent"


def test_queue_filters_narrow_the_list(people):
    open_case(actor=people.operator, subject="Urgent", priority="urgent")
    open_case(actor=people.operator, subject="Normal")
    page = client_for(people.operator).get("/queues/mine/", {"priority": "urgent"}).content.decode()
    assert 'title="Urgent">Urgent</td>' in page
    assert 'title="Normal">Normal</td>' not in page
