"""The approvals, consultations and follow-ups inboxes: one compact row per request, decided or
answered in place, back on the inbox with the result."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from mostrador.cases import levels, ownership
from mostrador.cases.models import ApprovalRequest, Consultation
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.core.money import format_eur

pytestmark = pytest.mark.django_db

# Session, user, the list (one query with its case, customer and people) and, for approvals,
# whether the reader is an administrator: 4 at most, whatever the rows.
INBOX_QUERIES = 4


def client_for(user, language="en"):
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def _approvals(people, how_many, amount=Decimal("1234.5")):
    customer = make_customer(name="Jordi Vila", email="jordi@example.cat")
    cases = [
        open_case(actor=people.operator, customer=customer, subject=f"Rentadora espatllada {n}")
        for n in range(how_many)
    ]
    return [
        levels.request_approval(
            case,
            action="compensation",
            amount=amount,
            actor=people.operator,
            reason=f"Factura adjunta {n}",
        )
        for n, case in enumerate(cases)
    ]


def _consultations(people, how_many):
    return [
        levels.request_consultation(
            open_case(actor=people.operator, subject=f"Soroll estrany {n}"),
            department=people.technical_service,
            question=f"Podeu revisar la rentadora {n}?",
            actor=people.operator,
        )
        for n in range(how_many)
    ]


def _rows(page, table_id):
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.DOTALL)
    return re.findall(r"<tr id=.*?</tr>", table.group(0), re.DOTALL) if table else []


@pytest.mark.parametrize("how_many", [3, 12])
def test_the_approvals_inbox_is_one_row_per_request_in_a_fixed_number_of_queries(
    people, how_many, django_assert_max_num_queries
):
    approvals = _approvals(people, how_many)

    client = client_for(people.head)

    with django_assert_max_num_queries(INBOX_QUERIES):
        page = client.get("/approvals/").content.decode()

    rows = _rows(page, "approvals")
    assert len(rows) == how_many
    first = rows[0]
    case = approvals[0].case
    assert f'href="/cases/{case.reference}/"' in first
    assert "Rentadora espatllada 0" in first
    assert "Jordi Vila" in first
    assert "Compensation" in first
    assert "€1,234.50" in first
    assert "Factura adjunta 0" in first
    assert "Pau Serra" in first, "who asked"
    assert "<time datetime=" in first, "when and due"
    assert f'action="/approvals/{approvals[0].pk}/decide/"' in first
    assert 'name="next" value="/approvals/"' in first
    assert 'name="decide-reason"' in first
    assert 'value="yes"' in first
    assert 'value="no"' in first
    assert 'class="card approval"' not in page, "no longer a card per request"


def test_amounts_are_written_in_the_readers_language(people):
    _approvals(people, 1)
    with translation.override("es"):
        expected = format_eur(Decimal("1234.5"))

    page = client_for(people.head, "es").get("/approvals/").content.decode()

    assert expected in page
    assert "1234.50" not in page


def test_only_who_may_decide_sees_the_requests_and_their_buttons(people):
    _approvals(people, 2)

    for person in (people.operator, people.technician, people.outsider):
        page = client_for(person).get("/approvals/").content.decode()
        assert _rows(page, "approvals") == []
        assert "decide-approve" not in page
        assert "Nothing is waiting for your approval." in page
    assert (
        len(_rows(client_for(people.admin).get("/approvals/").content.decode(), "approvals")) == 2
    )


def test_a_head_approves_in_place_and_comes_back_to_the_inbox(people):
    first, second = _approvals(people, 2)
    head = client_for(people.head)

    response = head.post(
        f"/approvals/{first.pk}/decide/",
        {"decide-approve": "yes", "decide-reason": "D'acord", "next": "/approvals/"},
    )

    assert response.status_code == 302
    assert response.headers["location"] == "/approvals/"
    page = head.get("/approvals/").content.decode()
    assert "Approved." in page
    rows = _rows(page, "approvals")
    assert len(rows) == 1
    assert second.case.reference in rows[0]
    first.refresh_from_db()
    assert (first.status, first.decided_by, first.decision_reason) == (
        "approved",
        people.head,
        "D'acord",
    )


def test_a_rejection_needs_a_comment_and_says_so_on_the_inbox(people):
    (approval,) = _approvals(people, 1)
    head = client_for(people.head)

    response = head.post(
        f"/approvals/{approval.pk}/decide/",
        {"decide-approve": "no", "decide-reason": " ", "next": "/approvals/"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/approvals/"
    assert "Say why the request is rejected." in response.content.decode()
    approval.refresh_from_db()
    assert approval.status == "pending"

    response = head.post(
        f"/approvals/{approval.pk}/decide/",
        {"decide-approve": "no", "decide-reason": "Sense factura", "next": "/approvals/"},
        follow=True,
    )

    assert "Rejected." in response.content.decode()
    assert _rows(response.content.decode(), "approvals") == []
    approval.refresh_from_db()
    assert (approval.status, approval.decision_reason) == ("rejected", "Sense factura")


def test_an_operator_cannot_decide_by_posting_to_the_inbox_form(people):
    (approval,) = _approvals(people, 1)

    client_for(people.operator).post(
        f"/approvals/{approval.pk}/decide/", {"decide-approve": "yes", "next": "/approvals/"}
    )

    approval.refresh_from_db()
    assert approval.status == "pending"


def test_the_inbox_never_sends_a_decision_off_site(people):
    (approval,) = _approvals(people, 1)

    response = client_for(people.head).post(
        f"/approvals/{approval.pk}/decide/",
        {"decide-approve": "yes", "next": "https://evil.example/"},
    )

    assert not response.headers["location"].startswith("https://evil.example")


@pytest.mark.parametrize("how_many", [3, 12])
def test_the_consultations_inbox_is_one_row_per_question_in_a_fixed_number_of_queries(
    people, how_many, django_assert_max_num_queries
):
    consultations = _consultations(people, how_many)

    client = client_for(people.technician)

    with django_assert_max_num_queries(INBOX_QUERIES):
        page = client.get("/consultations/").content.decode()

    rows = _rows(page, "consultations")
    assert len(rows) == how_many
    first = rows[0]
    assert f'href="/cases/{consultations[0].case.reference}/"' in first
    assert "Soroll estrany 0" in first
    assert "Núria Puig" in first
    assert "Podeu revisar la rentadora 0?" in first
    assert "Pau Serra" in first
    assert f'action="/consultations/{consultations[0].pk}/answer/"' in first
    assert 'name="next" value="/consultations/"' in first
    assert 'name="answer-answer"' in first


def test_a_technician_answers_in_place_and_comes_back_to_the_inbox(people):
    first, second = _consultations(people, 2)
    technician = client_for(people.technician)

    response = technician.post(
        f"/consultations/{first.pk}/answer/",
        {"answer-answer": "Sí, és el coixinet.", "next": "/consultations/"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/consultations/"
    page = response.content.decode()
    assert "Answer sent back to Pau Serra." in page
    rows = _rows(page, "consultations")
    assert len(rows) == 1
    assert second.case.reference in rows[0]
    assert Consultation.objects.get(pk=first.pk).answer == "Sí, és el coixinet."


def test_no_one_outside_the_consulted_department_sees_its_questions(people):
    _consultations(people, 2)

    for person in (people.operator, people.head, people.outsider):
        page = client_for(person).get("/consultations/").content.decode()
        assert _rows(page, "consultations") == []
        assert "answer-answer" not in page


def test_the_follow_ups_inbox_is_compact_in_a_fixed_number_of_queries(
    people, django_assert_max_num_queries
):
    cases = [open_case(actor=people.operator, subject=f"Transferit {n}") for n in range(6)]
    for case in cases:
        ownership.transfer_case(case, department=people.technical_service, actor=people.operator)

    client = client_for(people.operator)

    with django_assert_max_num_queries(INBOX_QUERIES):
        page = client.get("/followups/").content.decode()

    rows = _rows(page, "followups")
    assert len(rows) == 6
    assert all("Núria Puig" in row for row in rows)
    assert all("/done/" in row for row in rows)
    assert _rows(client_for(people.head).get("/followups/").content.decode(), "followups") == []


def test_what_the_inboxes_list_matches_what_they_may_decide(people):
    # The inbox shows buttons on every row: the list and the service's check agree on who
    # decides (approver, head of the case's department, administrator).
    _approvals(people, 3)
    for approval in ApprovalRequest.objects.all():
        assert levels.can_decide(people.head, approval)
        assert not levels.can_decide(people.operator, approval)
