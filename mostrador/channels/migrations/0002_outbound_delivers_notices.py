import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Outbound emails deliver the domain's notices (core.Notice) instead of naming templates."""

    dependencies = [
        ("channels", "0001_initial"),
        ("core", "0003_notice"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundemail",
            name="notice",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="emails", to="core.notice", verbose_name="notice"),
        ),
        migrations.AlterField(
            model_name="outboundemail",
            name="kind",
            field=models.CharField(max_length=60, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="outboundemail",
            name="status",
            field=models.CharField(choices=[("queued", "Queued"), ("sending", "Sending"), ("retrying", "Waiting to retry"), ("sent", "Sent"), ("failed", "Could not be delivered"), ("bounced", "Bounced"), ("cancelled", "Not needed any more")], default="queued", max_length=10, verbose_name="status"),
        ),
    ]
