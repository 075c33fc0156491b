"""Where the official text of a standard version is published (issue 15, item 6).

A professional standard is a legal act: its official text is the one the
official legal information system publishes (adilet.zan.kz for Kazakhstan).
The registry presents a stored text as the official one only when a person (or
the record shipped beside the bundled text) has said where it is published; a
text without that record is shown as imported, not as official.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from kasip.errors import InvalidInput

__all__ = ["MAX_NOTE_LENGTH", "MAX_URL_LENGTH", "OfficialSource", "official_source"]

MAX_URL_LENGTH = 2000
MAX_NOTE_LENGTH = 500
_SCHEMES = ("http", "https")


class OfficialSource(BaseModel):
    """The official publication of a text: its URL and a free note.

    Attributes:
        url: The http(s) URL of the official publication
            (``https://adilet.zan.kz/kaz/docs/V1900018764``).
        note: Publisher, document number, edition date; free text.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    note: str | None = None


def official_source(
    url: str, note: str | None = None, *, name: str = "official_url"
) -> OfficialSource:
    """Check an official source's URL and note, naming the option or field on error.

    Args:
        url: An absolute ``http`` or ``https`` URL with a host, at most
            :data:`MAX_URL_LENGTH` characters.
        note: At most :data:`MAX_NOTE_LENGTH` characters; blank is none.
        name: The option or field the URL came from (``--official-source``).

    Returns:
        The source, the URL and note stripped of surrounding spaces.

    Raises:
        InvalidInput: The URL is not such a URL, or the note is too long.

    Example:
        >>> official_source(" https://adilet.zan.kz/kaz/docs/V1900018764 ").url
        'https://adilet.zan.kz/kaz/docs/V1900018764'
        >>> official_source("ftp://example.org/x", name="--official-source")
        Traceback (most recent call last):
        ...
        kasip.errors.InvalidInput: --official-source: 'ftp://example.org/x' is not an http(s) URL
    """
    value = url.strip()
    if len(value) > MAX_URL_LENGTH:
        raise InvalidInput(f"{name}: the URL is longer than {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError as exc:  # a malformed port or IPv6 literal
        raise InvalidInput(f"{name}: {url!r} is not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in _SCHEMES:
        raise InvalidInput(f"{name}: {url!r} is not an http(s) URL")
    if not host or any(c.isspace() for c in value):
        raise InvalidInput(f"{name}: {url!r} has no host or contains spaces")
    text = note.strip() if note is not None else None
    if text is not None and len(text) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"{name}: the note is longer than {MAX_NOTE_LENGTH} characters")
    return OfficialSource(url=value, note=text or None)
