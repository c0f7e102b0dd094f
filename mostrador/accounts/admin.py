"""The accounts screens of the Django admin.

Memberships are changed here through ``services.add_member`` and ``remove_member``, so that the
admin obeys the rule the rest of Mostrador obeys (``permissions.can_grant_role``): heads manage
the people of their own departments, and only administrators give the administrator role,
reach other departments or change anybody's staff flags, groups and permissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from mostrador.accounts import permissions, services, twofactor
from mostrador.accounts.choices import DEFAULT_TOKEN_LIFETIME, Role, TokenLifetime
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

# What only an administrator sees and sets on an account (``permissions.can_change_privileges``).
PRIVILEGE_FIELDS = {"is_staff", "is_superuser", "groups", "user_permissions"}


def _actor(request: HttpRequest) -> User:
    """The person using the admin: always a signed-in member of staff (the admin checks)."""
    return cast(User, request.user)


@dataclass(frozen=True)
class _Change:
    """One thing a membership row asks for: ``role`` in ``department``, or out of it (None)."""

    form: forms.ModelForm[Membership]
    department: Department
    user: User
    role: str | None


class MembershipFormSet(BaseInlineFormSet[Membership, Any, forms.ModelForm[Membership]]):
    """Membership rows, checked by the accounts services before anything is saved.

    Rows the actor may not touch (an administrator's, another department's) are shown locked;
    the roles and departments offered are those they may give. A forged row is still refused
    by ``clean``, which asks ``services.check_membership_change`` about every change, so that
    the refusal is an error on the form and nothing is saved. ``save`` then makes the changes
    through ``services.add_member`` and ``remove_member``, which check again and record them.
    """

    actor: User  # set by ``MembershipInlineBase.get_formset``
    changes: list[_Change]

    def add_fields(self, form: forms.ModelForm[Membership], index: int | None) -> None:
        super().add_fields(form, index)
        membership = form.instance
        if membership.pk is not None and not permissions.can_grant_role(
            self.actor, membership.department, membership.role
        ):
            for name, field in form.fields.items():
                # The row's id and parent stay: the formset matches the row by them.
                if name not in {Membership._meta.pk.name, self.fk.name}:
                    field.disabled = True
            return
        if permissions.is_admin(self.actor):
            return
        role = cast(forms.ChoiceField, form.fields["role"])
        offered = cast(list[tuple[str, Any]], role.choices)
        role.choices = [(value, label) for value, label in offered if value != Role.ADMIN]
        if self.fk.name != "department":  # the user screen, where the department is chosen
            department = cast(forms.ModelChoiceField[Department], form.fields["department"])
            department.queryset = permissions.departments_managed_by(self.actor)

    def clean(self) -> None:
        super().clean()
        self.changes, refused = [], []
        for form in self.forms:
            for change in self._changes_of(form):
                try:
                    services.check_membership_change(
                        change.department, user=change.user, role=change.role, actor=self.actor
                    )
                except DomainError as error:
                    if self._deleting(form):  # errors on deleted rows are not shown
                        refused.append(
                            _("%(member)s: %(error)s")
                            % {"member": change.user, "error": error.message}
                        )
                    else:
                        form.add_error(None, error.message)
                self.changes.append(change)
        if refused:
            raise ValidationError(refused)
        # The actor's own rows last: had they stepped down first, the rest would be refused.
        self.changes.sort(key=lambda change: change.user.pk == self.actor.pk)

    def _deleting(self, form: forms.ModelForm[Membership]) -> bool:
        return self.can_delete and bool(getattr(form, "cleaned_data", {}).get("DELETE"))

    def _changes_of(self, form: forms.ModelForm[Membership]) -> list[_Change]:
        deleting = self._deleting(form)
        if not deleting and (not form.has_changed() or form.errors):
            return []
        stored = None
        if form.instance.pk is not None:
            # The instance already carries the posted values; what it was is in the database.
            stored = (
                Membership.objects.select_related("department", "user")
                .filter(pk=form.instance.pk)
                .first()
            )
        if deleting:
            return [] if stored is None else [_Change(form, stored.department, stored.user, None)]
        wanted = _Change(
            form,
            form.cleaned_data["department"],
            form.cleaned_data["user"],
            form.cleaned_data["role"],
        )
        if stored is None or (stored.department, stored.user) == (wanted.department, wanted.user):
            return [wanted]
        return [_Change(form, stored.department, stored.user, None), wanted]

    def save(self, commit: bool = True) -> list[Membership]:
        """Make the changes ``clean`` checked, through the services (``commit`` is ignored).

        Should a service still refuse one (the roles changed since ``clean``), its error undoes
        the whole page: the admin saves a page in one transaction.
        """
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        saved = []
        for change in self.changes:
            if change.role is None:
                services.remove_member(change.department, user=change.user, actor=self.actor)
                if self._deleting(change.form):
                    self.deleted_objects.append(change.form.instance)
                continue
            membership = services.add_member(
                change.department, user=change.user, role=change.role, actor=self.actor
            )
            saved.append(membership)
            if change.form in self.extra_forms:
                self.new_objects.append(membership)
            else:
                self.changed_objects.append((membership, change.form.changed_data))
        return saved


class MembershipInlineBase(admin.TabularInline[Membership, Any]):
    model = Membership
    formset = MembershipFormSet
    extra = 1

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        return super().get_queryset(request).select_related("department", "user")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"actor": _actor(request)})


class MembershipInline(MembershipInlineBase):
    autocomplete_fields = ["user"]


class UserMembershipInline(MembershipInlineBase):
    fk_name = "user"


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    fieldsets = (*BaseUserAdmin.fieldsets, (gettext_lazy("Preferences"), {"fields": ("language",)}))  # type: ignore[misc]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "language",
        "is_active",
        "two_step",
    ]
    inlines = [UserMembershipInline]
    actions = ["reset_two_step"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_step=Exists(confirmed))

    @admin.display(description=gettext_lazy("Two-step sign-in"), boolean=True)
    def two_step(self, obj: User) -> bool:
        return bool(getattr(obj, "has_two_step", False))

    @admin.action(description=gettext_lazy("Reset two-step sign-in (lost phone)"))
    def reset_two_step(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Through ``twofactor.reset_two_factor``, which refuses whom the actor may not change."""
        reset = refused = 0
        for user in queryset:
            try:
                reset += twofactor.reset_two_factor(user, actor=_actor(request))
            except DomainError:
                refused += 1
        self.message_user(
            request,
            ngettext(
                "Two-step sign-in reset for %(count)d staff member.",
                "Two-step sign-in reset for %(count)d staff members.",
                reset,
            )
            % {"count": reset},
        )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d staff member is not yours to reset.",
                    "%(count)d staff members are not yours to reset.",
                    refused,
                )
                % {"count": refused},
                messages.ERROR,
            )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        """Without ``can_change_privileges`` the privilege fields are not on the form at all."""
        fieldsets = super().get_fieldsets(request, obj)
        if permissions.can_change_privileges(_actor(request)):
            return fieldsets
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f not in PRIVILEGE_FIELDS]},
            )
            for name, options in fieldsets
        ]

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = super().get_list_filter(request)
        if permissions.can_change_privileges(_actor(request)):
            return filters
        return [f for f in filters if f not in PRIVILEGE_FIELDS]

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or permissions.can_change_user(_actor(request), obj)
        )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Clearing "active" goes through ``services.deactivate_user``, which revokes the tokens
        (before the form is saved, so that it sees the account still active and records it)."""
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.deactivate_user(obj, actor=_actor(request))
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Once groups and permissions are saved too, the security log says what changed."""
        super().save_related(request, form, formsets, change)
        services.record_access_change(
            form.instance, fields=form.changed_data, actor=_actor(request), created=not change
        )

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or permissions.can_change_user(_actor(request), obj)
        )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    """Heads see and change only the departments they head; administrators all of them."""

    list_display = ["name", "code", "kind", "inbound_email", "calendar", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "inbound_email"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Department]:
        managed = permissions.departments_managed_by(_actor(request))
        return super().get_queryset(request).filter(pk__in=managed.values("pk"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and permissions.is_admin(_actor(request))

    def has_change_permission(self, request: HttpRequest, obj: Department | None = None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or permissions.can_manage_department(_actor(request), obj)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Department | None = None) -> bool:
        return super().has_delete_permission(request, obj) and permissions.is_admin(_actor(request))


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
    """Read by whoever holds the view permission; set only by administrators, through
    ``services.save_authority_limit`` (money decisions hang on these figures)."""

    list_display = ["role", "action", "max_amount"]
    list_editable = ["max_amount"]
    list_filter = ["role", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and permissions.is_admin(_actor(request))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and permissions.is_admin(_actor(request))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and permissions.is_admin(_actor(request))

    def save_model(
        self, request: HttpRequest, obj: AuthorityLimit, form: Any, change: bool
    ) -> None:
        services.save_authority_limit(obj, actor=_actor(request))

    def delete_model(self, request: HttpRequest, obj: AuthorityLimit) -> None:
        services.remove_authority_limit(obj, actor=_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AuthorityLimit]) -> None:
        for limit in queryset:
            services.remove_authority_limit(limit, actor=_actor(request))


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Groups give model permissions: read by whoever may view them, changed only by those who
    may give privileges (``permissions.can_change_privileges``), and recorded."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and self._may_change(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_change(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_change(request)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.record_group_change(form.instance, actor=_actor(request))

    @staticmethod
    def _may_change(request: HttpRequest) -> bool:
        return permissions.can_change_privileges(_actor(request))


class ApiTokenAddForm(forms.ModelForm[ApiToken]):
    """Whose token, what for and for how long; the service makes the secret and the expiry."""

    lifetime = forms.TypedChoiceField(
        label=gettext_lazy("Expires after"),
        choices=TokenLifetime.choices,
        initial=DEFAULT_TOKEN_LIFETIME,
        coerce=lambda value: TokenLifetime(value).days,
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are created through the service, so the secret is shown once and never stored."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["name", "user__username", "prefix"]
    form = ApiTokenAddForm
    readonly_fields = ["prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> Any:
        """The lifetime is asked when adding; a stored token shows its expiry instead."""
        if obj is None:
            return ["user", "name", "lifetime"]
        return ["user", "name", *self.readonly_fields]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        token, secret = services.create_api_token(
            obj.user,
            name=obj.name,
            actor=_actor(request),
            expires_in_days=form.cleaned_data["lifetime"],
        )
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
