"""Load the standard data set: departments, staff of every role, customers."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from mostrador.demo import dataset


def _moment(value: str) -> dt.datetime:
    if value == "now":
        return timezone.now()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{value!r} is neither 'now' nor YYYY-MM-DD") from error
    return dt.datetime.combine(day, dt.time(20), tzinfo=timezone.get_current_timezone())


class Command(BaseCommand):
    help = "Generate the standard data set (shared/bench/WORKLOAD.md) deterministically."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(dataset.SIZES), default="S")
        parser.add_argument("--seed", type=int, default=20260101, help="Random seed.")
        parser.add_argument(
            "--no-cases", action="store_true", help="Departments, staff and customers only."
        )
        parser.add_argument(
            "--until",
            type=_moment,
            default=None,
            help="The end of the two years of cases: 'now' (a demo: its open cases are recent) "
            "or a date, YYYY-MM-DD; by default the fixed date the benchmark compares runs at.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if dataset.has_data():
            self.stdout.write("The database already has data; nothing seeded.")
        else:
            report = dataset.seed(
                size=options["size"],
                seed_value=options["seed"],
                with_cases=not options["no_cases"],
                until=options["until"],
            )
            self.stdout.write(
                f"Seeded {report.departments} departments, {report.agents} staff, "
                f"{report.customers} customers, {report.contact_points} contact points, "
                f"{report.cases} cases and {report.messages} messages."
            )
        self.stdout.write(f"\nDemo logins (password “{dataset.DEMO_PASSWORD}”):")
        for username, first, last, code, role in dataset.DEMO_LOGINS:
            self.stdout.write(f"  {username:<11} {role.label:<20} {first} {last}, {code}")
