"""The JSON Schema format checks the export and credential tests rely on are really made.

jsonschema checks ``uri`` and ``date-time`` only when rfc3986-validator and
rfc3339-validator are installed (the test extras); without them every value
passes, and the CASE and OB 3.0 schema tests would accept a broken URI or date.
"""

from __future__ import annotations

import jsonschema  # type: ignore[import-untyped]
import pytest


@pytest.mark.parametrize(
    "checker",
    [
        jsonschema.Draft202012Validator.FORMAT_CHECKER,
        jsonschema.Draft7Validator.FORMAT_CHECKER,
        jsonschema.FormatChecker(),
    ],
)
def test_uri_and_date_time_formats_are_checked(checker: jsonschema.FormatChecker) -> None:
    assert checker.conforms("https://kasip.kz/cards/2635-3-001@6", "uri")
    assert checker.conforms("urn:uuid:0e4b5d1c-8a4f-5a53-9c1e-2f7d0c3b9a11", "uri")
    assert not checker.conforms("not a uri at all", "uri")
    assert checker.conforms("2023-01-13T00:00:00+00:00", "date-time")
    assert not checker.conforms("2023-13-45T00:00:00", "date-time")
