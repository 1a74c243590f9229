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


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_api_answers_as_documented(case):
    case.call_and_validate(headers={"Host": "127.0.0.1"}, checks=CHECKS)
