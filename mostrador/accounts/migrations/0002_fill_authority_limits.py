"""Default authority limits (level 3): what each role may grant on its own, in EUR.

Departments adjust them in the admin. The defaults follow the seeds' rule that the front line
resolves small matters at once and anything costly goes up for authorisation: an operator can
refund 100 EUR, a technician can replace a 300 EUR part, a head decides up to 2,000 EUR.
Contract terminations and debt cancellations always go to a head.
"""

from decimal import Decimal

from django.db import migrations

DEFAULTS = {
    "operator": {
        "refund": 100, "compensation": 100, "replacement": 150, "goodwill_credit": 50,
        "contract_termination": 0, "debt_cancellation": 0,
    },
    "technician": {
        "refund": 150, "compensation": 150, "replacement": 300, "goodwill_credit": 75,
        "contract_termination": 0, "debt_cancellation": 0,
    },
    "head": {
        "refund": 2000, "compensation": 2000, "replacement": 3000, "goodwill_credit": 1000,
        "contract_termination": 5000, "debt_cancellation": 2000,
    },
}


def fill_authority_limits(apps, schema_editor):
    AuthorityLimit = apps.get_model("accounts", "AuthorityLimit")
    for role, limits in DEFAULTS.items():
        for action, amount in limits.items():
            AuthorityLimit.objects.get_or_create(
                role=role, action=action, defaults={"max_amount": Decimal(amount)}
            )


def remove_authority_limits(apps, schema_editor):
    AuthorityLimit = apps.get_model("accounts", "AuthorityLimit")
    for role, limits in DEFAULTS.items():
        AuthorityLimit.objects.filter(role=role, action__in=list(limits)).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(fill_authority_limits, remove_authority_limits)]
