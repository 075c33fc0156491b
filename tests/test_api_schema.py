"""The OpenAPI document changes only together with its version and a note on the change.

``tests/openapi.json`` is the golden document. When the generated one differs,
this test fails until ``API_VERSION`` (kasip.api.app) is raised and
``docs/api-changes.md`` has a ``## <version>`` section; then
``pytest tests/test_api_schema.py --update-golden`` rewrites the golden file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from kasip.api.app import API_VERSION, create_app
from kasip.config import Settings
from kasip.export.case_index import CASE_PATH
from kasip.store.codec import canonical_dumps

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "openapi.json"
CHANGES = ROOT / "docs" / "api-changes.md"


@pytest.fixture(scope="module")
def app() -> Iterator[FastAPI]:
    app = create_app(Settings(database_url="sqlite://"))
    yield app
    app.state.registry.close()


def noted_versions() -> set[str]:
    """The versions docs/api-changes.md has a section for."""
    text = CHANGES.read_text(encoding="utf-8")
    return set(re.findall(r"^## (\S+)", text, re.MULTILINE))


def test_api_schema_matches_the_golden_file_or_has_a_version_note(
    app: FastAPI, update_golden: bool
) -> None:
    document: dict[str, Any] = app.openapi()
    generated = canonical_dumps(document)
    version = document["info"]["version"]
    assert version == API_VERSION
    assert version in noted_versions(), f"docs/api-changes.md has no '## {version}' section"
    golden = GOLDEN.read_text(encoding="utf-8") if GOLDEN.exists() else ""
    if generated == golden:
        return
    golden_version = json.loads(golden)["info"]["version"] if golden else None
    assert version != golden_version, (
        f"the OpenAPI document changed but its version is still {version}: raise "
        "kasip.api.app.API_VERSION, describe the change under '## <new version>' in "
        "docs/api-changes.md, then run: pytest tests/test_api_schema.py --update-golden"
    )
    if update_golden:
        GOLDEN.write_text(generated, encoding="utf-8")
        return
    pytest.fail(
        f"the OpenAPI document is version {version}, noted in docs/api-changes.md, but "
        f"tests/openapi.json holds {golden_version}: run pytest tests/test_api_schema.py "
        "--update-golden and review the diff"
    )


def test_api_schema_has_stable_operation_ids(app: FastAPI) -> None:
    operations = {
        op["operationId"] for path in app.openapi()["paths"].values() for op in path.values()
    }
    assert {
        "list_standards",
        "get_standard",
        "list_versions",
        "list_cards",
        "get_card",
        "get_element",
    } <= operations


def test_api_schema_documents_the_error_shape_everywhere(app: FastAPI) -> None:
    document = app.openapi()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if path.startswith(CASE_PATH):  # the CASE binding's own shape: imsx_StatusInfo
                error = operation["responses"]["404"]
                expected = {"$ref": "#/components/schemas/ImsxStatusInfo"}
            else:
                error = operation["responses"].get("4XX", {})
                expected = {"$ref": "#/components/schemas/ErrorResponse"}
            schema = error.get("content", {}).get("application/json", {}).get("schema", {})
            assert schema == expected, (path, method)
    assert set(document["components"]["schemas"]["ErrorBody"]["properties"]) == {
        "status",
        "code",
        "message",
        "details",
    }


def test_api_schema_lists_only_the_api(app: FastAPI) -> None:
    # ... and the CASE 1.1 service, which keeps the binding's base path.
    paths = app.openapi()["paths"]
    assert all(path.startswith(("/api/v1/", f"{CASE_PATH}/")) for path in paths)
