import datetime as dt

import pytest
import time_machine

from mostrador.accounts.choices import AssignmentPolicy, Role
from mostrador.accounts.models import Department, Membership, User
from mostrador.cases import assignment
from mostrador.cases.models import RoutingRule
from mostrador.cases.selectors import list_case_history
from mostrador.cases.tests.factories import make_customer, open_case
from mostrador.core.errors import InvalidInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing(people):
    return Department.objects.create(name="Facturació", code="fac", kind="billing")


def test_the_first_matching_rule_wins_and_a_default_catches_the_rest(people, billing):
    RoutingRule.objects.create(
        name="Factures",
        position=10,
        words="factura, cobrament, rebut",
        department=billing,
        priority="high",
    )
    RoutingRule.objects.create(
        name="Tot el que és tècnic",
        position=20,
        case_type="technical",
        department=people.technical_service,
    )

    invoice = open_case(subject="Un COBRAMENT duplicat", body="M'heu cobrat dues vegades.")
    repair = open_case(type="technical", subject="No s'engega", body="El forn no s'engega.")
    other = open_case(subject="Horari", body="Quin horari teniu?")

    assert (invoice.department, invoice.priority) == (billing, "high")
    assert list_case_history(invoice).get().data["routing_rule"] == "Factures"
    assert repair.department == people.technical_service
    assert other.department == people.customer_service


def test_words_match_whole_words_without_accents_or_case(people, billing):
    RoutingRule.objects.create(name="Reclamacions", words="reclamació", department=billing)

    assert open_case(subject="RECLAMACIO formal", body="...").department == billing
    assert (
        open_case(subject="Reclamacions", body="plural, not the word").department
        == people.customer_service
    )


def test_rules_by_channel_and_customer_and_inactive_rules_are_skipped(people, billing):
    vip = make_customer(name="Gran Client SA", email="compres@granclient.example")
    RoutingRule.objects.create(name="Off", is_active=False, department=billing)
    RoutingRule.objects.create(name="VIP", customer=vip, department=billing, owner=people.head)
    RoutingRule.objects.create(name="Xat", channel="chat", department=people.technical_service)

    from_vip = open_case(customer=vip)
    assert (from_vip.department, from_vip.owner) == (billing, people.head)
    assert open_case(channel="chat").department == people.technical_service
    assert open_case(channel="email").department == people.customer_service


def test_untyped_contacts_get_a_suggested_type(people):
    RoutingRule.objects.create(
        name="Queixes",
        words="queixa, molest",
        suggested_type="complaint",
        department=people.customer_service,
    )

    complaint = open_case(
        type=None, channel="email", subject="Vull posar una queixa", body="Estic molt molest."
    )
    question = open_case(type=None, channel="chat", subject="Preu", body="Quant costa la revisió?")

    assert complaint.type == "complaint"
    assert list_case_history(complaint).get().data["type_suggested"] is True
    assert question.type == "information"
    with pytest.raises(InvalidInput) as error:
        open_case(type=None, channel="phone")
    assert "type" in error.value.fields


def test_the_classifier_seam_is_asked_when_no_rule_suggests(people, monkeypatch):
    from mostrador.cases import routing

    monkeypatch.setattr(
        routing,
        "classifier",
        lambda contact: "technical" if "avaria" in contact.folded_text else None,
    )

    assert open_case(type=None, subject="Avaria", body="La caldera no escalfa.").type == "technical"


def test_the_person_who_logs_a_case_owns_it(people):
    assert open_case(actor=people.operator, channel="phone").owner == people.operator


@pytest.fixture
def team(people):
    sac = people.customer_service
    extra = [
        User.objects.create_user(username=f"agent{n}", email=f"agent{n}@example.com")
        for n in range(2)
    ]
    for user in extra:
        Membership.objects.create(user=user, department=sac, role=Role.OPERATOR)
    return [people.operator, *extra]  # operators of customer service, by id


def test_round_robin_takes_turns_and_skips_absent_people(people, team):
    people.customer_service.assignment_policy = AssignmentPolicy.ROUND_ROBIN
    people.customer_service.save()
    team[1].absent_until = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    team[1].save()

    owners = [open_case().owner for _ in range(4)]

    assert owners == [team[0], team[2], team[0], team[2]]


def test_fewest_open_cases_balances_the_load(people, team):
    RoutingRule.objects.create(
        name="Equilibri",
        department=people.customer_service,
        assignment_policy=AssignmentPolicy.FEWEST_OPEN,
    )
    open_case(actor=team[0])
    open_case(actor=team[0])
    open_case(actor=team[1])

    assert open_case().owner == team[2]
    assert open_case().owner == team[1]


def test_absence_ends_and_manual_departments_leave_cases_in_the_queue(people, team):
    with time_machine.travel(dt.datetime(2026, 6, 1, tzinfo=dt.UTC), tick=False):
        team[0].absent_until = dt.datetime(2026, 6, 2, tzinfo=dt.UTC)
        team[0].save()
        assert team[0] not in assignment.available_members(people.customer_service)
    with time_machine.travel(dt.datetime(2026, 6, 3, tzinfo=dt.UTC), tick=False):
        assert team[0] in assignment.available_members(people.customer_service)

    # Manual assignment: the head answers for the case from its first minute; nobody handles it
    # until someone takes it from the unassigned queue.
    manual = open_case()
    assert (manual.owner, manual.handler) == (people.head, None)
    assert (
        assignment.choose_assignee(people.technical_service, AssignmentPolicy.ROUND_ROBIN)
        == people.technician
    )
    empty = Department.objects.create(name="Buit", code="buit", kind="other")
    assert assignment.choose_assignee(empty, AssignmentPolicy.FEWEST_OPEN) is None
