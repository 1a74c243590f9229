"""An OpenAPI fuzz run: schemathesis generates requests for every operation of
`/api/v1/openapi.json`; none may answer 500 or break the schema it documents.

Only those checks: a well-typed but unknown value (a prefecture named in random Unicode) is
rightly a 400, not the 2xx schemathesis' "positive data acceptance" would want."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from sousei.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """A WSGI request closes "old" connections when it ends, as a server should; here that
    would close the test's own transaction (Django's test client unhooks it the same way)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_api_answers_as_documented(case):
    case.call_and_validate(headers={"Host": "127.0.0.1"}, checks=CHECKS)
