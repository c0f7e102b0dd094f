"""A tutorial test: how tests are written in Mostrador. Read it before writing your first one.

- Tests are plain functions with raw ``assert`` (pytest style), named as a sentence.
- The ``people`` fixture (conftest.py) gives named personas: ``people.operator`` (Pau),
  ``people.head`` (Montserrat), ``people.technician`` (Laia), ``people.admin``, ``people.outsider``.
- Services are called as a user would trigger them, with an explicit ``actor``, and hit the
  real database: no mocks of our own code.
- Every change leaves an Event; assert on it, since the history is what statistics read.
"""

from mostrador.core.selectors import list_events_for
from mostrador.customers import services


def test_a_service_call_changes_state_and_leaves_an_event(people):
    # Act as the operator at the counter creating a customer.
    customer = services.create_customer(
        name="Núria Puig", emails=["Nuria.Puig@Example.cat"], actor=people.operator
    )

    # The state changed, in canonical form...
    assert customer.contacts.get().value == "nuria.puig@example.cat"
    # ...and the history says who did what.
    [event] = list_events_for(customer)
    assert event.verb == "customers.customer.created"
    assert event.actor == people.operator
