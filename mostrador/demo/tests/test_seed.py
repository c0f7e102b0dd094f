import random
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from mostrador.accounts.choices import Role
from mostrador.accounts.models import Department, Membership, User
from mostrador.customers.models import Consent, ContactPoint, Customer
from mostrador.demo import dataset


def test_the_same_seed_generates_the_same_customers():
    def names(seed):
        return [
            (c.name, [p.value for p in contacts])
            for c, contacts, _ in dataset._customer_rows(random.Random(seed), 200)
        ]

    assert names(7) == names(7)
    assert names(7) != names(8)


@pytest.mark.django_db
def test_seed_loads_the_standard_data_set_and_prints_the_demo_logins():
    out = StringIO()
    call_command("seed", size="S", no_cases=True, stdout=out)

    assert Department.objects.count() == 8
    assert User.objects.count() == 40
    assert Customer.objects.count() == dataset.SIZES["S"]
    assert Consent.objects.count() == dataset.SIZES["S"]
    assert ContactPoint.objects.filter(kind="email").count() == dataset.SIZES["S"]
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    for department in Department.objects.all():
        assert department.memberships.filter(role=Role.HEAD).exists(), department
    assert len({c.language for c in Customer.objects.all()[:300]}) == 3
    for username in ("head", "operator", "technician", "admin"):
        # As the sign-in page asks: the guessing guard (axes) needs the request.
        request = RequestFactory().post("/login/")
        assert authenticate(request, username=username, password=dataset.DEMO_PASSWORD)
        assert username in out.getvalue()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="head").groups.filter(name="Department heads").exists()


@pytest.mark.django_db
def test_seeding_again_keeps_the_data_and_says_so():
    Department.objects.create(name="Existing", code="x", kind="other")
    out = StringIO()

    call_command("seed", stdout=out)

    assert "already has data" in out.getvalue()
    assert Department.objects.count() == 1


@pytest.mark.django_db
def test_an_unknown_size_is_refused():
    with pytest.raises(ValueError, match="size"):
        dataset.seed(size="XL")


@pytest.mark.django_db
def test_generated_cases_follow_the_workload_and_work_like_real_ones():
    from collections import Counter

    from mostrador.cases.models import Case, Message, ReferenceSequence
    from mostrador.cases.search import search_cases
    from mostrador.demo.cases import END, seed_cases

    dataset.seed(size="S", with_cases=False)  # departments, staff and customers
    cases, messages = seed_cases(random.Random(3), 300)

    assert (cases, Case.objects.count()) == (300, 300)
    assert messages == Message.objects.count()
    assert 3.0 < messages / cases < 5.0
    assert all(1 <= case.messages.count() <= 12 for case in Case.objects.all()[:50])
    statuses = Counter(Case.objects.values_list("status", flat=True))
    assert 0.6 < statuses["closed"] / 300 < 0.9
    created = list(Case.objects.order_by("reference").values_list("created_at", flat=True))
    assert created == sorted(created), "references follow creation order"
    assert all(c.weekday() < 5 and c < END for c in created)
    last = ReferenceSequence.objects.get(year=created[-1].year).last_value
    assert Case.objects.order_by("-reference").first().reference.endswith(f"{last:06d}")
    admin = User.objects.get(username="admin")
    some_case = Case.objects.order_by("pk").first()
    assert some_case in search_cases(admin, some_case.reference)
    word = some_case.subject.split()[-1]
    assert search_cases(admin, word), "generated text is searchable"


@pytest.mark.django_db
def test_the_demo_has_work_waiting_in_the_inboxes():
    from mostrador.accounts.models import Department
    from mostrador.cases.models import SavedReply
    from mostrador.cases.selectors_levels import open_consultations_for, pending_approvals_for
    from mostrador.demo.cases import seed_cases
    from mostrador.demo.workflow import seed_workflow

    dataset.seed(size="S", with_cases=False)
    seed_cases(random.Random(5), 1500)
    seed_workflow(User.objects.get(username="operator"), Department.objects.get(code="sat"))

    assert pending_approvals_for(User.objects.get(username="head")).count() == 4
    assert open_consultations_for(User.objects.get(username="technician")).count() == 4
    assert set(SavedReply.objects.values_list("language", flat=True)) == {"ca", "es", "en"}


@pytest.mark.django_db
def test_a_demo_seeded_until_now_has_its_open_cases_recent_and_its_history_in_the_past():
    import datetime as dt

    from django.db.models import Max
    from django.utils import timezone

    from mostrador.cases.models import Case, Message
    from mostrador.demo.cases import seed_cases

    dataset.seed(size="S", with_cases=False)
    now = timezone.now()
    seed_cases(random.Random(9), 2000, index=False, end=now)

    cases = Case.objects.all()
    still_open = cases.exclude(status="closed")
    assert 0.2 < still_open.count() / 2000 < 0.3  # the workload's 25 % not closed, all told
    recent = now - dt.timedelta(days=90)
    share_recent_open = still_open.filter(created_at__gte=recent).count() / still_open.count()
    share_recent_all = cases.filter(created_at__gte=recent).count() / 2000
    assert share_recent_open > 2 * share_recent_all  # open cases are mostly the latest ones
    assert not Message.objects.filter(created_at__gt=now).exists()
    assert not cases.filter(resolved_at__gt=now).exists()
    last = dict(
        Message.objects.values("case_id")
        .annotate(last=Max("created_at"))
        .values_list("case_id", "last")
    )
    assert all(case.updated_at == last[case.pk] for case in cases.only("updated_at"))


def test_the_seed_command_takes_now_or_a_date_for_its_end():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="neither 'now' nor YYYY-MM-DD"):
        call_command("seed", "--until", "yesterday", stdout=StringIO())
