"""The rows data migrations seed (SLA policies, legal deadline rules), put back for live-server
tests: their database is flushed after each test, data migrations' rows included."""

from __future__ import annotations

import importlib

from django.apps import apps

SEEDS = (
    ("mostrador.cases.migrations.0003_fill_sla_policies", "fill_sla_policies"),
    ("mostrador.compliance.migrations.0002_fill_deadline_rules", "fill_deadline_rules"),
    ("mostrador.compliance.migrations.0006_fill_deadline_rule_texts", "fill_deadline_rule_texts"),
)


def restore_reference_data() -> None:
    from mostrador.cases.models import SLAPolicy  # noqa: PLC0415

    if SLAPolicy.objects.exists():
        return
    for module, function in SEEDS:
        getattr(importlib.import_module(module), function)(apps, None)
