"""The `samen` command: the front door.

`samen demo` sets everything up and serves the site; every other word is a Django management
command (`samen migrate`, `samen shell`, `samen createsuperuser`, `samen worker`, ...).
`DATABASE_URL` selects the database for every subcommand; `samen demo --db PATH` is a shortcut
for a SQLite file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _apply_demo_db_option(argv: list[str]) -> list[str]:
    """Turn `--db PATH` into DATABASE_URL before Django reads its settings."""
    rest: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--db":
            path = next(args, None)
            if path is None:
                sys.exit("samen demo: --db needs a path to a SQLite file")
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(path).resolve()}"
        elif arg.startswith("--db="):
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(arg.split('=', 1)[1]).resolve()}"
        else:
            rest.append(arg)
    return rest


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    if argv and argv[0] == "demo":
        argv = _apply_demo_db_option(argv)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samen", *argv])


if __name__ == "__main__":
    main()
