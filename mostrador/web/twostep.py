"""Two-step sign-in in the staff workspace: the second step of signing in, and setting it up.

The password step (``views.LoginView``) does not sign in someone who has set up two-step
sign-in: ``begin`` keeps who they are in the session (``PENDING``, for ``PENDING_SECONDS``)
and sends them to ``login_code``. Only a right code there signs them in: ``login``, which
gives the session a new key, then django-otp's ``login``, which marks the session as having
passed the second step. A session signed in without passing it (opened before
TWO_FACTOR_REQUIRED_FOR asked for it) gives its code on the same page; those opened before
their person set it up, replaced it or had it reset have ended (``User.get_session_auth_hash``).

``CODE_TRIES`` wrong codes drop that sign-in (back to the password, or signed out). Each wrong
code also counts as a wrong password (``accounts.lockout``), and django-otp slows the device
down after each, so more sign-ins opened at once do not add guesses.

``detour`` is what ``middleware.TwoStepMiddleware`` asks before every request: whoever must
pass the second step (``permissions.must_use_two_factor``) and has not goes to it, or to set
it up; on the admin's pages, whoever has set it up, whatever the setting says.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from mostrador.accounts import lockout, permissions, twofactor
from mostrador.accounts.choices import TwoFactorScope
from mostrador.accounts.models import User
from mostrador.core import timeutils
from mostrador.core.errors import DomainError
from mostrador.web.common import (
    add_domain_error,
    language_at_sign_in,
    safe_next,
    set_language_cookie,
)
from mostrador.web.forms import CodeForm

# Who is between the password and the code: {"user", "backend", "next", "until", "tries"},
# or, for a session already signed in, {"user", "signed_in", "tries"}.
PENDING = "mostrador_two_step"
PENDING_SECONDS = 5 * 60
CODE_TRIES = 3

# Pages a person who must pass the second step, or set it up, still reaches.
EXEMPT = frozenset(
    {
        "web:login",
        "web:login-code",
        "web:logout",
        "web:language",
        "web:two-step",
        "web:two-step-setup",
        "web:two-step-confirm",
        "admin:logout",
        "favicon",
    }
)


def begin(request: HttpRequest, user: User, *, next_url: str) -> HttpResponse:
    """After ``user``'s right password: remember them, not signed in, and ask for the code."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,  # set on the user by authenticate()
        "next": next_url,
        "until": int(timeutils.now().timestamp()) + PENDING_SECONDS,
        "tries": 0,
    }
    return redirect("web:login-code")


def _at_second_step(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    """Who gives a code here, with their sign-in's state; None when nobody should."""
    if request.user.is_authenticated:
        user = _user(request)
        if permissions.passed_two_factor(user) or not twofactor.has_two_factor(user):
            return None
        state = request.session.get(PENDING) or {}
        if state.get("user") != user.pk or not state.get("signed_in"):
            state = {"user": user.pk, "signed_in": True, "tries": 0}
        return user, state
    state = request.session.get(PENDING)
    if not state or state["until"] < timeutils.now().timestamp():
        request.session.pop(PENDING, None)
        return None
    pending = User.objects.filter(pk=state["user"], is_active=True).first()
    if pending is None or not twofactor.has_two_factor(pending):
        request.session.pop(PENDING, None)
        return None
    return pending, state


def _next(request: HttpRequest, state: dict[str, Any] | None = None) -> str:
    wanted = (state or {}).get("next") or request.POST.get("next") or request.GET.get("next")
    return safe_next(request, wanted or "", resolve_url(settings.LOGIN_REDIRECT_URL))


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app, or a backup code."""
    found = _at_second_step(request)
    if found is None:
        return redirect("web:login")
    user, state = found
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if lockout.is_paused(request, user):
            _drop(request, state)
            return lockout.pause_page(request, user)
        device = twofactor.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            return _finish(request, user, device, state)
        if not _refuse(request, user, state):
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("web:login")
        form.add_error("code", twofactor.wrong_code_message())
    context = {"form": form, "next": _next(request, state), "signed_in": state.get("signed_in")}
    return render(request, "web/login_code.html", context)


def _refuse(request: HttpRequest, user: User, state: dict[str, Any]) -> bool:
    """Count a wrong code; return whether this sign-in may try again."""
    state["tries"] = state.get("tries", 0) + 1
    paused = lockout.count_wrong_code(request, user)
    if paused or state["tries"] >= CODE_TRIES:
        _drop(request, state)
        return False
    request.session[PENDING] = state
    return True


def _drop(request: HttpRequest, state: dict[str, Any]) -> None:
    request.session.pop(PENDING, None)
    if state.get("signed_in"):
        logout(request)


def _finish(request: HttpRequest, user: User, device: Any, state: dict[str, Any]) -> HttpResponse:
    target = _next(request, state)
    request.session.pop(PENDING, None)
    if state.get("signed_in"):
        request.session.cycle_key()
    else:
        login(request, user, backend=state["backend"])
    otp_login(request, device)
    response = redirect(target)
    set_language_cookie(response, language_at_sign_in(request, user))
    return response


def detour(request: HttpRequest) -> str | None:
    """Where the person signed in must go before this request, or None: the second step,
    or setting it up. Asks nothing of the database while nobody must use it, but on the admin's
    pages, where a session that has a device must have passed it."""
    admin_page = request.path_info.startswith(reverse("admin:index"))
    if settings.TWO_FACTOR_REQUIRED_FOR == TwoFactorScope.NONE and not admin_page:
        return None
    if request.path.startswith(settings.STATIC_URL) or _exempt(request):
        return None
    user: Any = request.user
    if not user.is_authenticated or permissions.passed_two_factor(user):
        return None
    required = permissions.must_use_two_factor(user)
    if not required and not admin_page:
        return None
    if twofactor.has_two_factor(user):
        where = "web:login-code"
    elif required:
        where = "web:two-step"
    else:
        return None
    return f"{reverse(where)}?{urlencode({'next': request.get_full_path()})}"


def _exempt(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if match.view_name in EXEMPT:
        return True
    # An API client that sends a token is judged by the token alone (api.auth), and tokens
    # are created by sessions that passed the second step (accounts.services).
    bearer = request.headers.get("Authorization", "").startswith("Bearer ")
    return "api" in match.namespaces and bearer


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _must_pass_first(request: HttpRequest) -> HttpResponse | None:
    """Changing a device that exists needs a session that passed the second step with it."""
    user = _user(request)
    if twofactor.has_two_factor(user) and not permissions.passed_two_factor(user):
        return redirect(f"{reverse('web:login-code')}?{urlencode({'next': request.path})}")
    return None


def _status(request: HttpRequest, form: CodeForm | None = None) -> HttpResponse:
    user = _user(request)
    context = {
        "enabled": twofactor.has_two_factor(user),
        "backup_codes": twofactor.count_backup_codes(user),
        "required": permissions.must_use_two_factor(user),
        "form": form or CodeForm(),
        "next": request.GET.get("next", ""),
    }
    status = 422 if form is not None and form.errors else 200
    return render(request, "web/two_step/status.html", context, status=status)


@login_required
def two_step(request: HttpRequest) -> HttpResponse:
    """Your two-step sign-in: whether it is on, and how many backup codes are left."""
    return _status(request)


@login_required
@require_POST
def two_step_setup(request: HttpRequest) -> HttpResponse:
    """Start setting it up, or again for a new phone: a new secret, shown on the next page."""
    if (first := _must_pass_first(request)) is not None:
        return first
    twofactor.start_enrolment(_user(request))
    target = reverse("web:two-step-confirm")
    if request.POST.get("next"):
        target += f"?{urlencode({'next': request.POST['next']})}"
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def two_step_confirm(request: HttpRequest) -> HttpResponse:
    """The new secret as a QR code and as text, and a first code from the app to confirm it;
    then the backup codes, shown this once."""
    if (first := _must_pass_first(request)) is not None:
        return first
    user = _user(request)
    device = twofactor.get_enrolment(user)
    if device is None:
        return redirect("web:two-step")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = twofactor.confirm_enrolment(user, code=form.cleaned_data["code"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return _show_backup_codes(request, device, codes)
    context = {"form": form, "qr": _qr_code(device), "secret": twofactor.secret_of(device)}
    return render(request, "web/two_step/confirm.html", context, status=422 if form.errors else 200)


def _show_backup_codes(request: HttpRequest, device: Any, codes: list[str]) -> HttpResponse:
    """This session passed the second step with the new device: it just gave its code. It
    stays signed in (a new key); the person's other sessions have ended."""
    update_session_auth_hash(request, _user(request))
    otp_login(request, device)
    context = {"codes": codes, "next": _next(request)}
    return render(request, "web/two_step/codes.html", context)


def _qr_code(device: Any) -> str:
    """The device's ``otpauth://`` address as a QR code, in a data: address (the CSP's
    img-src allows those; an inline SVG's styles it would not)."""
    code = segno.make(device.config_url, error="m")
    return str(code.svg_data_uri(scale=5, border=2, dark="#1b1f24", light="#ffffff"))


@login_required
@require_POST
def two_step_disable(request: HttpRequest) -> HttpResponse:
    """Turn it off, given a current code."""
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            twofactor.disable_two_factor(_user(request), code=form.cleaned_data["code"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            update_session_auth_hash(request, _user(request))
            messages.success(request, _("Two-step sign-in is off."))
            return redirect("web:two-step")
    return _status(request, form)
