"""Staff pages: sign-in, language, home, departments and API tokens. Thin: forms and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mostrador.accounts import selectors as accounts_selectors
from mostrador.accounts import services as accounts_services
from mostrador.accounts import twofactor as accounts_twofactor
from mostrador.accounts.models import User
from mostrador.cases import counts as cases_counts
from mostrador.cases import mywork
from mostrador.cases import queues as cases_queues
from mostrador.core.errors import DomainError
from mostrador.web import twostep
from mostrador.web.common import (
    language_at_sign_in,
    remember_chosen_language,
    safe_next,
    set_language_cookie,
)
from mostrador.web.forms import LanguageForm, TokenForm
from mostrador.web.queues import TITLES as QUEUE_TITLES


class LoginView(auth_views.LoginView):
    """Sign in, then show the interface in the language the person chose on this page, which
    becomes their profile's, or else in their profile's (``common.language_at_sign_in``).

    Whoever has set up two-step sign-in is not signed in by the password: they go on to the
    code (``twostep.begin``), and are signed in there.
    """

    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if accounts_twofactor.has_two_factor(user):
            return twostep.begin(self.request, user, next_url=self.get_success_url())
        self.request.session.pop(twostep.PENDING, None)  # someone else's, abandoned
        response = super().form_valid(form)
        set_language_cookie(response, language_at_sign_in(self.request, user))
        return response


class AdminLoginView(LoginView):
    """The admin's sign-in (/admin/login/) is the staff one, with its second step, and goes
    back to the admin. Someone signed in who may not use the admin is shown the form, to sign
    in as someone else, as the admin's own page does: sending them on would bring them back."""

    next_page = "admin:index"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.redirect_authenticated_user = admin.site.has_permission(request)
        return super().dispatch(request, *args, **kwargs)


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered in a cookie and on the person's profile."""
    form = LanguageForm(request.POST)
    response = HttpResponseRedirect(safe_next(request, request.POST.get("next", ""), "/"))
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            accounts_services.set_user_language(_user(request), language=language)
        remember_chosen_language(request, language)
        set_language_cookie(response, language)
    return response


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My work: my queues, what waits on me, my cases running late, my departments' figures
    if I head any, and the system's health if I administer it."""
    user = _user(request)
    counts, departments = cases_counts.navigation_counts(user)
    waiting = mywork.waiting_on(user)
    context = {
        "queues": [(name, QUEUE_TITLES[name], counts[name]) for name in cases_queues.PERSONAL],
        "departments": departments,
        "waiting": waiting,
        "late": mywork.late_cases(user),
        "figures": mywork.department_figures(user),
        "health": mywork.system_health_for(user),
    }
    return render(request, "web/home.html", context)


@login_required
def department_list(request: HttpRequest) -> HttpResponse:
    departments = accounts_selectors.list_departments().select_related("calendar")
    return render(request, "web/departments/list.html", {"departments": departments})


@login_required
def department_detail(request: HttpRequest, department_id: int) -> HttpResponse:
    department = accounts_selectors.get_department(department_id)
    return render(request, "web/departments/detail.html", {"department": department})


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """List your API tokens and create one; the secret is shown once, on this response."""
    user = _user(request)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = accounts_services.create_api_token(
                user,
                name=form.cleaned_data["name"],
                actor=user,
                expires_in_days=form.cleaned_data["lifetime"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": accounts_selectors.list_api_tokens_of(user),
    }
    return render(request, "web/tokens.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _user(request)
    token = accounts_selectors.get_api_token_of(user, token_id)
    try:
        accounts_services.revoke_api_token(token, actor=user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("web:tokens")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's). The icon's
    address is looked up at each request, not when the URLs load: without DEBUG it comes
    from the static files' manifest, which ``collectstatic`` writes after ``migrate`` runs."""
    return HttpResponsePermanentRedirect(static("web/favicon.svg"))
