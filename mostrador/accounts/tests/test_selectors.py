from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mostrador.accounts import permissions, selectors
from mostrador.accounts.choices import ApprovalAction, Role
from mostrador.accounts.models import AuthorityLimit, BusinessCalendar, Membership
from mostrador.core.errors import NotFound

pytestmark = pytest.mark.django_db


def test_default_authority_limits_are_installed_for_every_role_and_action():
    for role in (Role.OPERATOR, Role.TECHNICIAN, Role.HEAD):
        assert set(
            AuthorityLimit.objects.filter(role=role).values_list("action", flat=True)
        ) == set(ApprovalAction.values)
    assert (
        AuthorityLimit.objects.get(role=Role.OPERATOR, action=ApprovalAction.REFUND).max_amount
        == 100
    )


def test_the_authority_limit_is_the_most_generous_of_a_persons_roles(people):
    assert selectors.get_authority_limit(people.operator, ApprovalAction.REFUND) == Decimal("100")
    assert selectors.get_authority_limit(people.head, ApprovalAction.REFUND) == Decimal("2000")

    Membership.objects.create(
        user=people.operator, department=people.technical_service, role=Role.TECHNICIAN
    )
    assert selectors.get_authority_limit(people.operator, ApprovalAction.REFUND) == Decimal("150")


def test_without_a_limit_row_anything_with_an_amount_needs_approval(people):
    assert selectors.get_authority_limit(people.outsider, ApprovalAction.REFUND) == 0
    assert selectors.get_authority_limit(people.admin, ApprovalAction.REFUND) == 0


def test_departments_list_with_member_and_head_counts_in_one_query(
    people, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = {d.code: (d.member_count, d.head_count) for d in selectors.list_departments()}

    assert rows == {"sac": (3, 1), "sat": (1, 0)}


def test_a_department_with_its_members_loads_in_a_fixed_number_of_queries(
    people, django_assert_num_queries
):
    with django_assert_num_queries(2):
        department = selectors.get_department(people.customer_service.pk)
        members = [(m.user.username, m.role) for m in department.memberships.all()]

    assert ("montserrat", Role.HEAD) in members
    with pytest.raises(NotFound):
        selectors.get_department(999_999)


def test_roles_and_permissions(people):
    assert selectors.roles_of(people.head) == {Role.HEAD}
    assert permissions.is_head_of(people.head, people.customer_service)
    assert not permissions.is_head_of(people.head, people.technical_service)
    assert permissions.is_admin(people.admin)
    assert not permissions.is_admin(people.head)
    people.outsider.is_superuser = True
    assert permissions.is_admin(people.outsider)


def test_a_calendar_needs_a_country_and_region_with_holiday_data():
    BusinessCalendar(name="ok", country="ES", subdivision="CT").clean()
    with pytest.raises(ValidationError) as error:
        BusinessCalendar(name="x", country="XX").clean()
    assert "country" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        BusinessCalendar(name="y", country="ES", subdivision="ZZ").clean()
    assert "subdivision" in error.value.message_dict
