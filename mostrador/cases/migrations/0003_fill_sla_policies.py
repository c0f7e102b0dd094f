"""Default SLA targets, in business minutes of the department's calendar. Edit them in the admin."""

from django.db import migrations

POLICIES = [
    {"name": "Default", "first_response_minutes": 8 * 60, "resolution_minutes": 40 * 60},
    {"name": "High priority", "priority": "high", "first_response_minutes": 4 * 60, "resolution_minutes": 24 * 60},
    {"name": "Urgent", "priority": "urgent", "first_response_minutes": 60, "resolution_minutes": 8 * 60},
    {"name": "Complaints", "case_type": "complaint", "first_response_minutes": 4 * 60, "resolution_minutes": 40 * 60},
    {"name": "Claims", "case_type": "claim", "first_response_minutes": 4 * 60, "resolution_minutes": 60 * 60},
]


def fill_sla_policies(apps, schema_editor):
    SLAPolicy = apps.get_model("cases", "SLAPolicy")
    for policy in POLICIES:
        SLAPolicy.objects.get_or_create(name=policy["name"], defaults=policy)


def remove_sla_policies(apps, schema_editor):
    apps.get_model("cases", "SLAPolicy").objects.filter(name__in=[p["name"] for p in POLICIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_sla_policies_and_clocks")]

    operations = [migrations.RunPython(fill_sla_policies, remove_sla_policies)]
