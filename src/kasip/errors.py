"""Domain exceptions of kasip.

The library raises only these (plus ``ValueError``/``TypeError`` for misuse);
adapters translate them at the edge: the CLI into a one-line message and an
exit status, the REST API into HTTP errors.
"""

from __future__ import annotations

from collections.abc import Sequence


class KasipError(Exception):
    """Base class of every error kasip raises on purpose."""


class ImportRejected(KasipError):
    """Input that must not enter the registry.

    Raised for a document that carries error diagnostics and for an exchange
    file that is not valid ``kasip-standard/1`` JSON. ``source_name`` names the
    file or standard; ``problems`` lists the first problems found, each as a
    short human-readable line.

    Example:
        >>> err = ImportRejected("bad.json: not JSON", source_name="bad.json")
        >>> (str(err), err.source_name, err.problems)
        ('bad.json: not JSON', 'bad.json', ())
    """

    def __init__(self, message: str, *, source_name: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.source_name = source_name
        self.problems = tuple(problems)


class InputFileError(KasipError):
    """A file given to read that kasip will not read: its message names the file.

    Raised for what is not a regular file (a directory, a FIFO, ``/dev/zero``),
    for a file over the size limit and for a known binary format (a Word
    document, a PDF); see :func:`kasip.text.files.read_input`.
    """


class NotFound(KasipError):
    """A standard, version or card asked for by key does not exist."""


class RegistryError(KasipError):
    """The database failed (connection, constraint, migration)."""


class InvalidInput(KasipError, ValueError):
    """A request that cannot be answered because its input is malformed.

    For an ID that no element can have (``2635-3-001``, without ``@level``),
    a qualification level outside 1-8, or a version asked for without its
    standard. Adapters answer it with "400 Bad Request", not "404 Not Found".
    """


class Conflict(KasipError):
    """A write that contradicts what the registry holds: an account's login already taken.

    Adapters answer it with "409 Conflict". ``field`` names what is taken, for
    an adapter that words it for people (a form).
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Forbidden(KasipError):
    """The account asking has no role that may do this.

    Adapters answer it with "403 Forbidden". A record of another person is
    not refused but not found (:class:`NotFound`): a refusal would tell that
    it exists.
    """
