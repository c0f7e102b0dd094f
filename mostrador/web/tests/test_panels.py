"""The case page and the customer page are assembled from the panels apps contribute."""

import pytest
from django.test import Client

from mostrador.cases import levels
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.web import panels

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_technical_case_shows_its_product_from_the_after_sales_panel(people):
    case = open_case(
        actor=people.operator,
        type="technical",
        details={"technical": {"product": "Rentadora X500", "serial_number": "SN-1"}},
    )

    page = client_for(people.operator).get(f"/cases/{case.reference}/").content.decode()

    assert 'id="technical"' in page
    assert "Rentadora X500" in page
    assert "SN-1" in page
    assert 'id="claim"' not in page


def test_a_claims_outcome_is_recorded_from_its_panel(people):
    case = open_case(actor=people.operator, type="claim", remedy="refund", amount="80")
    client = client_for(people.operator)

    response = client.post(
        f"/cases/{case.reference}/do/claim/",
        {"claim-outcome": "granted", "claim-amount_granted": "80"},
    )
    refused = client.post(
        f"/cases/{case.reference}/do/claim/",
        {"claim-outcome": "rejected", "claim-amount_granted": "5"},
    )

    case.claim.refresh_from_db()
    assert response.status_code == 302
    assert (case.claim.outcome, str(case.claim.amount_granted)) == ("granted", "80.00")
    assert refused.status_code == 422
    assert "A rejected or withdrawn claim grants nothing." in refused.content.decode()


def test_a_consulted_department_reads_the_case_and_answers_but_does_nothing_else(people):
    case = open_case(actor=people.operator)
    consultation = levels.request_consultation(
        case, department=people.technical_service, question="Té recanvi?", actor=people.operator
    )
    technician = client_for(people.technician)

    page = technician.get(f"/cases/{case.reference}/").content.decode()
    answered = technician.post(
        f"/consultations/{consultation.pk}/answer/", {"answer-answer": "Sí, en tenim."}
    )

    assert "Your department is consulted on this case" in page
    assert f'action="/consultations/{consultation.pk}/answer/"' in page
    assert 'id="reply-form"' not in page
    assert 'id="actions-title"' not in page
    consultation.refresh_from_db()
    assert consultation.answer == "Sí, en tenim."
    assert answered["Location"] == "/consultations/", "the case is theirs no more"
    assert technician.get(f"/cases/{case.reference}/").status_code == 404


def test_the_customer_page_shows_contacts_and_the_cases_the_reader_may_see(people):
    nuria = make_customer()
    mine = open_case(customer=nuria, subject="De SAC")
    theirs = open_case(customer=nuria, subject="Del SAT", department=people.technical_service)

    page = client_for(people.operator).get(f"/customers/{nuria.pk}/").content.decode()

    assert "Núria Puig" in page
    assert "nuria@example.cat" in page
    assert mine.reference in page
    assert theirs.reference not in page
    assert client_for(people.operator).get("/customers/99999/").status_code == 404


def test_an_app_adds_a_panel_without_touching_the_page(people):
    @panels.case_panel("test-notes", "web/panels/technical.html", order=1)
    def extra(case, user):
        return {"facts": [("Extra", f"panel for {case.reference}")]}

    case = open_case(actor=people.operator)
    try:
        page = client_for(people.operator).get(f"/cases/{case.reference}/").content.decode()
    finally:
        panels._CASE.pop("test-notes")

    assert f"panel for {case.reference}" in page
