from django.contrib import admin

from mostrador.compliance.models import DeadlineRule, DeadlineRuleText, RightsNotice


class DeadlineRuleTextInline(admin.TabularInline[DeadlineRuleText, DeadlineRule]):
    """The rule's name and source in each language, as cases, receipts and the portal show it."""

    model = DeadlineRuleText
    extra = 0


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin[DeadlineRule]):
    inlines = [DeadlineRuleTextInline]
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
