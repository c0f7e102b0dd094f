from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mostrador.cases.models import (
    ApprovalRequest,
    Case,
    Consultation,
    FollowUp,
    RoutingRule,
    SavedReply,
    SLAPolicy,
)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin[RoutingRule]):
    list_display = [
        "position",
        "name",
        "case_type",
        "channel",
        "words",
        "department",
        "priority",
        "suggested_type",
        "is_active",
    ]
    list_display_links = ["name"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "department"]
    autocomplete_fields = ["customer", "owner"]


@admin.register(SLAPolicy)
class SLAPolicyAdmin(admin.ModelAdmin[SLAPolicy]):
    list_display = [
        "name",
        "case_type",
        "priority",
        "channel",
        "first_response_minutes",
        "resolution_minutes",
        "is_active",
    ]
    list_editable = ["is_active"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    """Cases are worked in the staff interface and the API; here they are looked up only."""

    list_display = [
        "reference",
        "type",
        "status",
        "priority",
        "department",
        "owner",
        "customer",
        "created_at",
    ]
    list_filter = ["status", "type", "priority", "channel", "department"]
    search_fields = ["reference", "subject", "customer__name"]
    list_select_related = ["department", "owner", "customer"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Consultation, ApprovalRequest, FollowUp)
class LevelAdmin(admin.ModelAdmin[Any]):
    list_display = ["__str__", "case", "created_at"]
    list_select_related = ["case"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SavedReply)
class SavedReplyAdmin(admin.ModelAdmin[SavedReply]):
    list_display = ["name", "language", "department", "is_active"]
    list_filter = ["language", "department", "is_active"]
    search_fields = ["name", "body"]
