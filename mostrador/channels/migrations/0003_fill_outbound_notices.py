"""Name each logged email by its notice kind; give the unsent ones the notice they deliver.

Emails already composed keep their bytes and need no notice; one still waiting to be composed
gets the ``core.Notice`` its old template stood for, so it can be composed after the upgrade.
"""

from django.db import migrations

CUSTOMER_KINDS = {"receipt": "cases.receipt", "reply": "cases.reply", "resolution": "cases.resolution"}
BATCH = 2000


def fill_outbound_notices(apps, schema_editor):
    OutboundEmail = apps.get_model("channels", "OutboundEmail")
    Notice = apps.get_model("core", "Notice")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new in CUSTOMER_KINDS.items():
        OutboundEmail.objects.filter(kind=old).update(kind=new)
    staff = OutboundEmail.objects.filter(kind="staff")
    for template in staff.values_list("template", flat=True).distinct():
        staff.filter(template=template).update(kind=f"cases.{template}")
    pending = OutboundEmail.objects.filter(raw__isnull=True, notice__isnull=True, case__isnull=False)
    if not pending.exists():
        return
    case_type, _created = ContentType.objects.get_or_create(app_label="cases", model="case")
    while True:
        batch = list(pending.select_related("case", "recipient_user")[:BATCH])
        if not batch:
            break
        for email in batch:
            user = email.recipient_user
            email.notice = Notice.objects.create(
                kind=email.kind,
                subject_type=case_type,
                subject_id=email.case_id,
                recipient_user=user,
                language=user.language if user else email.case.language,
                data={"message": email.case_message_id} if email.case_message_id else {},
                created_at=email.created_at,
            )
            email.save(update_fields=["notice"])


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0002_outbound_delivers_notices"),
        ("cases", "0012_navigation_count_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(fill_outbound_notices, migrations.RunPython.noop),
    ]
