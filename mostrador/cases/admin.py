from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from mostrador.accounts import permissions as account_permissions
from mostrador.cases import saved_views
from mostrador.cases.models import (
    ApprovalRequest,
    Case,
    Consultation,
    FollowUp,
    RoutingRule,
    SavedReply,
    SavedView,
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


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin[SavedView]):
    """Saved views are made and changed on the queues; here they are looked up, and deleted
    by whoever ``saved_views.can_change_view`` lets (the owner, or the department's heads)."""

    list_display = ["name", "owner", "department", "queue", "sort", "page_size", "created_at"]
    list_filter = ["department", "queue"]
    search_fields = ["name", "owner__username"]
    list_select_related = ["owner", "department"]
    # Deleting in bulk would not ask the rule about each view: one at a time only.
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[SavedView]:
        views = super().get_queryset(request)
        user = request.user
        if account_permissions.is_admin(user):  # type: ignore[arg-type]
            return views
        ids = [view.pk for view in saved_views.list_views_for_user(user)]  # type: ignore[arg-type]
        return views.filter(pk__in=ids)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return super().has_delete_permission(request)
        return saved_views.can_change_view(request.user, obj)  # type: ignore[arg-type]
