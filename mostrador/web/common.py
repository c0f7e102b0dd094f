"""Small helpers every page of the web interface shares: redirects, the language cookie and the
language chosen before signing in, and showing a service's error on a form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

from mostrador.accounts import services as accounts_services
from mostrador.accounts.models import User
from mostrador.core.errors import DomainError


def safe_next(request: HttpRequest, target: str, default: str) -> str:
    """``target`` if it stays on this site, else ``default``: never an open redirect."""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Remember the interface language in the browser for a year."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )


# The language someone chose before signing in (on the sign-in page), kept in their session:
# signing in makes it their profile's language. Kept there, not read from the cookie, so that
# the language left in a shared browser by the last person to sign out changes nobody's profile.
CHOSEN_LANGUAGE = "mostrador_chosen_language"


def remember_chosen_language(request: HttpRequest, language: str) -> None:
    """Keep the language chosen by someone not signed in, for when they sign in."""
    if not request.user.is_authenticated:
        request.session[CHOSEN_LANGUAGE] = language


def language_at_sign_in(request: HttpRequest, user: User) -> str:
    """The language ``user`` works in from this sign-in on: the one they chose on the sign-in
    page, which becomes their profile's (they change it there, or with the switcher, later),
    or else their profile's."""
    chosen = request.session.pop(CHOSEN_LANGUAGE, None)
    if chosen in dict(settings.LANGUAGES) and chosen != user.language:
        accounts_services.set_user_language(user, language=chosen)
    return user.language


# Where a service's field names (a type's details: ``claim.remedy``) are called otherwise on
# the forms that file cases.
DETAIL_FIELDS = {
    "claim.remedy": "remedy",
    "claim.amount_asked": "amount",
    "technical.product": "product",
    "technical.serial_number": "serial_number",
    "technical.purchase_date": "purchase_date",
}


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's error beside the fields it names, or above the form."""
    for field, messages in error.fields.items():
        name = DETAIL_FIELDS.get(field, field)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    if not error.fields:
        form.add_error(None, error.message)
