"""The case page has what a person needs: who the customer is and how to reach them, one-click
take and assign, a reply that leaves the case waiting or resolved, and a timeline that keeps
the words of every decision, with who, when and by which way."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from mostrador.cases import levels, services
from mostrador.cases.models import Case, Message
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.core.models import Event, Notice
from mostrador.customers import services as customer_services

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def page_of(user, case):
    return client_for(user).get(f"/cases/{case.reference}/").content.decode()


@pytest.fixture
def nuria():
    customer = customer_services.create_customer(
        name="Núria Puig",
        emails=["nuria@example.cat", "nuria.feina@example.com"],
        phones=["+34 600 111 222"],
        language="ca",
        actor=None,
    )
    customer_services.record_consent(customer, purpose="surveys", granted=True, actor=None)
    return customer


@pytest.fixture
def case(people, nuria):
    return open_case(customer=nuria, actor=people.operator, subject="La rentadora no centrifuga")


def unassigned(people, **extra):
    """A case of customer service that waits in the queue: nobody handles it yet."""
    case = open_case(actor=None, **extra)
    Case.objects.filter(pk=case.pk).update(handler=None, owner=people.head)
    return Case.objects.get(pk=case.pk)


# The customer panel


def test_the_customer_panel_gives_every_way_to_reach_them_language_and_consents(people, case):
    page = page_of(people.operator, case)

    assert 'id="customer-panel"' in page
    assert 'href="mailto:nuria@example.cat"' in page
    assert 'href="mailto:nuria.feina@example.com"' in page
    assert 'href="tel:+34600111222"' in page
    assert "Preferred language" in page
    assert "Català" in page
    assert "Satisfaction surveys: <strong>yes</strong>" in page
    assert "Offers and news by email: no" in page


def test_the_other_cases_come_open_first_then_the_last_closed_in_one_query(
    people, case, nuria, django_assert_max_num_queries
):
    closed = []
    for n in range(7):
        old = open_case(customer=nuria, actor=people.operator, subject=f"Tancat {n}")
        services.resolve_case(old, actor=people.operator)
        services.close_case(old, actor=people.operator)
        closed.append(old)
    still_open = open_case(customer=nuria, actor=people.operator, subject="Encara obert")
    hidden = open_case(customer=nuria, subject="Del SAT", department=people.technical_service)
    client = client_for(people.operator)
    with django_assert_max_num_queries(36):
        page = client.get(f"/cases/{case.reference}/").content.decode()

    listed = page.split('class="plain-list other-cases"')[1].split("</ul>")[0]
    assert listed.index(still_open.reference) < listed.index(closed[-1].reference)
    assert all(old.reference in listed for old in closed[-5:]), "the last five closed"
    assert closed[0].reference not in listed
    assert closed[1].reference not in listed
    assert hidden.reference not in listed, "a case the reader may not see is not listed"
    assert "Closed" in listed
    assert "updated" in listed
    assert f'href="/customers/{nuria.pk}/"' in page


def test_the_panel_lists_the_others_with_a_flat_number_of_queries(
    people, case, nuria, django_assert_max_num_queries
):
    for n in range(20):
        open_case(customer=nuria, subject=f"Un altre {n}")
    for n in range(3):
        customer_services.add_contact_point(
            nuria, kind="phone", value=f"+34 600 000 00{n}", actor=None
        )
    client = client_for(people.operator)
    # As many as for a customer with one case and one phone (the first visit records presence).
    with django_assert_max_num_queries(36):
        page = client.get(f"/cases/{case.reference}/").content.decode()
    assert page.count('href="tel:') == 4


def test_no_products_box_while_customers_have_no_products(people, case):
    page = page_of(people.operator, case)
    assert 'id="technical"' not in page
    assert "coming soon" not in page.lower()


# Take and assign


def test_an_operator_takes_an_unassigned_case_of_their_department(people):
    case = unassigned(people)
    page = page_of(people.operator, case)
    assert 'id="take-case"' in page

    response = client_for(people.operator).post(f"/cases/{case.reference}/do/take/")

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.handler == people.operator
    assert case.owner == people.head, "whoever answered for it still does"
    assert 'id="take-case"' not in page_of(people.operator, case), "it is mine now"
    event = Event.objects.filter(verb="cases.case.assigned").last()
    assert event.actor == people.operator
    assert event.data["channel"] == "workspace"


def test_assign_to_a_person_of_the_department(people):
    case = unassigned(people)
    page = page_of(people.operator, case)
    assert 'id="action-assign"' in page
    assert "Montserrat Vila" in page.split('id="action-assign"')[1].split("</form>")[0]

    response = client_for(people.operator).post(
        f"/cases/{case.reference}/do/assign/", {"assign-assignee": people.head.pk}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.handler == people.head
    assert Notice.objects.filter(recipient_user=people.head).exists()


def test_a_person_outside_the_department_can_be_neither_chosen_nor_assigned(people):
    case = unassigned(people)
    refused = client_for(people.operator).post(
        f"/cases/{case.reference}/do/assign/", {"assign-assignee": people.technician.pk}
    )
    assert refused.status_code == 422
    assert Case.objects.get(pk=case.pk).handler is None


def test_a_technician_outside_the_department_cannot_assign_nor_take(people):
    case = unassigned(people)
    technician = client_for(people.technician)
    for action, data in (("assign", {"assign-assignee": people.operator.pk}), ("take", {})):
        assert technician.post(f"/cases/{case.reference}/do/{action}/", data).status_code == 404
    # Consulted, the technician reads the case, still without taking or assigning.
    levels.request_consultation(
        case, department=people.technical_service, question="Té recanvi?", actor=people.operator
    )
    page = page_of(people.technician, case)
    assert 'id="take-case"' not in page
    assert 'id="action-assign"' not in page
    refused = technician.post(
        f"/cases/{case.reference}/do/assign/", {"assign-assignee": people.technician.pk}
    )
    assert refused.status_code == 422
    taken = technician.post(f"/cases/{case.reference}/do/take/", follow=True)
    assert "You do not have permission to do this." in taken.content.decode()
    assert Case.objects.get(pk=case.pk).handler is None


# Reply with a status


def reply(client, case, body, **extra):
    return client.post(
        f"/cases/{case.reference}/messages/",
        {"message-kind": "outbound", "message-body": body, **extra},
    )


def test_send_and_set_waiting_on_the_customer(people, case, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    client = client_for(people.operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = reply(
            client,
            case,
            "Ens podeu enviar el tiquet?",
            **{"message-then": "waiting_customer"},
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "waiting_customer"
    assert case.messages.filter(kind="outbound", body="Ens podeu enviar el tiquet?").exists()
    assert any("Ens podeu enviar el tiquet?" in m.body for m in mail.outbox)
    changed = Event.objects.filter(verb="cases.case.status_changed").last()
    assert changed.data["to"] == "waiting_customer"
    assert changed.data["channel"] == "workspace"
    page = client.get(response["Location"]).content.decode()
    assert "Reply sent. The case waits on the customer." in page
    # Already waiting: the button is not offered (it would change nothing).
    assert 'value="waiting_customer"' not in page


def test_send_and_resolve_tells_the_customer(people, case):
    response = reply(
        client_for(people.operator), case, "Ja està reparada.", **{"message-then": "resolved"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "resolved"
    assert case.first_responded_at is not None
    kinds = set(Notice.objects.values_list("kind", flat=True))
    assert {"cases.reply", "cases.resolution"} <= kinds


def test_a_refused_status_sends_nothing(people, case):
    levels.request_approval(case, action="refund", amount=Decimal("900"), actor=people.operator)
    case.refresh_from_db()
    assert case.status == "waiting_authorisation"
    page = page_of(people.operator, case)
    assert "Send and resolve" not in page, "not offered where it cannot be done"
    messages_before = Message.objects.count()
    notices_before = Notice.objects.count()

    refused = reply(client_for(people.operator), case, "Resolt!", **{"message-then": "resolved"})

    assert refused.status_code == 422
    assert "cannot go from" in refused.content.decode()
    assert "Resolt!" in refused.content.decode(), "what was typed is kept"
    assert Message.objects.count() == messages_before
    assert Notice.objects.count() == notices_before
    assert Case.objects.get(pk=case.pk).status == "waiting_authorisation"


def test_the_crossing_hold_still_asks_before_a_send_and_resolve(people, case):
    seen = case.messages.get().pk
    reply(client_for(people.head), case, "Ja li he contestat jo.")
    client = client_for(people.operator)
    posted = {"message-seen": seen, "message-then": "resolved"}

    held = reply(client, case, "Resposta meva", **posted)

    assert held.status_code == 409
    assert "New messages arrived while you were writing" in held.content.decode()
    assert Case.objects.get(pk=case.pk).status == "open"
    assert not case.messages.filter(body="Resposta meva").exists()
    sent = reply(client, case, "Resposta meva", **posted, **{"message-send_anyway": "on"})
    assert sent.status_code == 302
    assert case.messages.filter(body="Resposta meva").exists()
    assert Case.objects.get(pk=case.pk).status == "resolved"


def test_the_reply_box_offers_the_three_ways_to_send(people, case):
    form = page_of(people.operator, case).split('id="reply-form"')[1].split("</form>")[0]
    assert 'name="message-then" value="waiting_customer"' in form
    assert 'name="message-then" value="resolved"' in form
    assert ">Send and set waiting on the customer<" in form
    assert ">Send and resolve<" in form


# The timeline keeps the words of every decision


def test_the_timeline_keeps_the_words_of_each_decision_with_who_when_and_how(people, case):
    operator = client_for(people.operator)
    operator.post(
        f"/cases/{case.reference}/do/approval/",
        {"approval-action": "refund", "approval-amount": "900", "approval-reason": "Molt car"},
    )
    first = case.approvals.get()
    client_for(people.head).post(
        f"/approvals/{first.pk}/decide/",
        {"decide-approve": "yes", "decide-reason": "D'acord, és client des de fa anys"},
    )
    operator.post(
        f"/cases/{case.reference}/do/approval/",
        {"approval-action": "compensation", "approval-amount": "1500", "approval-reason": "Més"},
    )
    second = case.approvals.exclude(pk=first.pk).get()
    client_for(people.head).post(
        f"/approvals/{second.pk}/decide/",
        {"decide-approve": "no", "decide-reason": "Massa per a una rentadora"},
    )
    operator.post(
        f"/cases/{case.reference}/do/consult/",
        {"consult-department": people.technical_service.pk, "consult-question": "Té recanvi?"},
    )
    consultation = case.consultations.get()
    client_for(people.technician).post(
        f"/consultations/{consultation.pk}/answer/", {"answer-answer": "Sí, en tenim dos."}
    )
    operator.post(
        f"/cases/{case.reference}/do/transfer/",
        {"transfer-department": people.technical_service.pk, "transfer-note": "Cal revisar-la"},
    )
    operator.post(f"/cases/{case.reference}/do/resolve/", {"resolve-note": "Peça canviada"})

    page = page_of(people.operator, case)
    timeline = page.split('class="timeline"')[1].split("</ol>")[0]

    assert "approved the request: D&#x27;acord, és client des de fa anys" in timeline
    assert "rejected the request: Massa per a una rentadora" in timeline
    assert "asked for authorisation: €900.00" in timeline
    assert "Molt car" in timeline, "the justification"
    assert "Servei d&#x27;Assistència Tècnica: Té recanvi?" in timeline, "the question"
    assert "Sí, en tenim dos." in timeline, "the answer"
    assert "transferred the case: Cal revisar-la" in timeline
    assert "to “Resolved”: Peça canviada" in timeline
    approved = timeline.split("approved the request")[0].rsplit("<li", 1)[1]
    assert "Montserrat Vila" in approved
    assert "Staff workspace" in timeline.split("approved the request")[1].split("</li>")[0]
    answer = timeline.split("Sí, en tenim dos.")[0].rsplit("<li", 1)[1]
    assert "Laia Roca" in answer
    assert "Staff workspace" in answer
    assert f'<time datetime="{timezone.localtime(consultation.created_at):%Y-%m-%d}' in timeline


def test_the_timeline_says_amounts_and_dates_as_the_reader_reads_them(people, case):
    levels.request_approval(case, action="refund", amount=Decimal("1234.5"), actor=people.operator)
    client = client_for(people.operator)
    english = client.get(f"/cases/{case.reference}/").content.decode()
    client.cookies["mostrador_language"] = "ca"
    catalan = client.get(f"/cases/{case.reference}/").content.decode()
    assert "€1,234.50" in english
    assert "1.234,50 €" in catalan


# Decisions and answers come back where they were posted from


def test_decide_and_answer_return_to_a_safe_next(people, case):
    approval = levels.request_approval(
        case, action="refund", amount=Decimal("900"), actor=people.operator
    )
    head = client_for(people.head)
    back = head.post(
        f"/approvals/{approval.pk}/decide/", {"decide-approve": "yes", "next": "/approvals/?p=2"}
    )
    assert back["Location"] == "/approvals/?p=2"
    consultation = levels.request_consultation(
        case, department=people.technical_service, question="Té recanvi?", actor=people.operator
    )
    away = client_for(people.technician).post(
        f"/consultations/{consultation.pk}/answer/",
        {"answer-answer": "Sí", "next": "https://evil.example/"},
    )
    assert away["Location"] == "/consultations/", "never an open redirect"
    other = open_case(actor=people.operator, customer=make_customer(email="x@example.cat"))
    approval = levels.request_approval(
        other, action="refund", amount=Decimal("900"), actor=people.operator
    )
    assert (
        head.post(f"/approvals/{approval.pk}/decide/", {"decide-approve": "yes"})["Location"]
        == f"/cases/{other.reference}/"
    )
