"""Property-based tests of the whole API from its own OpenAPI document (schemathesis).

Every operation is called with generated data as an authenticated operator; no answer may be a
server error or break the documented schema. A short run (few examples) is part of every CI run.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def auth_headers(people, token_for):
    # Called as raw WSGI, Django would close the test's database connection after each request;
    # its own test client avoids that the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {token_for(people.operator)}"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# CI runs a short, reproducible pass; SCHEMATHESIS_MAX_EXAMPLES=500 digs deeper locally.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_the_api_honours_its_own_schema(case, auth_headers):
    # Every check but "schema-valid data must be accepted": business rules (a customer needs an
    # email or a phone, a phone must be a real number) rightly refuse some schema-valid input,
    # with a documented 4xx that the other checks hold to the error schema.
    case.call_and_validate(headers=auth_headers, excluded_checks=[positive_data_acceptance])
