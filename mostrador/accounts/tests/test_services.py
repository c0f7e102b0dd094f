import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from mostrador.accounts import permissions, services
from mostrador.accounts.choices import Role
from mostrador.accounts.models import ApiToken, Membership
from mostrador.core.errors import Conflict, Forbidden, InvalidInput
from mostrador.core.selectors import list_events_for

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_and_stored_only_as_a_hash(people):
    token, secret = services.create_api_token(
        people.operator, name=" Reports ", actor=people.operator
    )

    assert secret.startswith("mst_")
    assert len(secret) > 40
    assert token.name == "Reports"
    assert token.prefix == secret[:10]
    assert secret not in token.key_hash
    assert token.key_hash == services.hash_token(secret)
    assert [e.verb for e in list_events_for(token)] == ["accounts.token.created"]


def test_a_token_authenticates_its_owner_and_records_its_use(people):
    _token, secret = services.create_api_token(people.operator, name="x", actor=people.operator)

    assert services.authenticate_api_token(secret) == people.operator
    assert ApiToken.objects.get().last_used_at is not None


@override_settings(API_TOKEN_LAST_USED_RESOLUTION=60)
def test_last_use_is_written_at_most_once_a_minute(people):
    _token, secret = services.create_api_token(people.operator, name="x", actor=people.operator)
    t0 = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)

    for seconds, expected in [(0, t0), (59, t0), (60, t0 + dt.timedelta(seconds=60))]:
        with time_machine.travel(t0 + dt.timedelta(seconds=seconds), tick=False):
            services.authenticate_api_token(secret)
        assert ApiToken.objects.get().last_used_at == expected


@pytest.mark.parametrize("raw", ["", "nonsense", "mst_wrong", "Bearer mst_x"])
def test_unknown_secrets_authenticate_nobody(people, raw):
    services.create_api_token(people.operator, name="x", actor=people.operator)

    assert services.authenticate_api_token(raw) is None


def test_a_revoked_token_or_an_inactive_owner_authenticates_nobody(people):
    token, secret = services.create_api_token(people.operator, name="x", actor=people.operator)
    _other, other_secret = services.create_api_token(
        people.technician, name="y", actor=people.technician
    )

    services.revoke_api_token(token, actor=people.operator)
    people.technician.is_active = False
    people.technician.save()

    assert services.authenticate_api_token(secret) is None
    assert services.authenticate_api_token(other_secret) is None


def test_revoking_twice_is_a_conflict(people):
    token, _secret = services.create_api_token(people.operator, name="x", actor=people.operator)
    services.revoke_api_token(token, actor=people.operator)

    with pytest.raises(Conflict) as error:
        services.revoke_api_token(token, actor=people.operator)
    assert error.value.code == "token_revoked"
    assert [e.verb for e in list_events_for(token)] == [
        "accounts.token.created",
        "accounts.token.revoked",
    ]


def test_only_the_owner_or_an_admin_manages_a_token(people):
    with pytest.raises(Forbidden):
        services.create_api_token(people.operator, name="x", actor=people.technician)
    token, _secret = services.create_api_token(people.operator, name="x", actor=people.admin)

    with pytest.raises(Forbidden):
        services.revoke_api_token(token, actor=people.head)
    assert services.revoke_api_token(token, actor=people.admin).revoked_at is not None


def test_a_token_needs_a_name(people):
    with pytest.raises(InvalidInput) as error:
        services.create_api_token(people.operator, name="  ", actor=people.operator)
    assert "name" in error.value.fields


def test_a_head_adds_changes_and_removes_members_of_their_department(people):
    sac = people.customer_service

    membership = services.add_member(
        sac, user=people.outsider, role=Role.OPERATOR, actor=people.head
    )
    assert membership.role == Role.OPERATOR
    services.add_member(sac, user=people.outsider, role=Role.TECHNICIAN, actor=people.head)
    assert Membership.objects.get(user=people.outsider).role == Role.TECHNICIAN

    services.remove_member(sac, user=people.outsider, actor=people.head)
    assert not Membership.objects.filter(user=people.outsider).exists()
    verbs = [e.verb for e in list_events_for(sac)]
    assert verbs == ["accounts.membership.changed"] * 2 + ["accounts.membership.removed"]


def test_membership_changes_need_a_head_of_that_department_or_an_admin(people):
    with pytest.raises(Forbidden):
        services.add_member(
            people.technical_service, user=people.outsider, role=Role.OPERATOR, actor=people.head
        )
    with pytest.raises(Forbidden):
        services.remove_member(people.customer_service, user=people.operator, actor=people.operator)
    services.add_member(
        people.technical_service, user=people.outsider, role=Role.OPERATOR, actor=people.admin
    )


def test_removing_a_non_member_is_an_error(people):
    with pytest.raises(InvalidInput) as error:
        services.remove_member(people.customer_service, user=people.outsider, actor=people.head)
    assert error.value.code == "not_member"


def test_a_person_sets_their_language(people):
    services.set_user_language(people.operator, language="es")
    people.operator.refresh_from_db()
    assert people.operator.language == "es"

    with pytest.raises(InvalidInput):
        services.set_user_language(people.operator, language="fr")


@pytest.mark.parametrize("member", ["head", "outsider", "operator"])
def test_a_head_never_gives_the_administrator_role_not_even_in_their_department(people, member):
    sac, user = people.customer_service, getattr(people, member)
    memberships = Membership.objects.filter(user=user, department=sac)
    before = list(memberships.values_list("role", flat=True))

    with pytest.raises(Forbidden) as error:
        services.add_member(sac, user=user, role=Role.ADMIN, actor=people.head)

    assert error.value.code == "admin_role_reserved"
    assert list(memberships.values_list("role", flat=True)) == before
    assert not permissions.is_admin(user)
    assert not list_events_for(sac).exists()


def test_a_head_neither_demotes_nor_removes_an_administrator(people):
    sac = people.customer_service

    with pytest.raises(Forbidden) as demoting:
        services.add_member(sac, user=people.admin, role=Role.OPERATOR, actor=people.head)
    with pytest.raises(Forbidden) as removing:
        services.remove_member(sac, user=people.admin, actor=people.head)

    assert demoting.value.code == removing.value.code == "admin_role_reserved"
    assert Membership.objects.get(user=people.admin, department=sac).role == Role.ADMIN


def test_an_administrator_gives_and_takes_the_administrator_role_in_any_department(people):
    sat = people.technical_service

    services.add_member(sat, user=people.outsider, role=Role.ADMIN, actor=people.admin)
    assert permissions.is_admin(people.outsider)
    services.add_member(sat, user=people.outsider, role=Role.OPERATOR, actor=people.admin)
    assert not permissions.is_admin(people.outsider)
    services.remove_member(sat, user=people.outsider, actor=people.admin)

    assert [(e.verb, e.data) for e in list_events_for(sat)] == [
        (
            "accounts.membership.changed",
            {"user": people.outsider.pk, "role": "admin", "previous": None, "created": True},
        ),
        (
            "accounts.membership.changed",
            {"user": people.outsider.pk, "role": "operator", "previous": "admin", "created": False},
        ),
        ("accounts.membership.removed", {"user": people.outsider.pk, "role": "operator"}),
    ]


def test_an_unknown_role_is_refused(people):
    with pytest.raises(InvalidInput) as error:
        services.add_member(
            people.customer_service, user=people.outsider, role="owner", actor=people.admin
        )
    assert "role" in error.value.fields


def test_who_may_grant_which_role_where(people):
    sac, sat = people.customer_service, people.technical_service

    assert permissions.can_grant_role(people.head, sac, Role.HEAD)
    assert not permissions.can_grant_role(people.head, sac, Role.ADMIN)
    assert not permissions.can_grant_role(people.head, sat, Role.OPERATOR)
    assert not permissions.can_grant_role(people.operator, sac, Role.OPERATOR)
    assert permissions.can_grant_role(people.admin, sat, Role.ADMIN)
    assert list(permissions.departments_managed_by(people.head)) == [sac]
    assert set(permissions.departments_managed_by(people.admin)) == {sac, sat}


def test_a_head_changes_only_accounts_that_answer_to_them(people):
    can = permissions.can_change_user
    assert can(people.head, people.head)
    assert can(people.head, people.operator)  # only in the head's department
    assert can(people.head, people.outsider)  # in no department
    assert not can(people.head, people.technician)  # another department's
    assert not can(people.head, people.admin)
    assert can(people.admin, people.technician)
    people.admin.is_active = False  # a dormant administrator can be woken up
    people.admin.is_staff = False
    assert not can(people.head, people.admin)
    people.outsider.is_superuser = True
    assert not can(people.head, people.outsider)
