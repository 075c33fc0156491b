"""``kasip users`` and ``kasip audit``: accounts from the command line.

Whoever runs ``kasip`` on the registry's machine (with access to its
database) administers it: the first admin is made with ``kasip users create
LOGIN --role admin``. Changes made here are in the audit log as made by
``cli``. A password is asked for twice without echo, or read from standard
input with ``--password-stdin`` (for scripts); it is never an option's value,
which would leave it in the shell's history and the process list.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape

from kasip.accounts import (
    CLI_ACTOR,
    create_user,
    issue_token,
    list_tokens,
    list_users,
    read_log,
    revoke_token,
    set_disabled,
    set_password,
    set_role,
    verify_log,
)
from kasip.cli.base import JsonFlag, echo_json, error, stderr, stdout
from kasip.cli.options import DbOption, database_url
from kasip.cli.render import table
from kasip.model.vocabulary import ROLES
from kasip.registry import open_registry

users_app = typer.Typer(
    name="users", help="Accounts: create them, set roles, make API tokens.", no_args_is_help=True
)
audit_app = typer.Typer(
    name="audit", help="The audit log: read it, check its chain.", no_args_is_help=True
)

Login = Annotated[str, typer.Argument(metavar="LOGIN", help="An e-mail or user name.")]
RoleOption = Annotated[
    str, typer.Option("--role", help=f"One of: {', '.join(ROLES)}.", show_default=False)
]
PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from standard input (one line)."),
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_app.command("create")
def create(  # noqa: PLR0913
    ctx: typer.Context,
    login: Login,
    role: RoleOption,
    name: Annotated[str | None, typer.Option("--name", help="The person's name.")] = None,
    iin: Annotated[
        str | None, typer.Option("--iin", help="The person's IIN (ИИН/ЖСН), checked.")
    ] = None,
    password_stdin: PasswordStdin = False,
    db: DbOption = None,
) -> None:
    """Create an account (the first admin: kasip users create LOGIN --role admin)."""
    password = _password(password_stdin)
    with open_registry(database_url(ctx, db)) as registry:
        user = create_user(
            registry.engine,
            login=login,
            name=name or login,
            role=role,
            password=password,
            actor=CLI_ACTOR,
            iin=iin,
        )
    stderr().print(f"Created {escape(user.login)} ({user.role}).")


@users_app.command("list")
def list_(ctx: typer.Context, as_json: JsonFlag = False, db: DbOption = None) -> None:
    """List the accounts."""
    with open_registry(database_url(ctx, db)) as registry:
        found = list_users(registry.engine)
    if as_json:
        echo_json([user.model_dump() for user in found])
        return
    rows = [
        (u.login, u.name, u.role, "disabled" if u.disabled else "", u.created_at) for u in found
    ]
    stdout().print(table(None, ["Login", "Name", "Role", "State", "Created"], rows))


@users_app.command("role")
def role(ctx: typer.Context, login: Login, new_role: RoleOption, db: DbOption = None) -> None:
    """Give an account another role."""
    with open_registry(database_url(ctx, db)) as registry:
        user = set_role(registry.engine, login, new_role, actor=CLI_ACTOR)
    stderr().print(f"{escape(user.login)} is now {user.role}.")


@users_app.command("disable")
def disable(
    ctx: typer.Context,
    login: Login,
    enable: Annotated[bool, typer.Option("--enable", help="Enable it again.")] = False,
    db: DbOption = None,
) -> None:
    """Disable an account: it signs in to nothing and its tokens stop working."""
    with open_registry(database_url(ctx, db)) as registry:
        user = set_disabled(registry.engine, login, not enable, actor=CLI_ACTOR)
    stderr().print(f"{escape(user.login)} is {'disabled' if user.disabled else 'enabled'}.")


@users_app.command("password")
def password(
    ctx: typer.Context, login: Login, password_stdin: PasswordStdin = False, db: DbOption = None
) -> None:
    """Set an account's password."""
    new = _password(password_stdin)
    with open_registry(database_url(ctx, db)) as registry:
        user = set_password(registry.engine, login, new, actor=CLI_ACTOR)
    stderr().print(f"The password of {escape(user.login)} is set.")


@users_app.command("token")
def token(
    ctx: typer.Context,
    login: Login,
    label: Annotated[str, typer.Option("--label", help="What the token is for.")],
    db: DbOption = None,
) -> None:
    """Make an API token for an account; it is printed once, on standard output."""
    with open_registry(database_url(ctx, db)) as registry:
        issued = issue_token(registry.engine, login, label=label, actor=CLI_ACTOR)
    stderr().print(
        f"Token {issued.info.id} for {escape(issued.info.login)}: shown this once, keep it secret."
    )
    typer.echo(issued.token)


@users_app.command("tokens")
def tokens(ctx: typer.Context, login: Login, db: DbOption = None) -> None:
    """List an account's tokens (not the tokens themselves)."""
    with open_registry(database_url(ctx, db)) as registry:
        found = list_tokens(registry.engine, login)
    rows = [(t.id, t.label, t.created_at, "revoked" if t.revoked else "") for t in found]
    stdout().print(table(None, ["Id", "Label", "Created", "State"], rows))


@users_app.command("revoke")
def revoke(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(metavar="TOKEN_ID", help="From kasip users tokens.")],
    db: DbOption = None,
) -> None:
    """Revoke an API token at once."""
    with open_registry(database_url(ctx, db)) as registry:
        info = revoke_token(registry.engine, token_id, actor=CLI_ACTOR)
    stderr().print(f"Token {info.id} of {escape(info.login)} is revoked.")


@audit_app.command("list")
def audit_list(
    ctx: typer.Context,
    subject: Annotated[str | None, typer.Option("--subject", help="e.g. user:LOGIN")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000, help="The most rows.")] = 50,
    as_json: JsonFlag = False,
    db: DbOption = None,
) -> None:
    """The newest rows of the audit log first."""
    with open_registry(database_url(ctx, db)) as registry:
        rows = read_log(registry.engine, subject=subject, limit=limit)
    if as_json:
        echo_json([
            {"id": r.id, "at": r.at, "actor": r.actor, "action": r.action,
             "subject": r.subject, "before": r.before, "after": r.after}
            for r in rows
        ])  # fmt: skip
        return
    shown = [(r.id, r.at, r.actor, r.action, r.subject) for r in rows]
    stdout().print(table(None, ["Id", "At", "Actor", "Action", "Subject"], shown))


@audit_app.command("verify")
def audit_verify(ctx: typer.Context, db: DbOption = None) -> None:
    """Check the audit log's hash chain; exit 1 if a row was changed or removed."""
    with open_registry(database_url(ctx, db)) as registry:
        check = verify_log(registry.engine)
    if not check.intact:
        error(f"the audit log's chain breaks at row {check.broken_at}: it was changed")
        raise typer.Exit(1)
    stderr().print(f"The audit log holds: {check.rows} rows, chain intact.")
