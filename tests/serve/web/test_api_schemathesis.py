"""Property-based API test: schemathesis generates requests from the OpenAPI document (20 examples per endpoint)
and checks every answer: no server error, status codes and bodies as documented, JSON where JSON is promised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from claimgraph.model import Analysis
from claimgraph.serve.web import create_app
from claimgraph.store import Store


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory, analyses: list[Analysis], pipeline: Any) -> Any:
    # A store of its own: generated requests may add articles (POST /api/analyse with store=true).
    path: Path = tmp_path_factory.mktemp("schemathesis") / "api.db"
    with Store.open(path) as store:
        store.add_many(analyses)
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(path, pipeline=pipeline))


def _checker(operation: Any) -> Any:
    # Schema-valid text can still be no article (only spaces) or carry a future date: a coded 422.
    excluded = [positive_data_acceptance] if operation.method.upper() == "POST" else []

    @given(case=operation.as_strategy())
    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def check(case: Any) -> None:
        case.call_and_validate(excluded_checks=excluded)

    return check


def test_api_schemathesis_conforms_to_openapi(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:
        _checker(operation)()
