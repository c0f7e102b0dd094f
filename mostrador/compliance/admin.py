from django.contrib import admin

from mostrador.compliance.models import DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin[DeadlineRule]):
    list_display = [
        "profile",
        "key",
        "value",
        "unit",
        "valid_from",
        "valid_to",
        "certainty",
        "enabled",
    ]
    list_filter = ["profile", "certainty", "enabled"]
    list_editable = ["enabled"]
