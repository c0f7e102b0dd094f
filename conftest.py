"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from mostrador.accounts import services as accounts_services
from mostrador.testing.personas import Personas, create_personas


@pytest.fixture(autouse=True)
def _empty_cache():
    """Nothing a test cached (queue counts...) is seen by the next, whose ids may be the same."""
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Start every test in English: a request served in Catalan must not leak into the next test."""
    with translation.override("en"):
        yield


@pytest.fixture
def people(db: None) -> Personas:
    return create_personas()


@pytest.fixture
def token_for():
    """Return a function that creates an API token for a user and returns its secret."""

    def make(user) -> str:
        _token, secret = accounts_services.create_api_token(user, name="tests", actor=user)
        return secret

    return make


@pytest.fixture
def api_client(people: Personas, token_for) -> Client:
    """A client that authenticates as the operator with an API token."""
    return Client(headers={"authorization": f"Bearer {token_for(people.operator)}"})


@pytest.fixture
def browser(transactional_db):
    """Headless Chromium (skipped loudly without it); pages go to ``live_server.url``."""
    from mostrador.testing.browser import chromium

    with chromium() as running:
        yield running
