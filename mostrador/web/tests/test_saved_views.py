"""Saved views: kept per person, shared with a department by its heads, checked on use."""

import re

import pytest
from django.test import Client

from mostrador.cases import queues, saved_views
from mostrador.cases.models import Case, SavedView
from mostrador.cases.tests.factories import open_case
from mostrador.core.errors import Forbidden, InvalidInput

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _subjects(response):
    return re.findall(r'<td class="col-subject" title="([^"]*)"', response.content.decode())


def _view(owner, *, share_with=None, **setup):
    return saved_views.create_view(
        owner,
        name=setup.pop("name", "Urgents"),
        queue=setup.pop("queue", "mine"),
        queue_department=setup.pop("queue_department", None),
        setup=queues.QueueSetup(**setup),
        share_with=share_with,
    )


def test_saving_the_current_set_up_makes_a_view_that_opens_with_it(people):
    client = _client(people.operator)
    open_case(actor=people.operator, subject="Urgent")
    normal = open_case(actor=people.operator, subject="Normal")
    Case.objects.exclude(pk=normal.pk).update(priority="urgent")

    response = client.post(
        "/queues/views/save/",
        {
            "name": "Els meus urgents",
            "queue": "mine",
            "department": "",
            "priority": "urgent",
            "sort": "-updated",
            "size": "50",
            "col": ["", "owner", "due"],
            "next": "/queues/mine/",
        },
    )

    view = SavedView.objects.get()
    assert response.url == f"/queues/views/{view.pk}/"
    assert (view.owner, view.department, view.filters, view.columns, view.sort, view.page_size) == (
        people.operator,
        None,
        {"priority": "urgent"},
        ["owner", "due"],
        "-updated",
        50,
    )
    page = client.get(response.url)
    assert _subjects(page) == ["Urgent"]
    content = page.content.decode()
    assert '<td class="col-customer"' not in content
    assert '<option value="-updated" selected>' in content
    assert re.search(r"Els meus urgents.*?<span class=\"count\">1</span>", content, re.S)
    # The address still changes what the view shows, without changing the view.
    assert sorted(_subjects(client.get(f"{response.url}?priority="))) == ["Normal", "Urgent"]


def test_a_view_someone_else_keeps_is_not_theirs_to_open_or_delete(people):
    view = _view(people.head)

    client = _client(people.operator)
    assert client.get(f"/queues/views/{view.pk}/").status_code == 404
    assert client.post(f"/queues/views/{view.pk}/delete/").status_code == 404
    with pytest.raises(Forbidden):
        saved_views.delete_view(view, actor=people.operator)
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_an_operator_cannot_share_with_a_department_they_do_not_head(people):
    with pytest.raises(Forbidden):
        _view(people.operator, share_with=people.customer_service)
    view = _view(people.operator)
    client = _client(people.operator)

    client.post(
        f"/queues/views/{view.pk}/change/",
        {"action": "share", "share": str(people.customer_service.pk)},
    )

    view.refresh_from_db()
    assert view.department is None
    saved = client.post(
        "/queues/views/save/",
        {"name": "Compartida", "queue": "mine", "share": str(people.customer_service.pk)},
    )
    assert saved.status_code == 302
    assert not SavedView.objects.filter(name="Compartida").exists()


def test_a_head_shares_a_view_its_members_open_but_only_heads_change(people):
    view = _view(people.head, name="Del SAC", share_with=people.customer_service)
    open_case(subject="Ningú encara")

    operator = _client(people.operator)
    page = operator.get(f"/queues/views/{view.pk}/").content.decode()
    assert "Del SAC" in page
    assert "Change this view" not in page
    operator.post(f"/queues/views/{view.pk}/change/", {"action": "rename", "name": "Meva"})
    operator.post(f"/queues/views/{view.pk}/delete/")
    view.refresh_from_db()
    assert view.name == "Del SAC"
    assert _client(people.technician).get(f"/queues/views/{view.pk}/").status_code == 404

    head = _client(people.head)
    assert "Change this view" in head.get(f"/queues/views/{view.pk}/").content.decode()
    head.post(f"/queues/views/{view.pk}/change/", {"action": "rename", "name": "SAC urgent"})
    view.refresh_from_db()
    assert view.name == "SAC urgent"
    head.post(f"/queues/views/{view.pk}/change/", {"action": "share", "share": ""})
    view.refresh_from_db()
    assert view.department is None
    assert operator.get(f"/queues/views/{view.pk}/").status_code == 404
    head.post(f"/queues/views/{view.pk}/delete/")
    assert not SavedView.objects.filter(pk=view.pk).exists()


def test_the_owner_renames_and_deletes_their_own_view(people):
    view = _view(people.operator)
    client = _client(people.operator)

    client.post(f"/queues/views/{view.pk}/change/", {"action": "rename", "name": "  Nou nom "})
    view.refresh_from_db()
    assert view.name == "Nou nom"
    client.post(f"/queues/views/{view.pk}/change/", {"action": "rename", "name": ""})
    view.refresh_from_db()
    assert view.name == "Nou nom"
    response = client.post(f"/queues/views/{view.pk}/delete/")
    assert response.url == "/queues/"
    assert not SavedView.objects.exists()


def test_a_view_is_checked_when_saved(people):
    with pytest.raises(InvalidInput) as error:
        _view(people.operator, filters={"priority": "whenever"}, sort="colour", page_size=7)
    assert set(error.value.fields) == {"filters", "sort", "page_size"}
    with pytest.raises(InvalidInput):
        _view(people.operator, queue="everything")
    with pytest.raises(InvalidInput):  # not a member of that department
        _view(people.operator, queue="department", queue_department=people.technical_service)


def test_a_tampered_view_opens_with_its_bad_parts_left_out(people, django_assert_max_num_queries):
    for n in range(30):
        open_case(actor=people.operator, subject=f"Cas {n:02d}")
    view = _view(people.operator, filters={"priority": "normal"})
    SavedView.objects.filter(pk=view.pk).update(
        filters={"priority": "<script>", "status": ["open"], "owner": 1},
        columns="everything",
        sort="-password",
        page_size=10000,  # far past any page size, yet a smallint on PostgreSQL
    )
    _view(people.operator, name="Un altre", queue="unassigned")
    client = _client(people.operator)

    with django_assert_max_num_queries(14):
        response = client.get(f"/queues/views/{view.pk}/")

    assert response.status_code == 200
    assert len(_subjects(response)) == 25
    assert 'class="col-due" aria-sort="ascending"' in response.content.decode()
    SavedView.objects.filter(pk=view.pk).update(queue="gone")
    assert _subjects(client.get(f"/queues/views/{view.pk}/")) == []


def test_views_in_the_navigation_are_counted_in_one_query_however_many(
    people, django_assert_max_num_queries
):
    open_case(actor=people.operator, subject="Meu")
    open_case(subject="Ningú")
    for n in range(5):
        _view(people.operator, name=f"Vista {n}", queue="mine" if n % 2 else "unassigned")
    _view(
        people.operator,
        name="Departament",
        queue="department",
        queue_department=people.customer_service,
    )
    client = _client(people.operator)

    with django_assert_max_num_queries(14):
        content = client.get("/queues/mine/").content.decode()

    counts = re.findall(
        r'<span class="view-name">([^<]*)</span> <span class="count">(\d+)', content
    )
    assert counts == [
        ("Departament", "2"),
        *[(f"Vista {n}", "1") for n in range(5)],
    ]
