"""The ``kasip`` command: thin adapters over the kasip library.

Each command reads its options, makes one library call and renders the result
with :mod:`rich`; the commands live by theme in :mod:`~kasip.cli.texts`,
:mod:`~kasip.cli.standards`, :mod:`~kasip.cli.find`, :mod:`~kasip.cli.serve`
and :mod:`~kasip.cli.eval`, and share :mod:`~kasip.cli.base`, which lists
them (:data:`~kasip.cli.base.COMMANDS`) and imports each when it runs.
"""

from kasip.cli.base import COMMANDS, app, load_command

__all__ = ["COMMANDS", "app", "load_command", "main"]


def main() -> None:
    """Run the ``kasip`` command line (the console script entry point)."""
    app(prog_name="kasip")
