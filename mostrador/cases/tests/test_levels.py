import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from mostrador.accounts.models import Membership
from mostrador.cases import levels, ownership, tasks
from mostrador.cases.models import FollowUp
from mostrador.cases.selectors import list_case_history
from mostrador.cases.tests.factories import open_case
from mostrador.core.errors import Conflict, Forbidden, InvalidInput
from mostrador.core.scheduler import registered_jobs

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)


def test_overdue_consultations_and_approvals_escalate_once_to_the_heads(
    people, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        case = open_case(actor=people.operator)
        levels.request_consultation(
            case, department=people.customer_service, question="Preu?", actor=people.operator
        )
        levels.request_approval(case, action="refund", amount=Decimal("500"), actor=people.operator)
    with time_machine.travel(T0 + dt.timedelta(hours=7), tick=False):
        assert levels.escalate_overdue() == 0
    with (
        time_machine.travel(T0 + dt.timedelta(hours=9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.escalate_overdue.enqueue().return_value == 2
        assert levels.escalate_overdue() == 0, "each is escalated once"

    verbs = [e.verb for e in list_case_history(case)]
    assert "cases.consultation.escalated" in verbs
    assert "cases.approval.escalated" in verbs
    assert {tuple(email.to) for email in mail.outbox} == {("montserrat@example.com",)}
    assert "cases.escalate_overdue" in [job.name for job in registered_jobs()]


def test_only_the_consulted_department_answers(people):
    case = open_case(actor=people.operator)
    consultation = levels.request_consultation(
        case, department=people.technical_service, question="?", actor=people.operator
    )

    with pytest.raises(Forbidden):
        levels.answer_consultation(consultation, answer="Sí", actor=people.operator)
    with pytest.raises(InvalidInput):
        levels.answer_consultation(consultation, answer=" ", actor=people.technician)
    with pytest.raises(InvalidInput):
        levels.request_consultation(
            case, department=people.technical_service, question="", actor=people.operator
        )


def test_a_case_waits_until_every_consultation_is_answered(people):
    case = open_case(actor=people.operator)
    first = levels.request_consultation(
        case, department=people.technical_service, question="A?", actor=people.operator
    )
    levels.request_consultation(
        case, department=people.technical_service, question="B?", actor=people.operator
    )

    levels.answer_consultation(first, answer="A.", actor=people.technician)

    case.refresh_from_db()
    assert case.status == "waiting_department"


def test_heads_have_a_larger_limit_and_admins_approve_when_there_is_no_head(people):
    case = open_case(actor=people.head)
    assert (
        levels.request_approval(
            case, action="refund", amount=Decimal("1500"), actor=people.head
        ).status
        == "within_limit"
    )

    Membership.objects.filter(user=people.head).delete()
    approval = levels.request_approval(
        case, action="refund", amount=Decimal("500"), actor=people.operator
    )
    assert approval.approver == people.admin
    with pytest.raises(InvalidInput):
        levels.request_approval(case, action="bribe", amount=Decimal("1"), actor=people.operator)
    with pytest.raises(InvalidInput):
        levels.request_approval(case, action="refund", amount=Decimal("-1"), actor=people.operator)
    with pytest.raises(Forbidden):
        levels.request_approval(case, action="refund", amount=Decimal("1"), actor=people.technician)


def test_the_owner_completes_a_follow_up_once(people):
    case = open_case(actor=people.operator)
    ownership.transfer_case(case, actor=people.operator, department=people.technical_service)
    followup = FollowUp.objects.get()

    with pytest.raises(Forbidden):
        ownership.complete_followup(followup, actor=people.head)
    ownership.complete_followup(
        followup, actor=people.operator, note="El client confirma que funciona"
    )
    with pytest.raises(Conflict):
        ownership.complete_followup(followup, actor=people.operator)
    assert "cases.followup.done" in [e.verb for e in list_case_history(case)]


def test_transferring_twice_keeps_one_pending_follow_up(people):
    case = open_case(actor=people.operator)
    ownership.transfer_case(case, actor=people.operator, department=people.technical_service)
    ownership.transfer_case(case, actor=people.operator, handler=people.technician)

    assert FollowUp.objects.filter(done_at__isnull=True).count() == 1
    assert list(case.followers.all()) == [people.operator]


def test_consultations_and_approvals_are_hidden_from_outsiders(people, api_client, token_for):
    from django.test import Client

    case = open_case(actor=people.operator)
    consultation = levels.request_consultation(
        case, department=people.technical_service, question="?", actor=people.operator
    )
    approval = levels.request_approval(
        case, action="refund", amount=Decimal("900"), actor=people.operator
    )
    outsider = Client(headers={"authorization": f"Bearer {token_for(people.outsider)}"})

    assert (
        outsider.post(
            f"/api/v1/consultations/{consultation.pk}/answer",
            {"answer": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        outsider.post(
            f"/api/v1/approvals/{approval.pk}/decision",
            {"approve": True},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        api_client.post(
            "/api/v1/consultations/999999/answer", {"answer": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        api_client.post(
            "/api/v1/approvals/999999/decision", {"approve": True}, content_type="application/json"
        ).status_code
        == 404
    )


def test_a_configured_approver_decides_instead_of_the_heads(people):
    people.customer_service.approver = people.admin
    people.customer_service.save()
    case = open_case(actor=people.operator)

    approval = levels.request_approval(
        case, action="refund", amount=Decimal("900"), actor=people.operator
    )

    assert approval.approver == people.admin
