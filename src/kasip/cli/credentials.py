"""``kasip keys`` and ``kasip credential``: the issuer's signing keys, and verifying a certificate.

``kasip keys init`` makes the key that signs certificates, in the folder of
``KASIP_KEYS_DIR`` (or ``--dir``), never in the registry or the repository;
``rotate`` adds a new active key (the old ones keep verifying); ``list``
shows them. ``kasip credential verify FILE`` checks a certificate offline,
against this kasip's register and keys: its VC-JWT, its credential JSON, or
``--number``; exit 0 when valid, 1 when not, with the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kasip.cli.base import JsonFlag, echo_json, stdout
from kasip.cli.options import DbOption, database_url, input_limit
from kasip.config import Settings
from kasip.credentials import Verification
from kasip.pages.certificates import Issuing, verify_file, verify_number
from kasip.registry import open_registry

__all__ = ["credential_app", "keys_app"]

keys_app = typer.Typer(
    name="keys",
    help="The issuer's signing keys for certificates: make, rotate, list.",
    no_args_is_help=True,
)
credential_app = typer.Typer(
    name="credential",
    help="Certificates: verify one offline (its JWT, its JSON or its number).",
    no_args_is_help=True,
)

DirOption = Annotated[
    Path | None,
    typer.Option("--dir", metavar="FOLDER", help="The keys' folder (default: KASIP_KEYS_DIR)."),
]


def _issuing(folder: Path | None) -> Issuing:
    settings = Settings()
    if folder is not None:
        settings = settings.model_copy(update={"keys_dir": folder})
    return Issuing.from_settings(settings)


@keys_app.command("init")
def init(folder: DirOption = None) -> None:
    """Make the first signing key (RSA 2048, for RS256) in the keys' folder."""
    store = _issuing(folder).keys
    kid = store.init()
    stdout().print(f"Made key {kid} in {escape(str(store.folder))} (readable by you only).")


@keys_app.command("rotate")
def rotate(folder: DirOption = None) -> None:
    """Make a new signing key, active from now on; certificates signed before still verify."""
    store = _issuing(folder).keys
    kid = store.rotate()
    stdout().print(f"Made key {kid}; it signs new certificates from now on.")


@keys_app.command("list")
def list_keys(folder: DirOption = None, as_json: JsonFlag = False) -> None:
    """The keys of the folder, the active one marked."""
    store = _issuing(folder).keys
    keys = store.keys()
    if as_json:
        echo_json([{"kid": k.kid, "active": k.active} for k in keys])
        return
    out = stdout()
    if not keys:
        out.print(f"No keys in {escape(str(store.folder))}: run `kasip keys init`.")
    for key in keys:
        out.print(f"{key.kid}{'  (active)' if key.active else ''}")


def _show(verification: Verification, as_json: bool) -> None:
    if as_json:
        echo_json(verification.model_dump(mode="json"))
    else:
        out = stdout()
        out.print(f"[bold]{verification.status}[/] ({verification.reason}): "
                  f"{escape(verification.message)}")  # fmt: skip
        found = verification.certificate
        if found is not None:
            out.print(f"{found.number} · {escape(found.holder_name)} · {escape(found.title)}")
            until = f" · valid until {found.valid_until}" if found.valid_until else ""
            out.print(f"{escape(found.issuer)} · issued {found.issued_at}{until}")
    if verification.status != "valid":
        raise typer.Exit(1)


@credential_app.command("verify")
def verify(  # noqa: PLR0913
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(metavar="FILE", help="The credential: its VC-JWT (.jwt) or JSON (.json)."),
    ] = None,
    number: Annotated[
        str | None, typer.Option("--number", metavar="NUMBER", help="A certificate's number.")
    ] = None,
    folder: DirOption = None,
    as_json: JsonFlag = False,
    db: DbOption = None,
) -> None:
    """Verify a certificate: signature, issuer, register, dates, revocation (exit 1: not valid)."""
    if (file is None) == (number is None):
        raise typer.BadParameter("give a FILE or --number, one of them")
    issuing = _issuing(folder)
    with open_registry(database_url(ctx, db)) as registry:
        if number is not None:
            _show(verify_number(registry, issuing, number), as_json)
            return
        assert file is not None
        if file.stat().st_size > input_limit(None):
            raise typer.BadParameter(f"{file} is too large for a credential")
        _show(verify_file(registry, issuing, file.read_bytes()), as_json)
