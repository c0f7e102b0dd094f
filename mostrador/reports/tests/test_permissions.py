import pytest

from mostrador.accounts.choices import Role
from mostrador.accounts.models import Membership, User
from mostrador.core.errors import Forbidden
from mostrador.reports.permissions import can_read_statistics, statistics_scope

pytestmark = pytest.mark.django_db


def test_administrators_read_any_department_or_all_of_them(people):
    sat = people.technical_service

    assert statistics_scope(people.admin) is None
    assert statistics_scope(people.admin, sat) == {sat.pk}


def test_a_superuser_needs_no_membership(people):
    root = User.objects.create_superuser(username="root", password="x", email="root@example.com")

    assert statistics_scope(root) is None


def test_a_head_reads_the_departments_they_head_together_or_one_by_one(people):
    sac, sat = people.customer_service, people.technical_service
    assert statistics_scope(people.head) == {sac.pk}
    assert statistics_scope(people.head, sac) == {sac.pk}
    with pytest.raises(Forbidden):
        statistics_scope(people.head, sat)

    Membership.objects.create(user=people.head, department=sat, role=Role.HEAD)

    assert statistics_scope(people.head) == {sac.pk, sat.pk}
    assert statistics_scope(people.head, sat) == {sat.pk}


@pytest.mark.parametrize("persona", ["operator", "technician", "outsider"])
def test_nobody_else_reads_statistics(people, persona):
    user = getattr(people, persona)

    for department in (None, people.customer_service, people.technical_service):
        with pytest.raises(Forbidden):
            statistics_scope(user, department)
        assert not can_read_statistics(user, department)


def test_a_deactivated_administrator_reads_nothing(people):
    people.admin.is_active = False
    people.admin.save()

    assert not can_read_statistics(people.admin)


def test_can_read_statistics_answers_as_the_scope_does(people):
    assert can_read_statistics(people.head)
    assert can_read_statistics(people.head, people.customer_service)
    assert not can_read_statistics(people.head, people.technical_service)
