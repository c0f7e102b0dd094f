"""What the clients work with, read from the loaded data set: logins, cases, customers, words.

Runs in the benchmark's process with Django set up on the benchmark's database, before the
load starts; the clients themselves only speak HTTP.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass

SAMPLE = 2_000
# Search terms of mixed rarity: in each language, ranks spread from common to the rarest of
# the Zipf-ranked vocabulary the texts are drawn from, and two two-word queries.
SEARCH_RANKS = {"ca": (5, 12, 25, 45, 70, 78), "es": (6, 15, 30, 50, 65, 77)}
SEARCH_RANKS_EN = (7, 20, 35, 55, 66, 76)


@dataclass(frozen=True)
class ReplyTarget:
    reference: str
    subject: str
    address: str


@dataclass(frozen=True)
class Fixtures:
    department: int
    operator_token: str
    admin_token: str
    session_cookie: str
    cases: list[str]
    open_cases: list[str]
    customer_emails: list[str]
    search_terms: list[str]
    reply_targets: list[ReplyTarget]
    year: int
    mailbox: str


def setup_django(environment: dict[str, str]) -> None:
    os.environ.update(environment)
    import django  # noqa: PLC0415  (only once the environment names the database)

    django.setup()


def search_terms() -> list[str]:
    from mostrador.demo.vocabulary import WORDS  # noqa: PLC0415

    ranks = {**SEARCH_RANKS, "en": SEARCH_RANKS_EN}
    terms = [WORDS[language][rank] for language, chosen in ranks.items() for rank in chosen]
    return [*terms, f"{WORDS['ca'][8]} {WORDS['ca'][40]}", f"{WORDS['es'][9]} {WORDS['es'][33]}"]


def _session(user_id: int) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: PLC0415
    from django.contrib.sessions.backends.db import SessionStore  # noqa: PLC0415

    from mostrador.accounts.models import User  # noqa: PLC0415

    user = User.objects.get(pk=user_id)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def _sample(values: list[str], rng: random.Random) -> list[str]:
    return rng.sample(values, min(SAMPLE, len(values))) if values else []


def collect(seed: int = 7) -> Fixtures:
    """Tokens and a session for the demo's operator and administrator, and what they open."""
    from django.db.models import Count  # noqa: PLC0415

    from mostrador.accounts import services  # noqa: PLC0415
    from mostrador.accounts.models import Department, User  # noqa: PLC0415
    from mostrador.cases.choices import CaseStatus  # noqa: PLC0415
    from mostrador.cases.models import Case  # noqa: PLC0415
    from mostrador.channels.email.models import Mailbox  # noqa: PLC0415
    from mostrador.customers.models import ContactPoint  # noqa: PLC0415

    rng = random.Random(seed)
    operator = User.objects.get(username="operator")
    admin = User.objects.get(username="admin")
    department = Department.objects.get(code="sac")
    _token, operator_token = services.create_api_token(operator, name="bench", actor=operator)
    _token, admin_token = services.create_api_token(admin, name="bench", actor=admin)
    cases = Case.objects.filter(department=department)
    references = list(cases.values_list("reference", flat=True))
    open_cases = list(cases.filter(status=CaseStatus.OPEN).values_list("reference", flat=True))
    emails = list(ContactPoint.objects.filter(kind="email").values_list("value", flat=True))
    years = cases.values("created_at__year").annotate(n=Count("pk")).order_by("-n")
    return Fixtures(
        department=department.pk,
        operator_token=operator_token,
        admin_token=admin_token,
        session_cookie=_session(operator.pk),
        cases=_sample(references, rng),
        open_cases=_sample(open_cases, rng),
        customer_emails=_sample(emails, rng),
        search_terms=search_terms(),
        reply_targets=_reply_targets(rng),
        year=int(years[0]["created_at__year"]) if years else 2025,
        mailbox=Mailbox.objects.get(department=department).address,
    )


def _reply_targets(rng: random.Random) -> list[ReplyTarget]:
    """Open or waiting cases of different customers, each with one of the customer's
    addresses: what customers answer by email."""
    from mostrador.cases.choices import CaseStatus  # noqa: PLC0415
    from mostrador.cases.models import Case  # noqa: PLC0415
    from mostrador.customers.models import ContactPoint  # noqa: PLC0415

    rows = Case.objects.exclude(status=CaseStatus.CLOSED).order_by("pk")
    seen: dict[int, tuple[str, str]] = {}
    for reference, subject, customer in rows.values_list("reference", "subject", "customer_id"):
        seen.setdefault(customer, (reference, subject))
    addresses = dict(ContactPoint.objects.filter(kind="email").values_list("customer_id", "value"))
    targets = [
        ReplyTarget(reference, subject, addresses[customer])
        for customer, (reference, subject) in sorted(seen.items())
        if customer in addresses
    ]
    rng.shuffle(targets)
    return targets
