import pytest
from django.contrib.admin.sites import site
from django.test import Client
from django.urls import reverse

from mostrador.accounts.models import ApiToken
from mostrador.core.services import record_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for(people):
    people.admin.is_superuser = True
    people.admin.save()
    client = Client()
    client.force_login(people.admin)
    return client


def test_every_admin_page_lists_and_adds(admin_client_for, people):
    record_event(people.customer_service, "accounts.membership.removed", actor=people.admin)
    for model in site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert admin_client_for.get(changelist).status_code == 200, changelist
        add = admin_client_for.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        assert add.status_code in {200, 403}, meta.model_name


def test_a_token_created_in_the_admin_shows_its_secret_once(admin_client_for, people):
    response = admin_client_for.post(
        reverse("admin:accounts_apitoken_add"),
        {"user": people.operator.pk, "name": "ERP", "lifetime": "90"},
        follow=True,
    )

    token = ApiToken.objects.get()
    assert token.user == people.operator
    assert "mst_" in response.content.decode()


def test_tokens_are_revoked_in_bulk_from_the_admin(admin_client_for, people, token_for):
    token_for(people.operator)
    token_for(people.head)
    ApiToken.objects.filter(user=people.head).update(revoked_at="2026-01-01T00:00:00Z")

    response = admin_client_for.post(
        reverse("admin:accounts_apitoken_changelist"),
        {
            "action": "revoke",
            "_selected_action": list(ApiToken.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )

    assert "1 token revoked." in response.content.decode()
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


def test_the_audit_trail_is_read_only_in_the_admin(admin_client_for, people):
    event = record_event(people.customer_service, "accounts.membership.removed")

    change = reverse("admin:core_event_change", args=[event.pk])
    assert admin_client_for.post(change, {"verb": "x.y.z"}).status_code == 403
    assert (
        admin_client_for.get(reverse("admin:core_event_delete", args=[event.pk])).status_code == 403
    )
