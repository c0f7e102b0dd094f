"""Which of the supported languages a text is written in."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Below this probability (over the supported languages only) the text is too short or too mixed
# to tell, and the caller's fallback (usually the customer's preferred language) is better.
MIN_CONFIDENCE = 0.5


@cache
def _identifier() -> LanguageIdentifier:
    # Loading the model takes most of a second: once per process.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code, _name in settings.LANGUAGES])
    return identifier


def warm() -> None:
    """Load the model now (a server's master, before it forks its workers)."""
    _identifier()


def detect_language(text: str, *, fallback: str) -> str:
    """Return the supported language ``text`` is written in, or ``fallback`` when unsure."""
    if len(text.strip()) < 3:
        return fallback
    language, probability = _identifier().classify(text)
    return str(language) if probability >= MIN_CONFIDENCE else fallback
