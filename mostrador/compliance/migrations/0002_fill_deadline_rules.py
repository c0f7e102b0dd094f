"""Answer deadlines from shared/docs/regulation.md §4, with their sources and certainty.

Values are configurable defaults, not legal advice: heads and administrators can disable or
change them in the admin. Unconfirmed (U) rules ship disabled.
"""

import datetime as dt

from django.db import migrations

COMPLAINTS = ["complaint", "claim"]
RULES = [
    {
        "profile": "es", "key": "complaint.answer_deadline", "case_types": COMPLAINTS,
        "value": 15, "unit": "calendar_days", "certainty": "S",
        "source": "TRLGDCU (RDLeg 1/2007) art. 21.3, as worded by Ley 10/2025: 15 days from submission",
    },
    {
        "profile": "es", "key": "complaint.answer_deadline.ley10", "case_types": COMPLAINTS,
        "value": 15, "unit": "business_days", "certainty": "C", "requires_ley10_scope": True,
        "valid_from": dt.date(2026, 12, 28),
        "source": "Ley 10/2025 de servicios de atención a la clientela (BOE-A-2025-26698), art. 17.1",
    },
    {
        "profile": "es", "key": "complaint.billing_deadline", "case_types": COMPLAINTS,
        "department_kinds": ["billing"], "value": 5, "unit": "calendar_days", "certainty": "C",
        "requires_ley10_scope": True, "valid_from": dt.date(2026, 12, 28),
        "source": "Ley 10/2025 (BOE-A-2025-26698), art. 17.3: billing and undue charges",
    },
    {
        "profile": "es-ct", "key": "complaint.answer_deadline", "case_types": COMPLAINTS,
        "value": 1, "unit": "months", "certainty": "C",
        "source": "Llei 22/2010, del Codi de consum de Catalunya: answer within one month",
    },
]


def fill_deadline_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("compliance", "DeadlineRule")
    for rule in RULES:
        values = dict(rule)
        DeadlineRule.objects.update_or_create(
            profile=values.pop("profile"), key=values.pop("key"),
            defaults={**values, "enabled": values["certainty"] != "U"},
        )


def remove_deadline_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("compliance", "DeadlineRule")
    for rule in RULES:
        DeadlineRule.objects.filter(profile=rule["profile"], key=rule["key"]).delete()


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]

    operations = [migrations.RunPython(fill_deadline_rules, remove_deadline_rules)]
