"""Load the standard data set: departments, staff of every role, customers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mostrador.demo import dataset


class Command(BaseCommand):
    help = "Generate the standard data set (shared/bench/WORKLOAD.md) deterministically."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(dataset.SIZES), default="S")
        parser.add_argument("--seed", type=int, default=20260101, help="Random seed.")
        parser.add_argument(
            "--no-cases", action="store_true", help="Departments, staff and customers only."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if dataset.has_data():
            self.stdout.write("The database already has data; nothing seeded.")
        else:
            report = dataset.seed(
                size=options["size"], seed_value=options["seed"], with_cases=not options["no_cases"]
            )
            self.stdout.write(
                f"Seeded {report.departments} departments, {report.agents} staff, "
                f"{report.customers} customers, {report.contact_points} contact points, "
                f"{report.cases} cases and {report.messages} messages."
            )
        self.stdout.write(f"\nDemo logins (password “{dataset.DEMO_PASSWORD}”):")
        for username, first, last, code, role in dataset.DEMO_LOGINS:
            self.stdout.write(f"  {username:<11} {role.label:<20} {first} {last}, {code}")
