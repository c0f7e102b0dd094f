from typing import Any

from django.contrib import admin

from mostrador.customers.models import Consent, ContactPoint, Customer


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
