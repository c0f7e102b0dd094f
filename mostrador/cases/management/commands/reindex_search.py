"""Rebuild the full-text index of cases and messages from scratch."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from mostrador.cases import search
from mostrador.cases.models import Case, Message


class Command(BaseCommand):
    help = "Rebuild the full-text search index of cases and their messages."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM case_search")
            cases = 0
            for case in Case.objects.iterator(chunk_size=2000):
                search.index_case(case)
                cases += 1
            messages = 0
            for message in Message.objects.select_related("case").iterator(chunk_size=2000):
                search.index_message(message)
                messages += 1
        self.stdout.write(f"Indexed {cases} cases and {messages} messages.")
