"""The security log for administrators: a filtered, paged list of security events. Thin: the
form reads the filters, ``accounts.audit`` decides who may read and what is shown."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from mostrador.accounts import audit
from mostrador.accounts.models import User

PAGE_SIZE = 50


class SecurityFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Event"), required=False)
    person = forms.CharField(label=_("Person"), required=False, max_length=150)
    address = forms.GenericIPAddressField(label=_("Address"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        kinds = sorted(((k.verb, str(k.label)) for k in audit.security_kinds()), key=lambda c: c[1])
        self.fields["kind"].choices = [("", _("All")), *kinds]  # type: ignore[attr-defined]

    def filters(self) -> audit.SecurityFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return audit.SecurityFilters(
            kind=data.get("kind") or "",
            person=(data.get("person") or "").strip(),
            address=data.get("address") or "",
            since=data.get("since"),
            until=data.get("until"),
        )


@login_required
def security_log(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = SecurityFilterForm(request.GET or None)
    found = audit.list_security_events(user, form.filters())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "filter_query": query.urlencode()}
    return render(request, "web/security.html", context, status=422 if form.errors else 200)
