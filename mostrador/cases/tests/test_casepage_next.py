"""The "next case" link of the case page: the user's own open cases, soonest due first, round again."""

import datetime as dt

import pytest

from mostrador.cases.casepage import next_in_queue
from mostrador.cases.models import Case
from mostrador.cases.tests.factories import open_case
from mostrador.core import timeutils

pytestmark = pytest.mark.django_db


def test_next_goes_by_due_time_over_owned_and_handled_cases_then_round(people):
    now = timeutils.now()
    first = open_case(actor=people.operator, subject="1")
    handled = open_case(subject="2")
    last = open_case(actor=people.operator, subject="3")
    closed = open_case(actor=people.operator, subject="tancat")
    someone_elses = open_case(subject="d'algú altre")
    Case.objects.filter(pk=handled.pk).update(handler=people.operator, owner=people.head)
    Case.objects.filter(pk=closed.pk).update(status="closed")
    for case, hours in ((first, 1), (handled, 2), (last, 3), (closed, 2), (someone_elses, 2)):
        Case.objects.filter(pk=case.pk).update(resolution_due=now + dt.timedelta(hours=hours))
    first, handled, last = (Case.objects.get(pk=c.pk) for c in (first, handled, last))

    assert next_in_queue(people.operator, first) == handled
    assert next_in_queue(people.operator, handled) == last
    assert next_in_queue(people.operator, last) == first
    Case.objects.filter(pk__in=[first.pk, handled.pk]).update(status="closed")
    assert next_in_queue(people.operator, last) is None
