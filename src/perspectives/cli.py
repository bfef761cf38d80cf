"""The `perspectives` command: a thin front for Django's management commands.

`perspectives demo | serve | worker | import KIND FILE | report KIND ... | export ...` and every
other management command (`migrate`, `check --deploy`, `createsuperuser`, ...).
"""

import os
import sys

ALIASES = {"worker": "db_worker"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perspectives.config.settings.base")
    if len(argv) > 1 and argv[1] in {"demo", "serve"}:
        # The embedded, single-machine modes run on this computer only: development defaults.
        os.environ.setdefault("DEBUG", "true")
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["perspectives", *argv[1:]])


if __name__ == "__main__":
    main()
