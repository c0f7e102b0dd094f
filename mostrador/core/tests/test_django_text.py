import datetime as dt

import pytest
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import translation
from django.utils.formats import date_format


@pytest.mark.parametrize(
    ("language", "blank", "date"),
    [
        ("ca", "- Trieu una opció -", "19 d'abril de 2026"),
        ("es", "- Seleccione una opción -", "19 de abril de 2026"),
        ("en", "- Select an option -", "19 April 2026"),
    ],
)
def test_djangos_own_words_read_in_the_readers_language(language, blank, date):
    with translation.override(language):
        assert str(BLANK_CHOICE_LABEL) == blank
        assert date_format(dt.date(2026, 4, 19), "DATE_FORMAT") == date


def test_catalan_dates_put_the_preposition_before_every_month():
    with translation.override("ca"):
        months = [date_format(dt.date(2026, month, 1), "DATE_FORMAT") for month in range(1, 13)]

    assert months[0] == "1 de gener de 2026"
    assert months[7] == "1 d'agost de 2026"
    assert months[9] == "1 d'octubre de 2026"
    assert all(" de " in m.removesuffix(" de 2026") or " d'" in m for m in months)
