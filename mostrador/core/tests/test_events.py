import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import translation

from mostrador.core import events
from mostrador.core.models import AppendOnlyError, Event
from mostrador.core.selectors import list_events_for
from mostrador.core.services import record_event
from mostrador.customers.tests.factories import CustomerFactory

APPS = {"accounts", "aftersales", "cases", "channels", "core", "customers", "compliance", "reports"}


@pytest.mark.django_db
def test_record_event_stores_actor_subject_verb_data_and_time(people):
    customer = CustomerFactory(name="Anna Vidal")

    event = record_event(customer, "customers.contact.added", actor=people.head, data={"a": 1})

    assert event.actor == people.head
    assert event.subject_id == str(customer.pk)
    assert event.subject_repr == "Anna Vidal"
    assert event.data == {"a": 1}
    assert event.created_at is not None
    assert str(event) == "customers.contact.added Anna Vidal"


@pytest.mark.django_db
def test_system_events_have_no_actor():
    customer = CustomerFactory()

    event = record_event(customer, "customers.customer.created")

    assert event.actor is None


@pytest.mark.django_db
@pytest.mark.parametrize("verb", ["created", "customer.created", "", "customers.customer.forged"])
def test_a_verb_nobody_declared_is_refused(verb):
    with pytest.raises(ValueError, match="not declared"):
        record_event(CustomerFactory(), verb)


def test_an_unsaved_subject_is_refused():
    from mostrador.customers.models import Customer

    with pytest.raises(ValueError, match="unsaved"):
        record_event(Customer(name="x"), "customers.customer.created")


@pytest.mark.django_db
def test_events_are_append_only():
    event = record_event(CustomerFactory(), "customers.customer.created")

    event.verb = "customers.customer.forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(verb="x.y.z")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_an_event_rolls_back_with_the_change_it_records():
    customer = CustomerFactory()

    def change_then_fail():
        with transaction.atomic():
            record_event(customer, "customers.contact.added")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()

    assert not list_events_for(customer).exists()


@pytest.mark.django_db
def test_history_lists_only_the_subjects_events_oldest_first(people, django_assert_num_queries):
    first, other = CustomerFactory(), CustomerFactory()
    record_event(first, "customers.customer.created", actor=people.operator)
    record_event(other, "customers.customer.created")
    record_event(first, "customers.contact.added", actor=people.head)

    with django_assert_num_queries(1):
        history = [(event.verb, event.actor.username) for event in list_events_for(first)]

    assert history == [
        ("customers.customer.created", "pau"),
        ("customers.contact.added", "montserrat"),
    ]


def test_an_app_declares_a_verb_once_and_dotted():
    with pytest.raises(ImproperlyConfigured, match="twice"):
        events.declare("customers.customer.created", label="Again")
    with pytest.raises(ImproperlyConfigured, match="must be"):
        events.declare("customers.created", label="Short")


def test_an_event_reads_in_the_readers_language_as_its_app_declares_it():
    with translation.override("ca"):
        catalan = events.describe("cases.approval.requested", {"amount": "900.00"})
        label = events.label("cases.case.transferred")
    with translation.override("es"):
        spanish = events.describe("cases.case.status_changed", {"from": "open", "to": "resolved"})

    assert catalan == "ha sol·licitat autorització: 900,00 €"
    assert label == "Traspassat"
    assert spanish == "ha cambiado el estado de «Abierto» a «Resuelto»"
    assert events.describe("gone.thing.happened", {}) == "gone.thing.happened"


def test_every_verb_the_code_records_is_declared_by_its_own_app():
    root = Path(__file__).resolve().parents[2]
    recorded = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        recorded |= set(re.findall(r'record_event\(\s*[^,]+,\s*"([a-z_.]+)"', text))
        recorded |= set(re.findall(r'verb = "([a-z_.]+)"', text))
    verbs = {verb for verb in recorded if verb.split(".")[0] in APPS}
    assert len(verbs) > 30
    declared = {kind.verb for kind in events.all_kinds()}

    assert verbs - declared == set()
    assert all(kind.verb.split(".")[0] in APPS for kind in events.all_kinds())
