"""The ``kasip`` command: thin adapters over the kasip library.

Each command reads its options, makes one library call and renders the result
with :mod:`rich`; the commands live by theme in :mod:`~kasip.cli.texts`,
:mod:`~kasip.cli.standards`, :mod:`~kasip.cli.find`, :mod:`~kasip.cli.serve`
and :mod:`~kasip.cli.eval`, and share :mod:`~kasip.cli.base`.
"""

from kasip.cli import find, serve, standards, texts
from kasip.cli.base import app
from kasip.cli.eval import eval_app

__all__ = ["app", "main"]

# In the order ``kasip --help`` lists them.
for _name, _command in (
    ("import", texts.import_),
    ("check", texts.check),
    ("parse", texts.parse),
    ("list", standards.list_),
    ("show", standards.show),
    ("export", standards.export),
    ("reindex", standards.reindex),
    ("versions", standards.versions),
    ("analyze", find.analyze),
    ("search", find.search),
    ("match", find.match),
    ("serve", serve.serve),
):
    app.command(_name)(_command)
app.add_typer(eval_app, name="eval")


def main() -> None:
    """Run the ``kasip`` command line (the console script entry point)."""
    app(prog_name="kasip")
