"""Move what claims and reports to the authorities said on the case into their own rows."""

from django.db import migrations

BATCH = 2000


def fill_case_details(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Claim = apps.get_model("cases", "Claim")
    AuthorityReport = apps.get_model("cases", "AuthorityReport")
    claims = Case.objects.exclude(remedy="").order_by("pk").values_list("pk", "remedy", "amount")
    rows = [Claim(case_id=pk, remedy=remedy, amount_asked=amount) for pk, remedy, amount in claims]
    Claim.objects.bulk_create(rows, batch_size=BATCH)
    reports = (
        Case.objects.filter(type="authority_report")
        .order_by("pk")
        .values_list("pk", "authority", "authority_forwarded_at")
    )
    AuthorityReport.objects.bulk_create(
        [AuthorityReport(case_id=pk, authority=name, forwarded_at=at) for pk, name, at in reports],
        batch_size=BATCH,
    )


def empty_case_details(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for claim in apps.get_model("cases", "Claim").objects.iterator():
        Case.objects.filter(pk=claim.case_id).update(remedy=claim.remedy, amount=claim.amount_asked)
    for report in apps.get_model("cases", "AuthorityReport").objects.iterator():
        Case.objects.filter(pk=report.case_id).update(
            authority=report.authority, authority_forwarded_at=report.forwarded_at
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_case_details")]

    operations = [migrations.RunPython(fill_case_details, empty_case_details)]
