from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mostrador.accounts import services
from mostrador.accounts.models import (
    ApiToken,
    AuthorityLimit,
    BusinessCalendar,
    BusinessHours,
    ClosedDay,
    Department,
    Membership,
    User,
)
from mostrador.core.errors import DomainError


class MembershipInline(admin.TabularInline[Membership, Any]):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


class UserMembershipInline(admin.TabularInline[Membership, Any]):
    model = Membership
    extra = 1
    fk_name = "user"


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    fieldsets = (*BaseUserAdmin.fieldsets, (gettext_lazy("Preferences"), {"fields": ("language",)}))  # type: ignore[misc]
    list_display = ["username", "first_name", "last_name", "email", "language", "is_active"]
    inlines = [UserMembershipInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["name", "code", "kind", "inbound_email", "calendar", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "inbound_email"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [MembershipInline]


class BusinessHoursInline(admin.TabularInline[BusinessHours, Any]):
    model = BusinessHours
    extra = 1


class ClosedDayInline(admin.TabularInline[ClosedDay, Any]):
    model = ClosedDay
    extra = 1


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin[BusinessCalendar]):
    list_display = ["name", "time_zone", "country", "subdivision"]
    inlines = [BusinessHoursInline, ClosedDayInline]


@admin.register(AuthorityLimit)
class AuthorityLimitAdmin(admin.ModelAdmin[AuthorityLimit]):
    list_display = ["role", "action", "max_amount"]
    list_editable = ["max_amount"]
    list_filter = ["role", "action"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are created through the service, so the secret is shown once and never stored."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        token, secret = services.create_api_token(obj.user, name=obj.name, actor=request.user)  # type: ignore[arg-type]
        obj.pk = token.pk
        obj.refresh_from_db()
        self.message_user(
            request,
            _("Copy the token now; it will not be shown again: %(secret)s") % {"secret": secret},
            messages.WARNING,
        )

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.select_related("user"):
            try:
                services.revoke_api_token(token, actor=request.user)  # type: ignore[arg-type]
            except DomainError:
                continue
            revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
            % {"count": revoked},
        )
