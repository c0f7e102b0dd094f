"""Rebuild the full-text index of cases and messages from scratch."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from mostrador.cases import search
from mostrador.cases.models import Case, Message


class Command(BaseCommand):
    help = "Rebuild the full-text search index of cases and their messages."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            search.rebuild()
        cases, messages = Case.objects.count(), Message.objects.count()
        self.stdout.write(f"Indexed {cases} cases and {messages} messages.")
