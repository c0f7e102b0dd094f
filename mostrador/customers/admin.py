from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mostrador.customers.models import Consent, ContactPoint, Customer, SignInLink


class ContactPointInline(admin.TabularInline[ContactPoint, Any]):
    model = ContactPoint
    extra = 1


class ConsentInline(admin.TabularInline[Consent, Any]):
    model = Consent
    extra = 0
    readonly_fields = ["purpose", "granted", "source", "recorded_at", "recorded_by"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin[Customer]):
    list_display = ["name", "kind", "language", "created_at"]
    list_filter = ["kind", "language"]
    search_fields = ["name", "tax_id", "contacts__value"]
    inlines = [ContactPointInline, ConsentInline]


@admin.register(SignInLink)
class SignInLinkAdmin(admin.ModelAdmin[SignInLink]):
    """Read-only: links are made by customers asking for them, and their tokens are not kept."""

    list_display = ["email", "customer", "created_at", "expires_at", "used_at"]
    list_filter = ["created_at", "used_at"]
    search_fields = ["email", "customer__name"]
    date_hierarchy = "created_at"
    fields = ["customer", "email", "created_at", "expires_at", "used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
