"""The standard data set (shared/bench/WORKLOAD.md), generated deterministically from a seed.

Used by ``manage.py seed`` for the demo and by the benchmark, so both see the same shape of data:
8 departments, 40 agents, and 2,000 / 20,000 / 200,000 customers at sizes S / M / L. Rows are
inserted in bulk, bypassing the services: generating a data set is not a user's action, so it
records no events.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction

from mostrador.accounts.choices import DepartmentKind, Role, Weekday
from mostrador.accounts.models import BusinessCalendar, BusinessHours, Department, Membership, User
from mostrador.cases import search
from mostrador.channels.email.choices import Protocol
from mostrador.channels.email.models import Mailbox
from mostrador.core import configcache
from mostrador.customers.choices import ConsentPurpose, ContactKind, CustomerKind
from mostrador.customers.models import Consent, ContactPoint, Customer
from mostrador.demo.cases import CASE_COUNTS, END, seed_cases
from mostrador.demo.names import GIVEN_NAMES, ORGANISATION_SUFFIX, ORGANISATION_WORDS, SURNAMES
from mostrador.demo.workflow import seed_workflow

SIZES = {"S": 2_000, "M": 20_000, "L": 200_000}
DEMO_PASSWORD = "mostrador"  # noqa: S105  (printed for the demo; never a production account)
BATCH = 5_000
LANGUAGES = ("ca", "es", "en")

# (code, name, kind, inbound address, calendar, number of agents)
DEPARTMENTS = [
    (
        "SAC",
        "Atenció al Client",
        DepartmentKind.CUSTOMER_SERVICE,
        "atencio@mostrador.example",
        "continuous",
        10,
    ),
    (
        "SAT",
        "Servei d'Assistència Tècnica",
        DepartmentKind.TECHNICAL,
        "sat@mostrador.example",
        "continuous",
        8,
    ),
    (
        "SPV",
        "Servei Postvenda",
        DepartmentKind.AFTER_SALES,
        "postvenda@mostrador.example",
        "continuous",
        6,
    ),
    ("FAC", "Facturació", DepartmentKind.BILLING, "facturacio@mostrador.example", "split", 4),
    ("COM", "Comercial", DepartmentKind.COMMERCIAL, "comercial@mostrador.example", "split", 4),
    ("LOG", "Logística", DepartmentKind.LOGISTICS, "logistica@mostrador.example", "split", 3),
    ("MAG", "Magatzem", DepartmentKind.WAREHOUSE, "", "split", 3),
    ("QUA", "Qualitat", DepartmentKind.OTHER, "qualitat@mostrador.example", "split", 2),
]
# Front-line departments are mostly operators; the technical ones mostly technicians.
TECHNICAL_CODES = {"SAT", "SPV", "MAG"}

# The four accounts printed by `make demo`: (username, first name, last name, department, role).
DEMO_LOGINS = [
    ("head", "Montserrat", "Vila", "SAC", Role.HEAD),
    ("operator", "Pau", "Serra", "SAC", Role.OPERATOR),
    ("technician", "Laia", "Roca", "SAT", Role.TECHNICIAN),
    ("admin", "Xavier", "Font", "SAC", Role.ADMIN),
]

HEAD_PERMISSIONS = [
    ("accounts", "view_department"),
    ("accounts", "change_department"),
    ("accounts", "view_membership"),
    ("accounts", "add_membership"),
    ("accounts", "change_membership"),
    ("accounts", "delete_membership"),
    ("accounts", "view_user"),
    ("accounts", "view_authoritylimit"),
    ("accounts", "view_businesscalendar"),
    ("accounts", "change_businesscalendar"),
    ("accounts", "add_closedday"),
    ("accounts", "change_closedday"),
    ("accounts", "delete_closedday"),
    ("customers", "view_customer"),
    ("customers", "add_customer"),
    ("customers", "change_customer"),
    ("customers", "view_contactpoint"),
    ("customers", "add_contactpoint"),
    ("customers", "change_contactpoint"),
    ("customers", "view_consent"),
]


@dataclass
class SeedReport:
    departments: int = 0
    agents: int = 0
    customers: int = 0
    contact_points: int = 0
    cases: int = 0
    messages: int = 0


def _ascii(text: str) -> str:
    """Fold accents away for email local parts (Núria → nuria)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _calendars() -> dict[str, BusinessCalendar]:
    continuous = BusinessCalendar.objects.create(
        name="Catalunya · 8-20 h", country="ES", subdivision="CT"
    )
    split = BusinessCalendar.objects.create(
        name="Catalunya · jornada partida", country="ES", subdivision="CT"
    )
    hours = []
    for day in (
        Weekday.MONDAY,
        Weekday.TUESDAY,
        Weekday.WEDNESDAY,
        Weekday.THURSDAY,
        Weekday.FRIDAY,
    ):
        hours.append(
            BusinessHours(calendar=continuous, weekday=day, opens=dt.time(8), closes=dt.time(20))
        )
        hours.append(
            BusinessHours(calendar=split, weekday=day, opens=dt.time(9), closes=dt.time(14))
        )
        hours.append(
            BusinessHours(calendar=split, weekday=day, opens=dt.time(15), closes=dt.time(18))
        )
    BusinessHours.objects.bulk_create(hours)
    return {"continuous": continuous, "split": split}


def _heads_group() -> Group:
    group, _created = Group.objects.get_or_create(name="Department heads")
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in HEAD_PERMISSIONS
    ]
    group.permissions.set(permissions)
    return group


def _staff_member(
    username: str, first: str, last: str, *, role: str, language: str, password: str
) -> User:
    return User(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@mostrador.example",
        password=password,
        language=language,
        # Heads manage their departments in the admin; administrators manage everything.
        is_staff=role in (Role.HEAD, Role.ADMIN),
        is_superuser=role == Role.ADMIN,
    )


def _agents(rng: random.Random, departments: dict[str, Department], report: SeedReport) -> None:
    password = make_password(DEMO_PASSWORD)  # One hash for all: hashing 40 times is seconds.
    users: list[User] = []
    roles: list[tuple[str, str]] = []
    for username, first, last, code, role in DEMO_LOGINS:
        users.append(
            _staff_member(username, first, last, role=role, language="ca", password=password)
        )
        roles.append((code, role))
    demo_counts = {
        code: sum(1 for _u, _f, _l, c, _r in DEMO_LOGINS if c == code) for code, *_ in DEPARTMENTS
    }
    for code, _name, _kind, _email, _calendar, size in DEPARTMENTS:
        for position in range(size - demo_counts[code]):
            language = LANGUAGES[len(users) % 3]
            first, last = rng.choice(GIVEN_NAMES[language]), rng.choice(SURNAMES[language])
            username = f"{_ascii(first)}.{_ascii(last)}.{len(users)}"
            # Customer service's head is a demo login; every other department's first is its head.
            if code != "SAC" and position == 0:
                role = Role.HEAD
            else:
                role = Role.TECHNICIAN if code in TECHNICAL_CODES else Role.OPERATOR
            users.append(
                _staff_member(
                    username, first, last, role=role, language=language, password=password
                )
            )
            roles.append((code, role))
    created = User.objects.bulk_create(users)
    Membership.objects.bulk_create(
        Membership(user=user, department=departments[code], role=role)
        for user, (code, role) in zip(created, roles, strict=True)
    )
    _heads_group().user_set.add(
        *[u for u, (_c, r) in zip(created, roles, strict=True) if r == Role.HEAD]
    )
    report.agents = len(created)


def _customer_rows(
    rng: random.Random, count: int
) -> Iterator[tuple[Customer, list[ContactPoint], list[Consent]]]:
    seeded_at = dt.datetime(2024, 1, 8, 9, 0, tzinfo=dt.UTC)
    for index in range(count):
        language = rng.choice(LANGUAGES)
        first, last = rng.choice(GIVEN_NAMES[language]), rng.choice(SURNAMES[language])
        if rng.random() < 0.1:
            kind = CustomerKind.ORGANISATION
            name = (
                f"{rng.choice(ORGANISATION_WORDS[language])} {last} {ORGANISATION_SUFFIX[language]}"
            )
            local = _ascii(f"info{last}")
        else:
            kind, name, local = (
                CustomerKind.PERSON,
                f"{first} {last}",
                f"{_ascii(first)}.{_ascii(last)}",
            )
        customer = Customer(kind=kind, name=name, language=language)
        contacts = [
            ContactPoint(
                customer=customer,
                kind=ContactKind.EMAIL,
                value=f"{local}{index}@example.{('cat', 'es', 'com')[LANGUAGES.index(language)]}",
                is_primary=True,
            )
        ]
        if rng.random() < 0.7:
            # Unique by construction: the index is part of the number.
            contacts.append(
                ContactPoint(
                    customer=customer,
                    kind=ContactKind.PHONE,
                    value=f"+346{index:08d}",
                    is_primary=True,
                )
            )
        consents = [
            Consent(
                customer=customer,
                purpose=ConsentPurpose.SURVEYS,
                granted=rng.random() < 0.6,
                source="seed",
                recorded_at=seeded_at,
            )
        ]
        yield customer, contacts, consents


def _customers(rng: random.Random, count: int, report: SeedReport) -> None:
    rows = _customer_rows(rng, count)
    while True:
        batch = [row for _i, row in zip(range(BATCH), rows, strict=False)]
        if not batch:
            break
        customers = Customer.objects.bulk_create([customer for customer, _c, _k in batch])
        # The rows were built pointing at unsaved customers; now that bulk_create gave the
        # customers their ids, Django resolves the foreign keys as the rows are inserted.
        contacts = [contact for _c, customer_contacts, _k in batch for contact in customer_contacts]
        consents = [consent for _c, _k, customer_consents in batch for consent in customer_consents]
        ContactPoint.objects.bulk_create(contacts)
        Consent.objects.bulk_create(consents)
        report.customers += len(customers)
        report.contact_points += len(contacts)


def has_data() -> bool:
    return Department.objects.exists()


def seed(
    *,
    size: str = "S",
    seed_value: int = 20260101,
    with_cases: bool = True,
    until: dt.datetime | None = None,
) -> SeedReport:
    """Generate departments, agents and customers of ``size`` from ``seed_value``, and the
    cases of the two years before ``until`` (by default the fixed END the benchmark's runs are
    compared at; a demo passes now, so that its open cases are this month's).

    The data in one transaction; then, the full-text index built over it on every core (or in
    the same transaction, when the caller holds one), and fresh planner statistics.
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    with transaction.atomic():
        report = _seed(size, seed_value, with_cases=with_cases, until=until or END)
        configcache.changed()  # hours and mailboxes went in by bulk_create, without signals
    search.rebuild(parallel=min(len(os.sched_getaffinity(0)), 4))
    # Fresh statistics, as after any bulk load: without them the planner takes the new tables
    # for empty and picks plans that only suit empty tables. On PostgreSQL, outside a
    # transaction, VACUUM too: it marks the pages all-visible, so counts read indexes alone
    # at once (the queues' navigation), instead of when autovacuum comes round mid-work.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    return report


def _seed(size: str, seed_value: int, *, with_cases: bool, until: dt.datetime) -> SeedReport:
    rng = random.Random(seed_value)
    report = SeedReport()
    calendars = _calendars()
    departments = {}
    for code, name, kind, email, calendar, _size in DEPARTMENTS:
        departments[code] = Department.objects.create(
            code=code.lower(),
            name=name,
            kind=kind,
            inbound_email=email,
            calendar=calendars[calendar],
        )
    report.departments = len(departments)
    # Each department's address is a mailbox a mail server delivers to (``make run`` serves
    # SMTP on port 2525), so the demo receives real email.
    Mailbox.objects.bulk_create(
        Mailbox(name=d.name, address=d.inbound_email, department=d, protocol=Protocol.SMTP)
        for d in departments.values()
        if d.inbound_email
    )
    _agents(rng, departments, report)
    _customers(rng, SIZES[size], report)
    if with_cases:
        report.cases, report.messages = seed_cases(rng, CASE_COUNTS[size], index=False, end=until)
        seed_workflow(User.objects.get(username="operator"), departments["SAT"])
    return report
