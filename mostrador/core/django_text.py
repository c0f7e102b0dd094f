"""Django's own words that its Catalan or Spanish catalogs lack or get wrong.

They are declared here so that ``makemessages`` puts them in this project's catalogs, which
Django reads before its own (``LOCALE_PATHS``); nothing imports this module.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy, pgettext_lazy

# The empty choice of a select (Django 6): untranslated in Django's Catalan and Spanish.
BLANK_CHOICE = gettext_lazy("- Select an option -")

# The month as a date says it (the ``E`` of Django's date formats). Catalan dates read
# "3 de desembre de 2026", "19 d'abril de 2026"; Django's Catalan catalog gives the bare month
# ("3 desembre de 2026").
MONTHS_IN_A_DATE = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
