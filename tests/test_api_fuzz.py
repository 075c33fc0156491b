"""schemathesis over the REST API: requests generated from the OpenAPI document, no 5xx.

Every operation of the document (the golden tests/openapi.json, which
tests/test_api_schema.py keeps equal to the app's) gets generated requests,
valid and invalid ones, sent in-process to the app over the seeded registry
of each test backend. Each answer must not be a server error and must be one
the document declares (status, media type, body schema). Deterministic
(``derandomize``, no example database); ``KASIP_FUZZ_EXAMPLES`` raises the
number of examples per operation for a longer hunt.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.slow

MAX_EXAMPLES = int(os.environ.get("KASIP_FUZZ_EXAMPLES", "30"))

DOCUMENT = json.loads((Path(__file__).parent / "openapi.json").read_text(encoding="utf-8"))
# From the document, not the app: schemathesis' lazy (fixture) loader does not
# run under pytest 9; the app comes to each case as a fixture instead.
schema = schemathesis.openapi.from_dict(DOCUMENT)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented_and_never_fails(
    api_app: FastAPI, case: schemathesis.Case[Any]
) -> None:
    case.call_and_validate(
        app=api_app,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
