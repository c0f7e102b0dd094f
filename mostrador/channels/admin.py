"""The email channel in the admin: mailboxes, what was received (and quarantined), what was sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mostrador.channels.email import imap, services, tasks
from mostrador.channels.email.choices import InboundStatus, Protocol, Quarantine, SpamVerdict
from mostrador.channels.email.models import DeliveryReport, InboundEmail, Mailbox, OutboundEmail
from mostrador.core.admin import ReadOnlyAdmin
from mostrador.core.errors import DomainError, Forbidden


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
        try:
            original = services.original_of(row, actor=request.user)
        except Forbidden as refusal:
            raise PermissionDenied from refusal
        response = HttpResponse(original, content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="{self.opts.model_name}-{pk}.eml"'
        return response

    @admin.display(description=gettext_lazy("original"))
    def download(self, obj: Any) -> str:
        if not obj.raw:
            return "—"
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_raw", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download (.eml)"))


class FolderFilter(admin.SimpleListFilter):
    """The folders an administrator works through: the Spam folder (suspected spam, released
    or deleted here), the other quarantined mail (waiting for a person), and the rest."""

    title = gettext_lazy("folder")
    parameter_name = "folder"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("spam", gettext_lazy("Spam")),
            ("quarantine", gettext_lazy("Quarantine (not spam)")),
            ("processed", gettext_lazy("Processed")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        spam = {"status": InboundStatus.QUARANTINED, "quarantine": Quarantine.SPAM}
        if self.value() == "spam":
            return queryset.filter(**spam)
        if self.value() == "quarantine":
            return queryset.filter(status=InboundStatus.QUARANTINED).exclude(**spam)
        if self.value() == "processed":
            return queryset.filter(status=InboundStatus.PROCESSED)
        return queryset


_VERDICT_LABELS = {
    **dict(SpamVerdict.choices),
    "bounce": gettext_lazy("Bounce"),
    "auto-reply": gettext_lazy("Automatic reply"),
    "automated": gettext_lazy("Automated mail"),
    "personal": gettext_lazy("Written by a person"),
}


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
        "spam_score",
        "case",
    ]
    list_filter = [FolderFilter, "status", "quarantine", "outcome", "source", "mailbox"]
    search_fields = ["from_address", "subject", "message_id", "case__reference"]
    date_hierarchy = "received_at"
    exclude = ["raw", "reasons"]
    readonly_fields = ["download", "why"]
    inlines = [DeliveryReportInline]
    actions = ["process_again", "delete_spam"]
    list_select_related = ["mailbox", "case"]

    @admin.display(description=gettext_lazy("why"))
    def why(self, email: InboundEmail) -> str:
        """Each signal the classification rests on, with what it said, one line each."""
        if not email.reasons:
            return "—"
        rows = format_html_join(
            "",
            "<li><strong>{}</strong> · {} <span>{}</span></li>",
            (
                (
                    _VERDICT_LABELS.get(str(reason.get("verdict")), reason.get("verdict")),
                    reason.get("signal", ""),
                    reason.get("detail", ""),
                )
                for reason in email.reasons
                if isinstance(reason, dict)
            ),
        )
        return format_html("<ul>{}</ul>", rows)

    @admin.action(description=gettext_lazy("Delete for good (Spam folder only)"))
    def delete_spam(self, request: HttpRequest, queryset: QuerySet[InboundEmail]) -> None:
        chosen = queryset.count()
        done = _each(request, queryset, services.delete_spam)
        self.message_user(
            request,
            ngettext(
                "%(count)d message deleted from the Spam folder.",
                "%(count)d messages deleted from the Spam folder.",
                done,
            )
            % {"count": done},
        )
        if done < chosen:
            self.message_user(
                request,
                _("Messages outside the Spam folder are kept: what was received is evidence."),
                messages.WARNING,
            )

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


class AttributedFilter(admin.SimpleListFilter):
    """Whether a report names an email we sent: those that name none are kept for a person to
    read, since a report is never pinned on an email by its recipient alone."""

    title = gettext_lazy("attributed")
    parameter_name = "attributed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("yes", gettext_lazy("Attributed to a sent email")),
            ("no", gettext_lazy("Not attributed")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("yes", "no"):
            return queryset.filter(outbound__isnull=self.value() == "no")
        return queryset


@admin.register(DeliveryReport)
class DeliveryReportAdmin(ReadOnlyAdmin):
    """What bounces said, recipient by recipient, with the email each names, if any."""

    list_display = [
        "created_at",
        "recipient",
        "action",
        "status",
        "permanent",
        "diagnostic",
        "received_email",
        "reported_email",
    ]
    list_filter = [AttributedFilter, "permanent", "action"]
    search_fields = ["recipient", "status", "diagnostic", "inbound__from_address"]
    date_hierarchy = "created_at"
    list_select_related = ["inbound", "outbound"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DeliveryReport]:
        return super().get_queryset(request).defer("inbound__raw", "outbound__raw")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("received email"), ordering="inbound")
    def received_email(self, report: DeliveryReport) -> str:
        url = reverse("admin:channels_inboundemail_change", args=[report.inbound_id])
        return format_html('<a href="{}">{}</a>', url, report.inbound)

    @admin.display(description=gettext_lazy("email reported on"), ordering="outbound")
    def reported_email(self, report: DeliveryReport) -> str:
        if report.outbound is None:
            return _("Not attributed")
        url = reverse("admin:channels_outboundemail_change", args=[report.outbound_id])
        return format_html('<a href="{}">{}</a>', url, report.outbound)
