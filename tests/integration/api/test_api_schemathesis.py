"""schemathesis against the app's OpenAPI schema (every /api/v1 operation, with a valid owner's token):
no 5xx, every status code, content type and response body as the schema says."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.integration.api.conftest import Api

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _exercise(operation, headers: dict[str, str]) -> None:
    @given(operation.as_strategy())
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              derandomize=True)  # the same cases every run: CI does not flicker
    def run(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_every_api_operation_conforms_to_its_schema(api: Api, database_url):
    schema = schemathesis.openapi.from_asgi("/openapi.json", api.client.app)
    schema = schema.include(path_regex="^/api/v1/").exclude(path_regex="graphql")
    headers = {"Authorization": f"Bearer {api.owner}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    for operation in operations:
        _exercise(operation, headers)
