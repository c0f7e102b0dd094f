"""Who may give which role in the Django admin: heads their own departments, never administrator.

Every test reads the admin's real change page and posts back what a browser would send from it
(hidden inline management fields included), changed the way the person being tested would change
it, or forge it.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from mostrador.accounts import permissions
from mostrador.accounts.choices import Role
from mostrador.accounts.models import Department, Membership, User
from mostrador.core.selectors import list_events_for
from mostrador.testing.forms import read_form

pytestmark = pytest.mark.django_db

# What the demo's "Department heads" group holds, plus changing staff: a generous setup, so that
# the domain rule is what stops them rather than a missing Django permission.
HEAD_PERMISSIONS = [
    "view_department",
    "change_department",
    "add_department",
    "delete_department",
    "view_membership",
    "add_membership",
    "change_membership",
    "delete_membership",
    "view_user",
    "change_user",
]


def row_of(data: dict[str, list[str]], field: str, value: object, prefix="memberships") -> str:
    """The prefix of the inline row whose ``field`` is ``value``, e.g. ``memberships-1``."""
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    for index in range(total):
        if data.get(f"{prefix}-{index}-{field}") == [str(value)]:
            return f"{prefix}-{index}"
    raise AssertionError(f"no row with {field}={value}")


def new_row(data: dict[str, list[str]], prefix="memberships") -> str:
    """The prefix of the first blank extra row the page offers."""
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    initial = int(data[f"{prefix}-INITIAL_FORMS"][0])
    assert total > initial, "the page offers no blank row"
    return f"{prefix}-{initial}"


def assert_refused(response) -> None:
    """The admin showed the form again with an error (a refusal, not a crash or a save)."""
    assert response.status_code == 200, response.status_code
    assert response.context["errors"], "no error on the form"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def department_url(department: Department) -> str:
    return reverse("admin:accounts_department_change", args=[department.pk])


def user_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def role_of(user: User, department: Department) -> str | None:
    return (
        Membership.objects.filter(user=user, department=department)
        .values_list("role", flat=True)
        .first()
    )


@pytest.fixture
def head(people) -> Client:
    group = Group.objects.create(name="Department heads")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="accounts", codename__in=HEAD_PERMISSIONS)
    )
    people.head.groups.add(group)
    return client_for(people.head)


@pytest.fixture(params=["admin role", "superuser"])
def admin(request, people) -> Client:
    """An administrator by the admin role (with the model permissions) or as a superuser."""
    user = people.admin
    if request.param == "superuser":
        user.is_superuser = True
        user.save()
    else:
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    return client_for(user)


# ------------------------------------------------------------------ the Department screen


def test_a_head_cannot_make_themself_administrator_of_their_department(head, people):
    sac = people.customer_service
    data = read_form(head, department_url(sac), "department_form")
    data[row_of(data, "user", people.head.pk) + "-role"] = [Role.ADMIN]

    response = head.post(department_url(sac), data)

    assert_refused(response)
    assert role_of(people.head, sac) == Role.HEAD
    assert not permissions.is_admin(User.objects.get(pk=people.head.pk))


def test_the_role_list_a_head_sees_offers_no_administrator(head, people):
    page = head.get(department_url(people.customer_service)).content.decode()

    blank = page.split('id="memberships-empty"')[1].split("</tr>")[0]
    assert f'value="{Role.OPERATOR}"' in blank
    assert f'value="{Role.ADMIN}"' not in blank


def test_a_head_cannot_give_a_new_member_the_administrator_role(head, people):
    sac = people.customer_service
    data = read_form(head, department_url(sac), "department_form")
    row = new_row(data)
    data[f"{row}-user"] = [str(people.outsider.pk)]
    data[f"{row}-role"] = [Role.ADMIN]

    response = head.post(department_url(sac), data)

    assert_refused(response)
    assert role_of(people.outsider, sac) is None


def test_a_head_cannot_demote_or_remove_the_administrator_of_their_department(head, people):
    sac = people.customer_service
    data = read_form(head, department_url(sac), "department_form")
    # The administrator's row is shown but locked: forge what a browser would not send.
    total = int(data["memberships-TOTAL_FORMS"][0])
    admin_row = next(
        f"memberships-{i}"
        for i in range(total)
        if f"memberships-{i}-id" in data
        and Membership.objects.get(pk=data[f"memberships-{i}-id"][0]).user == people.admin
    )
    data[f"{admin_row}-user"] = [str(people.admin.pk)]
    data[f"{admin_row}-role"] = [Role.OPERATOR]
    data[f"{admin_row}-DELETE"] = ["on"]

    head.post(department_url(sac), data)

    assert role_of(people.admin, sac) == Role.ADMIN


def test_a_head_manages_the_members_of_their_own_department(head, people):
    sac = people.customer_service
    data = read_form(head, department_url(sac), "department_form")
    row = new_row(data)
    data[f"{row}-user"] = [str(people.outsider.pk)]
    data[f"{row}-role"] = [Role.OPERATOR]
    data[row_of(data, "user", people.operator.pk) + "-DELETE"] = ["on"]

    response = head.post(department_url(sac), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert role_of(people.outsider, sac) == Role.OPERATOR
    assert role_of(people.operator, sac) is None
    assert sorted(e.verb for e in list_events_for(sac)) == [
        "accounts.membership.changed",
        "accounts.membership.removed",
    ]


def test_a_head_sees_and_opens_only_their_own_departments(head, people):
    sat = people.technical_service

    listing = head.get(reverse("admin:accounts_department_changelist")).content.decode()
    assert people.customer_service.name in listing
    assert "Servei d&#x27;Assistència Tècnica" not in listing
    assert head.get(department_url(sat)).status_code in {302, 403, 404}


def test_a_head_cannot_edit_another_department_by_a_forged_post(head, people):
    sat = people.technical_service
    # The form the head's own department shows, its fields and inline aimed at the other one.
    data = read_form(head, department_url(people.customer_service), "department_form")
    data = {k: v for k, v in data.items() if not k.startswith("memberships-")}
    data.update(
        {
            "name": [sat.name],
            "code": [sat.code],
            "kind": [sat.kind],
            "inbound_email": [""],
            "memberships-TOTAL_FORMS": ["1"],
            "memberships-INITIAL_FORMS": ["0"],
            "memberships-0-user": [str(people.head.pk)],
            "memberships-0-role": [Role.HEAD],
        }
    )

    response = head.post(department_url(sat), data)

    assert response.status_code in {302, 403, 404}
    assert role_of(people.head, sat) is None


def test_a_head_neither_adds_nor_deletes_departments(head, people):
    assert head.get(reverse("admin:accounts_department_add")).status_code == 403
    delete = reverse("admin:accounts_department_delete", args=[people.customer_service.pk])
    assert head.post(delete, {"post": "yes"}).status_code == 403
    assert Department.objects.filter(pk=people.customer_service.pk).exists()


def test_an_administrator_grants_administrator_in_any_department(admin, people):
    sat = people.technical_service
    data = read_form(admin, department_url(sat), "department_form")
    row = new_row(data)
    data[f"{row}-user"] = [str(people.outsider.pk)]
    data[f"{row}-role"] = [Role.ADMIN]

    response = admin.post(department_url(sat), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert role_of(people.outsider, sat) == Role.ADMIN
    assert [e.verb for e in list_events_for(sat)] == ["accounts.membership.changed"]


# ------------------------------------------------------------------ the User screen


def test_a_head_cannot_make_themself_superuser_nor_give_themself_groups_or_permissions(
    head, people
):
    data = read_form(head, user_url(people.head), "user_form")
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(data)
    root = Group.objects.create(name="Root")
    data.update(
        {
            "is_superuser": ["on"],
            "groups": [str(root.pk)],
            "user_permissions": [str(pk) for pk in Permission.objects.values_list("pk", flat=True)],
        }
    )

    head.post(user_url(people.head), data)

    people.head.refresh_from_db()
    assert not people.head.is_superuser
    assert not people.head.groups.filter(pk=root.pk).exists()
    assert not people.head.user_permissions.exists()


def test_a_head_cannot_make_a_member_of_their_department_staff(head, people):
    data = read_form(head, user_url(people.operator), "user_form")
    data["is_staff"] = ["on"]

    head.post(user_url(people.operator), data)

    people.operator.refresh_from_db()
    assert not people.operator.is_staff


def test_a_head_cannot_change_an_administrators_account(head, people):
    url = user_url(people.admin)
    page = head.get(url)
    assert page.status_code == 200  # they may look: the demo gives heads view_user

    response = head.post(url, {"username": "xavier", "email": "mine@example.com"})
    password = head.post(
        reverse("admin:auth_user_password_change", args=[people.admin.pk]),
        {"password1": "Taken-over-42", "password2": "Taken-over-42"},
    )

    assert response.status_code == 403
    assert password.status_code == 403
    people.admin.refresh_from_db()
    assert people.admin.email == "xavier@example.com"
    assert people.admin.check_password("secret-password")


def test_a_head_cannot_grant_administrator_through_the_user_screen(head, people):
    data = read_form(head, user_url(people.operator), "user_form")
    data[row_of(data, "department", people.customer_service.pk) + "-role"] = [Role.ADMIN]

    response = head.post(user_url(people.operator), data)

    assert_refused(response)
    assert role_of(people.operator, people.customer_service) == Role.OPERATOR


def test_a_head_cannot_place_someone_in_a_department_they_do_not_head(head, people):
    data = read_form(head, user_url(people.outsider), "user_form")
    row = new_row(data)
    data[f"{row}-department"] = [str(people.technical_service.pk)]
    data[f"{row}-role"] = [Role.HEAD]

    response = head.post(user_url(people.outsider), data)

    assert_refused(response)
    assert role_of(people.outsider, people.technical_service) is None


def test_a_head_places_someone_in_their_own_department_from_the_user_screen(head, people):
    data = read_form(head, user_url(people.outsider), "user_form")
    row = new_row(data)
    data[f"{row}-department"] = [str(people.customer_service.pk)]
    data[f"{row}-role"] = [Role.OPERATOR]

    response = head.post(user_url(people.outsider), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert role_of(people.outsider, people.customer_service) == Role.OPERATOR


def test_an_administrator_changes_staff_flags_and_roles_from_the_user_screen(admin, people):
    assert 'name="is_superuser"' in admin.get(user_url(people.outsider)).content.decode()
    data = read_form(admin, user_url(people.outsider), "user_form")
    data["is_staff"] = ["on"]
    data["is_superuser"] = ["on"]
    row = new_row(data)
    data[f"{row}-department"] = [str(people.technical_service.pk)]
    data[f"{row}-role"] = [Role.ADMIN]

    response = admin.post(user_url(people.outsider), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    people.outsider.refresh_from_db()
    assert people.outsider.is_staff
    assert people.outsider.is_superuser
    assert role_of(people.outsider, people.technical_service) == Role.ADMIN
