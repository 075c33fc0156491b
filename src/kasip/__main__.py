"""``python -m kasip``: the same as the ``kasip`` command."""

from kasip.cli import main

if __name__ == "__main__":
    main()
