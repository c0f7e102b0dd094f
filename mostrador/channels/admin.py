"""The email channel in the admin: mailboxes, what was received (and quarantined), what was sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mostrador.channels.email import imap, services, tasks
from mostrador.channels.email.choices import Protocol
from mostrador.channels.email.models import DeliveryReport, InboundEmail, Mailbox, OutboundEmail
from mostrador.core.admin import ReadOnlyAdmin
from mostrador.core.errors import DomainError


class MailboxForm(forms.ModelForm[Mailbox]):
    password = forms.CharField(
        label=gettext_lazy("IMAP password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy(
            "Stored encrypted and never shown again. Leave empty to keep the current one."
        ),
    )
    forget_password = forms.BooleanField(
        label=gettext_lazy("Forget the stored password"), required=False
    )

    class Meta:
        model = Mailbox
        fields = [
            "name",
            "address",
            "department",
            "protocol",
            "is_active",
            "imap_host",
            "imap_port",
            "imap_security",
            "imap_username",
            "imap_password_env",
            "imap_folder",
            "after_fetch",
            "processed_folder",
            "use_idle",
        ]


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin[Mailbox]):
    form = MailboxForm
    list_display = [
        "name",
        "address",
        "department",
        "protocol",
        "is_active",
        "last_polled_at",
        "last_error",
    ]
    list_filter = ["protocol", "is_active", "department"]
    search_fields = ["name", "address", "imap_host"]
    readonly_fields = ["last_polled_at", "last_error", "last_error_at", "password_stored"]
    actions = ["poll_now", "check_connection"]

    @admin.display(description=gettext_lazy("password stored"), boolean=True)
    def password_stored(self, obj: Mailbox) -> bool:
        return bool(obj.imap_password_encrypted)

    def save_model(self, request: HttpRequest, obj: Mailbox, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        password, forget = (
            form.cleaned_data.get("password"),
            form.cleaned_data.get("forget_password"),
        )
        if password or forget:
            try:
                services.set_mailbox_password(
                    obj, password="" if forget else password, actor=request.user
                )
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)

    @admin.action(description=gettext_lazy("Fetch new mail now"))
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Mailbox]) -> None:
        mailboxes = list(queryset.filter(protocol=Protocol.IMAP, is_active=True))
        for mailbox in mailboxes:
            tasks.poll_mailbox.enqueue(mailbox_id=mailbox.pk)
        self.message_user(
            request,
            ngettext(
                "%(count)d mailbox will be fetched.",
                "%(count)d mailboxes will be fetched.",
                len(mailboxes),
            )
            % {"count": len(mailboxes)},
        )

    @admin.action(description=gettext_lazy("Check the connection"))
    def check_connection(self, request: HttpRequest, queryset: QuerySet[Mailbox]) -> None:
        for mailbox in queryset.filter(protocol=Protocol.IMAP):
            try:
                with imap.connect(mailbox) as client:
                    client.select_folder(mailbox.imap_folder, readonly=True)
            except Exception as exc:  # noqa: BLE001  (shown to the administrator as it is)
                self.message_user(
                    request,
                    _("%(mailbox)s: %(error)s") % {"mailbox": mailbox.address, "error": exc},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request, _("%(mailbox)s: connected.") % {"mailbox": mailbox.address}
                )


class DeliveryReportInline(admin.TabularInline[DeliveryReport, Any]):
    model = DeliveryReport
    fk_name = "inbound"
    extra = 0
    can_delete = False
    fields = ("recipient", "action", "status", "permanent", "diagnostic", "outbound")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _each(request: HttpRequest, queryset: QuerySet[Any], service: Callable[..., Any]) -> int:
    """Apply ``service`` to each row the administrator may act on; return how many."""
    done = 0
    for row in queryset.defer("raw"):
        try:
            service(row, actor=request.user)
        except DomainError:
            continue
        done += 1
    return done


class _ReadOnly(ReadOnlyAdmin):
    """Mail received and sent is evidence: it is looked at and acted on, never edited."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}_raw"
        raw = path("<int:pk>/raw/", self.admin_site.admin_view(self.raw_view), name=name)
        return [raw, *super().get_urls()]

    def raw_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = get_object_or_404(self.model, pk=pk)
        response = HttpResponse(bytes(row.raw or b""), content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="{self.opts.model_name}-{pk}.eml"'
        return response

    @admin.display(description=gettext_lazy("original"))
    def download(self, obj: Any) -> str:
        if not obj.raw:
            return "—"
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_raw", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download (.eml)"))


@admin.register(InboundEmail)
class InboundEmailAdmin(_ReadOnly):
    list_display = [
        "received_at",
        "mailbox",
        "from_address",
        "subject",
        "status",
        "outcome",
        "quarantine",
        "case",
    ]
    list_filter = ["status", "quarantine", "outcome", "source", "mailbox"]
    search_fields = ["from_address", "subject", "message_id", "case__reference"]
    date_hierarchy = "received_at"
    exclude = ["raw"]
    readonly_fields = ["download"]
    inlines = [DeliveryReportInline]
    actions = ["process_again"]
    list_select_related = ["mailbox", "case"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[InboundEmail]:
        return super().get_queryset(request).defer("raw")

    @admin.action(description=gettext_lazy("Process again (releases from quarantine)"))
    def process_again(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        done = _each(request, queryset, services.reprocess_email)
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be processed again.",
                "%(count)d messages will be processed again.",
                done,
            )
            % {"count": done},
        )


@admin.register(OutboundEmail)
class OutboundEmailAdmin(_ReadOnly):
    list_display = [
        "created_at",
        "what",
        "to_address",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "case",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["to_address", "subject", "message_id", "case__reference"]
    date_hierarchy = "created_at"
    exclude = ["raw"]
    readonly_fields = ["download"]
    actions = ["send_again"]
    list_select_related = ["case"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutboundEmail]:
        return super().get_queryset(request).defer("raw")

    @admin.display(description=gettext_lazy("kind"), ordering="kind")
    def what(self, email: OutboundEmail) -> str:
        return email.kind_label

    @admin.action(description=gettext_lazy("Send again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        done = _each(request, queryset, services.retry_email)
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be sent again.", "%(count)d emails will be sent again.", done
            )
            % {"count": done},
        )
