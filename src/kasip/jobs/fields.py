"""The editable template of a job description: its default texts and reading it from a file.

The default rights, responsibility, appointment clause and working conditions
are data files of the package (``data/template.kk.toml``,
``data/template.ru.toml``), plain texts an HR department is expected to edit;
``docs/job-descriptions.md`` says which articles of the Labour Code they lean on.
"""

from __future__ import annotations

import functools
import json
import tomllib
from importlib.resources import files
from typing import Any

from pydantic import ValidationError

from kasip.errors import InvalidInput
from kasip.jobs.models import DocumentLanguage, JobFields

__all__ = ["MAX_FIELDS_FILE_BYTES", "complete_fields", "default_fields", "read_fields"]

# A fields file holds a few short texts: anything larger is a mistake.
MAX_FIELDS_FILE_BYTES = 64 * 1024


@functools.cache
def default_fields(lang: DocumentLanguage) -> JobFields:
    """The template's default texts in ``lang`` (the organisation's names left empty).

    Example:
        >>> fields = default_fields("ru")
        >>> fields.appointment.startswith("Назначается"), len(fields.rights) >= 3
        (True, True)
        >>> fields.organisation
        ''
    """
    data = tomllib.loads(
        (files("kasip.jobs") / "data" / f"template.{lang}.toml").read_text("utf-8")
    )
    empty = dict.fromkeys(
        ("organisation", "department", "reports_to", "approver_position", "approver_name", "place"),
        "",
    )
    return JobFields.model_validate({**empty, **data})


def complete_fields(given: JobFields | None, lang: DocumentLanguage) -> JobFields:
    """``given`` with every field it leaves out (``None``) taken from the template in ``lang``.

    Example:
        >>> complete_fields(JobFields(place="Астана"), "kk").place
        'Астана'
    """
    defaults = default_fields(lang)
    if given is None:
        return defaults
    chosen = {k: v for k, v in given.model_dump().items() if v is not None}
    return defaults.model_copy(update=chosen)


def read_fields(data: bytes, name: str) -> JobFields:
    """Read template fields from a JSON (``.json``) or TOML (any other name) file's bytes.

    Args:
        data: The file's content, UTF-8.
        name: Its name: says the format, and names the file in errors.

    Returns:
        The fields; those the file does not set are ``None`` (the template's).

    Raises:
        InvalidInput: Too large, not UTF-8, not JSON/TOML, or a field that is
            unknown or too long; the message names the file and the field.

    Example:
        >>> read_fields(b'place = "Almaty"', "f.toml").place
        'Almaty'
        >>> read_fields(b'{"colour": 1}', "f.json")
        Traceback (most recent call last):
        ...
        kasip.errors.InvalidInput: f.json: field 'colour': Extra inputs are not permitted
    """
    if len(data) > MAX_FIELDS_FILE_BYTES:
        raise InvalidInput(f"{name}: larger than {MAX_FIELDS_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
        parsed: Any = json.loads(text) if name.lower().endswith(".json") else tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{name}: not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name}: line {exc.lineno}: not JSON: {exc.msg}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{name}: not TOML: {exc}") from exc
    if not isinstance(parsed, dict):
        raise InvalidInput(f"{name}: expected an object of fields")
    return fields_from(parsed, source=name)


def fields_from(values: dict[str, Any], *, source: str) -> JobFields:
    """Validate template fields from a mapping; errors name ``source`` and the field.

    Raises:
        InvalidInput: A field is unknown, of the wrong type or too long.
    """
    try:
        return JobFields.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(f"{source}: field {where!r}: {first['msg']}") from exc
