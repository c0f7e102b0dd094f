from django.contrib import admin

from mostrador.aftersales.models import TechnicalRequest


@admin.register(TechnicalRequest)
class TechnicalRequestAdmin(admin.ModelAdmin[TechnicalRequest]):
    list_display = ["case", "product", "serial_number", "purchase_date"]
    search_fields = ["product", "serial_number", "case__reference"]
    list_select_related = ["case"]
    raw_id_fields = ["case"]
