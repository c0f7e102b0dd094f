from django.db import migrations


class Migration(migrations.Migration):
    """The claim's and the report's fields now live in their own rows (0013, 0014)."""

    dependencies = [("cases", "0014_fill_case_details")]

    operations = [
        migrations.RemoveConstraint(
            model_name='case',
            name='case_amount_positive',
        ),
        migrations.RemoveField(
            model_name='case',
            name='amount',
        ),
        migrations.RemoveField(
            model_name='case',
            name='authority',
        ),
        migrations.RemoveField(
            model_name='case',
            name='authority_forwarded_at',
        ),
        migrations.RemoveField(
            model_name='case',
            name='remedy',
        ),
    ]
