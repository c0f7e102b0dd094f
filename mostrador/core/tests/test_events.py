import pytest
from django.db import transaction

from mostrador.core.models import AppendOnlyError, Event
from mostrador.core.selectors import list_events_for
from mostrador.core.services import record_event
from mostrador.customers.tests.factories import CustomerFactory


@pytest.mark.django_db
def test_record_event_stores_actor_subject_verb_data_and_time(people):
    customer = CustomerFactory(name="Anna Vidal")

    event = record_event(customer, "customers.customer.noted", actor=people.head, data={"a": 1})

    assert event.actor == people.head
    assert event.subject_id == str(customer.pk)
    assert event.subject_repr == "Anna Vidal"
    assert event.data == {"a": 1}
    assert event.created_at is not None
    assert str(event) == "customers.customer.noted Anna Vidal"


@pytest.mark.django_db
def test_system_events_have_no_actor():
    customer = CustomerFactory()

    event = record_event(customer, "customers.customer.imported")

    assert event.actor is None


@pytest.mark.django_db
@pytest.mark.parametrize("verb", ["created", "customer.created", ""])
def test_a_verb_must_be_dotted_app_model_action(verb):
    with pytest.raises(ValueError, match="must be"):
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
            record_event(customer, "customers.customer.changed")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()

    assert not list_events_for(customer).exists()


@pytest.mark.django_db
def test_history_lists_only_the_subjects_events_oldest_first(people, django_assert_num_queries):
    first, other = CustomerFactory(), CustomerFactory()
    record_event(first, "customers.customer.created", actor=people.operator)
    record_event(other, "customers.customer.created")
    record_event(first, "customers.customer.changed", actor=people.head)

    with django_assert_num_queries(1):
        history = [(event.verb, event.actor.username) for event in list_events_for(first)]

    assert history == [
        ("customers.customer.created", "pau"),
        ("customers.customer.changed", "montserrat"),
    ]
