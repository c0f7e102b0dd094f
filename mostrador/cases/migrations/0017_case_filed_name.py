"""The name a case was filed under, what its receipt shows from now on.

Cases filed before it did not record one: they keep the name their receipt has shown so far,
their customer's.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_filed_name(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Customer = apps.get_model("customers", "Customer")
    name = Customer.objects.filter(pk=OuterRef("customer_id")).values("name")[:1]
    Case.objects.update(filed_name=Subquery(name))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0016_lateness_count_index"),
        ("customers", "0002_sign_in_link"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="filed_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="name given"),
        ),
        migrations.RunPython(fill_filed_name, migrations.RunPython.noop, elidable=True),
    ]
