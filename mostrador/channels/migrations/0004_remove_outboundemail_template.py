from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("channels", "0003_fill_outbound_notices")]

    operations = [migrations.RemoveField(model_name="outboundemail", name="template")]
