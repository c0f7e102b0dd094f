"""The staff case page: what it shows, its actions, presence and crossing replies."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mostrador.cases import levels, presence
from mostrador.cases.models import ApprovalRequest, Case, Consultation, Message, SavedReply
from mostrador.cases.tests.factories import open_case
from mostrador.compliance.selectors import rule_text

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(people):
    return open_case(actor=people.operator, type="claim", remedy="refund", amount=Decimal("80"))


def test_the_page_shows_header_timeline_countdowns_and_the_customers_other_cases(
    people, case, django_assert_max_num_queries
):
    for n in range(15):
        open_case(customer=case.customer, subject=f"Antic {n}")
    other = open_case(customer=case.customer, subject="Una altra consulta")
    levels.request_consultation(
        case, department=people.technical_service, question="Es pot reparar?", actor=people.operator
    )
    SavedReply.objects.create(
        name="Gràcies", language=case.language, body="Hola {customer_name}, ref. {reference}."
    )
    for n in range(10):
        Message.objects.create(
            case=case, kind="note", channel="api", body=f"nota {n}", created_at=case.created_at
        )
    client = client_for(people.operator)

    # One more than a case without an open consultation: whether the reader may answer it; the
    # case's details (claim, report, technical request) by primary key, one query each; the
    # customer's contacts and consents; the consultation's question for its timeline line.
    # The calendar is built here (a new test's configuration), which a server does once.
    with django_assert_max_num_queries(40):
        response = client.get(f"/cases/{case.reference}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert case.reference in page
    assert "Núria Puig" in page
    assert "Legal deadline" in page
    assert "business time left" in page
    rule = rule_text(case.legal_rule)
    assert rule.name in page
    assert rule.source[:40] in page
    assert "Refund" in page
    assert "80.00" in page
    assert other.reference in page
    assert "Es pot reparar?" in page
    assert f"Hola Núria Puig, ref. {case.reference}." in page  # the saved reply, filled in
    assert "asked another department" in page  # an event line of the timeline


def test_the_query_count_does_not_grow_with_the_history(
    people, case, django_assert_max_num_queries
):
    client = client_for(people.operator)
    for n in range(40):
        client.post(
            f"/cases/{case.reference}/messages/",
            {"message-kind": "note", "message-body": f"Nota {n}"},
        )
    client.get(f"/cases/{case.reference}/")  # the rules' words, read once per configuration
    # "Next case" looks up owned and handled cases apart (two index reads, four after the last);
    # the customer's contacts and consents.
    with django_assert_max_num_queries(35):
        assert client.get(f"/cases/{case.reference}/").status_code == 200


def test_someone_outside_the_department_gets_not_found(people, case):
    assert client_for(people.outsider).get(f"/cases/{case.reference}/").status_code == 404


def test_a_reply_with_an_attachment_reaches_the_customer(
    people, case, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.operator).post(
            f"/cases/{case.reference}/messages/",
            {
                "message-kind": "outbound",
                "message-body": "Us retornem els 80 euros.",
                "message-seen": case.messages.get().pk,
                "message-attachments": [
                    SimpleUploadedFile("rebut.pdf", b"%PDF-1.4", "application/pdf")
                ],
            },
        )
    assert response.status_code == 302
    reply = case.messages.get(kind="outbound")
    assert reply.attachments.get().filename == "rebut.pdf"
    assert any("Us retornem els 80 euros." in m.body for m in mail.outbox)


def test_an_empty_reply_keeps_the_page_and_says_what_is_wrong(people, case):
    response = client_for(people.operator).post(
        f"/cases/{case.reference}/messages/", {"message-kind": "outbound", "message-body": " "}
    )
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


def test_a_reply_that_would_cross_a_new_message_asks_first_and_keeps_the_text(people, case):
    seen = case.messages.get().pk
    client_for(people.head).post(
        f"/cases/{case.reference}/messages/",
        {"message-kind": "outbound", "message-body": "Ja li he contestat jo."},
    )
    client = client_for(people.operator)
    posted = {"message-kind": "outbound", "message-body": "Resposta meva", "message-seen": seen}

    crossing = client.post(f"/cases/{case.reference}/messages/", posted)

    assert crossing.status_code == 409
    page = crossing.content.decode()
    assert "New messages arrived while you were writing" in page
    assert "Ja li he contestat jo." in page
    assert "Resposta meva" in page
    assert case.messages.filter(body="Resposta meva").count() == 0
    sent = client.post(
        f"/cases/{case.reference}/messages/", {**posted, "message-send_anyway": "on"}
    )
    assert sent.status_code == 302
    assert case.messages.filter(body="Resposta meva").count() == 1


def test_presence_shows_who_else_has_the_case_open_and_who_is_writing(people, case):
    client_for(people.head).get(f"/cases/{case.reference}/")
    page = client_for(people.operator).get(f"/cases/{case.reference}/").content.decode()
    assert "Montserrat" in page
    assert "also has this case open" in page

    presence.mark_viewing(case, people.head, composing=True)
    fragment = client_for(people.operator).post(
        f"/cases/{case.reference}/presence/", {"composing": "0"}
    )
    assert "is writing a reply to this case" in fragment.content.decode()


@pytest.mark.parametrize(
    ("action", "data", "check"),
    [
        ("resolve", {"resolve-note": "Retornat"}, lambda c: c.status == "resolved"),
        ("priority", {"priority-priority": "urgent"}, lambda c: c.priority == "urgent"),
        (
            "consult",
            {"consult-question": "Teniu recanvi?"},
            lambda c: c.status == "waiting_department" and c.level == 2,
        ),
        (
            "approval",
            {"approval-action": "refund", "approval-amount": "900", "approval-reason": "Molt car"},
            lambda c: c.status == "waiting_authorisation" and c.level == 3,
        ),
    ],
)
def test_actions_change_the_case_and_say_so(people, case, action, data, check):
    if action == "consult":
        data = {**data, "consult-department": people.technical_service.pk}
    response = client_for(people.operator).post(f"/cases/{case.reference}/do/{action}/", data)
    assert response.status_code == 302
    assert check(Case.objects.get(pk=case.pk))


def test_transfer_keeps_the_owner_and_a_failed_action_keeps_what_was_typed(people, case):
    client = client_for(people.operator)
    failed = client.post(
        f"/cases/{case.reference}/do/transfer/",
        {"transfer-handler": people.technician.pk, "transfer-note": "Mira-t'ho"},
    )
    assert failed.status_code == 422
    assert "This person is not a member of that department." in failed.content.decode()
    assert "Mira-t&#x27;ho" in failed.content.decode()

    done = client.post(
        f"/cases/{case.reference}/do/transfer/",
        {
            "transfer-department": people.technical_service.pk,
            "transfer-handler": people.technician.pk,
            "transfer-note": "Mira-t'ho",
        },
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.owner, case.handler, case.department) == (
        people.operator,
        people.technician,
        people.technical_service,
    )


def test_merge_and_link_by_reference(people, case):
    duplicate = open_case(customer=case.customer, actor=people.operator, subject="Repetit")
    other = open_case(customer=case.customer, actor=people.operator, subject="Relacionat")
    client = client_for(people.operator)
    client.post(f"/cases/{case.reference}/do/link/", {"link-reference": other.reference.lower()})
    client.post(f"/cases/{duplicate.reference}/do/merge/", {"merge-reference": case.reference})
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert other.reference in page
    assert f"merged {duplicate.reference} into this case" in page
    unknown = client.post(f"/cases/{case.reference}/do/link/", {"link-reference": "SAC-1999-1"})
    assert unknown.status_code == 422


def test_close_and_reopen(people, case):
    client = client_for(people.operator)
    client.post(f"/cases/{case.reference}/do/resolve/", {})
    client.post(f"/cases/{case.reference}/do/close/")
    assert Case.objects.get(pk=case.pk).status == "closed"
    client.post(f"/cases/{case.reference}/do/reopen/")
    assert Case.objects.get(pk=case.pk).status == "open"
    assert client.post(f"/cases/{case.reference}/do/explode/").status_code == 404


def test_a_head_decides_on_the_case_page_and_a_rejection_needs_a_reason(people, case):
    approval = levels.request_approval(
        case, action="compensation", amount=Decimal("900"), actor=people.operator
    )
    head = client_for(people.head)
    assert "Reason (required to reject)" in head.get(f"/cases/{case.reference}/").content.decode()
    operator_page = client_for(people.operator).get(f"/cases/{case.reference}/").content.decode()
    assert "Reason (required to reject)" not in operator_page

    head.post(f"/approvals/{approval.pk}/decide/", {"decide-approve": "no"})
    approval.refresh_from_db()
    assert approval.status == "pending"
    head.post(f"/approvals/{approval.pk}/decide/", {"decide-approve": "yes"})
    approval.refresh_from_db()
    assert approval.status == "approved"
    assert Case.objects.get(pk=case.pk).status == "open"


def test_inboxes_list_what_waits_for_me(people, case, django_assert_max_num_queries):
    for n in range(5):
        other = open_case(actor=people.operator, subject=f"Cas {n}")
        levels.request_approval(
            other, action="refund", amount=Decimal("900"), actor=people.operator
        )
        levels.request_consultation(
            other,
            department=people.technical_service,
            question=f"Pregunta {n}",
            actor=people.operator,
        )
    head, technician = client_for(people.head), client_for(people.technician)
    with django_assert_max_num_queries(6):
        approvals = head.get("/approvals/")
    assert approvals.content.decode().count('<tr id="approval-') == 5
    with django_assert_max_num_queries(6):
        consultations = technician.get("/consultations/")
    assert consultations.content.decode().count("Pregunta ") == 5
    assert "Nothing is waiting" in client_for(people.technician).get("/approvals/").content.decode()

    consultation = Consultation.objects.first()
    client_for(people.technician).post(
        f"/consultations/{consultation.pk}/answer/",
        {"answer-answer": "Sí, en tenim.", "next": "inbox"},
    )
    consultation.refresh_from_db()
    assert consultation.answer == "Sí, en tenim."
    assert ApprovalRequest.objects.filter(status="pending").count() == 5


def test_follow_ups_after_a_transfer_are_listed_and_done(
    people, case, django_assert_max_num_queries
):
    client = client_for(people.operator)
    client.post(
        f"/cases/{case.reference}/do/transfer/",
        {"transfer-department": people.technical_service.pk},
    )
    with django_assert_max_num_queries(6):
        page = client.get("/followups/").content.decode()
    assert case.reference in page
    followup = case.followups.get()
    client.post(f"/followups/{followup.pk}/done/", {"note": "Tot resolt"})
    followup.refresh_from_db()
    assert followup.done_at is not None
    assert followup.note == "Tot resolt"
    assert client_for(people.head).post(f"/followups/{followup.pk}/done/").status_code == 404
