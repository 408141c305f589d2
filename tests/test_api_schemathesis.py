"""The JSON API against the OpenAPI schema it serves (/openapi.json), property-based with
schemathesis: for every operation, generated requests (valid and invalid bodies, paths and query
strings) must never get a 5xx, and every answer must have a status code, a content type and a body
that the schema declares for that operation.

Bounded: 100 examples an operation and no deadline, so the run takes well under a minute.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from bumpwise.settings import Settings
from bumpwise.web import create_app

APP = create_app(Settings())
HOST = {"host": "127.0.0.1"}  # a loopback name: the app refuses other Host headers
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, headers=HOST)
# Every check that looks at one answer on its own; the stateful ones (use after free and the like)
# need resources the API does not create.
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance, checks.response_headers_conformance]


def test_the_schema_lists_every_json_operation() -> None:
    operations = {f"{op.ok().method.upper()} {op.ok().path}" for op in schema.get_all_operations()}
    assert {"POST /api/assess", "GET /api/questions", "POST /api/questionnaire-response",
            "GET /api/knowledge/{kind}/{record_id}", "GET /api/health"} <= operations, operations


@schema.parametrize()
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any) -> None:
    case.call_and_validate(checks=CHECKS, headers=HOST)



def test_the_fhir_questionnaire_is_documented_with_the_content_type_it_is_sent_with() -> None:
    """Found by the run above: sent as application/fhir+json, documented as application/json."""
    from starlette.testclient import TestClient

    client = TestClient(APP, base_url="http://127.0.0.1")
    sent = client.get("/api/questionnaire").headers["content-type"].split(";")[0]
    documented = client.get("/openapi.json").json()["paths"]["/api/questionnaire"]["get"]["responses"]["200"]
    assert sent == "application/fhir+json" and list(documented["content"]) == [sent]
