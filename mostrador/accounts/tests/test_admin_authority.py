"""Authority limits and groups in the Django admin are the administrators' alone: a head who
holds the model permissions still cannot raise their own limit or give their group more."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from mostrador.accounts.choices import ApprovalAction, Role
from mostrador.accounts.models import AuthorityLimit
from mostrador.core.models import Event
from mostrador.testing.forms import read_form

pytestmark = pytest.mark.django_db

EVERYTHING = ["view", "add", "change", "delete"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def limit(db) -> AuthorityLimit:
    found, _created = AuthorityLimit.objects.update_or_create(
        role=Role.HEAD, action=ApprovalAction.REFUND, defaults={"max_amount": Decimal("500.00")}
    )
    return found


@pytest.fixture
def heads(people) -> Group:
    """A head's group holding every permission on limits and groups: the rule must stop them."""
    group = Group.objects.create(name="Department heads")
    codenames = [f"{verb}_{model}" for verb in EVERYTHING for model in ("authoritylimit", "group")]
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    people.head.groups.add(group)
    return group


def test_a_head_cannot_raise_an_authority_limit_in_the_admin(people, heads, limit):
    client = _client(people.head)
    url = reverse("admin:accounts_authoritylimit_change", args=[limit.pk])
    AuthorityLimit.objects.filter(role=Role.HEAD, action=ApprovalAction.COMPENSATION).delete()
    count = AuthorityLimit.objects.count()

    page = client.get(url)
    forged = client.post(
        url, {"role": Role.HEAD, "action": ApprovalAction.REFUND, "max_amount": "99999"}
    )
    added = client.post(
        reverse("admin:accounts_authoritylimit_add"),
        {"role": Role.HEAD, "action": ApprovalAction.COMPENSATION, "max_amount": "99999"},
    )

    assert page.status_code == 200, "they may still read the limits"
    assert b'name="max_amount"' not in page.content
    assert forged.status_code == 403
    assert added.status_code == 403
    limit.refresh_from_db()
    assert limit.max_amount == Decimal("500.00")
    assert AuthorityLimit.objects.count() == count


def test_an_administrator_changes_a_limit_and_the_change_is_recorded(people, limit):
    client = _client(people.admin)
    people.admin.is_superuser = True
    people.admin.save()
    url = reverse("admin:accounts_authoritylimit_change", args=[limit.pk])
    data = read_form(client, url, "authoritylimit_form")
    data["max_amount"] = ["750.00"]

    assert client.post(url, data).status_code == 302

    limit.refresh_from_db()
    assert limit.max_amount == Decimal("750.00")
    event = Event.objects.get(verb="accounts.authority_limit.changed")
    assert event.actor == people.admin
    assert (event.data["from"], event.data["to"]) == ("500.00", "750.00")


def test_a_head_cannot_give_their_own_group_more_permissions(people, heads):
    client = _client(people.head)
    url = reverse("admin:auth_group_change", args=[heads.pk])
    every = list(Permission.objects.values_list("pk", flat=True))

    forged = client.post(url, {"name": heads.name, "permissions": every})

    assert forged.status_code == 403
    assert heads.permissions.count() == 2 * len(EVERYTHING)
    assert client.post(reverse("admin:auth_group_add"), {"name": "All"}).status_code == 403


def test_an_administrator_changes_a_group_and_the_change_is_recorded(people, heads):
    people.admin.is_superuser = True
    people.admin.save()
    client = _client(people.admin)
    url = reverse("admin:auth_group_change", args=[heads.pk])
    data = read_form(client, url, "group_form")
    data["permissions"] = [str(Permission.objects.get(codename="view_authoritylimit").pk)]

    assert client.post(url, data).status_code == 302

    event = Event.objects.get(verb="accounts.group.changed")
    assert event.actor == people.admin
    assert event.data == {"permissions": ["view_authoritylimit"]}
