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

    def handle(self, *args: Any, **options: Any) -> None:
        if dataset.has_data():
            self.stdout.write("The database already has data; nothing seeded.")
        else:
            report = dataset.seed(size=options["size"], seed_value=options["seed"])
            self.stdout.write(
                f"Seeded {report.departments} departments, {report.agents} staff, "
                f"{report.customers} customers and {report.contact_points} contact points."
            )
        self.stdout.write(f"\nDemo logins (password “{dataset.DEMO_PASSWORD}”):")
        for username, first, last, code, role in dataset.DEMO_LOGINS:
            self.stdout.write(f"  {username:<11} {role.label:<20} {first} {last}, {code}")
