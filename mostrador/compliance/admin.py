from django.contrib import admin

from mostrador.compliance.models import DeadlineRule, RightsNotice


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


@admin.register(RightsNotice)
class RightsNoticeAdmin(admin.ModelAdmin[RightsNotice]):
    """Editable: the texts are defaults from regulation.md that a lawyer may refine."""

    list_display = ["title", "profile", "language", "certainty", "updated_at"]
    list_filter = ["profile", "language", "certainty"]
    search_fields = ["title", "summary", "authority"]
