"""The `perspectives` command: a thin front for Django's management commands.

`perspectives demo | serve | worker | import KIND FILE | report KIND ... | export ...` and every
other management command (`migrate`, `check --deploy`, `createsuperuser`, ...).

Every command finds the same settings: without any environment variable that is the embedded
installation under ./var (SQLite, the installation's secret key, mail written to files). A
configuration or database error is one line on standard error and exit status 1, never a
traceback (`--traceback` shows it).
"""

import os
import sys

SERVING = {"demo", "serve"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perspectives.config.settings.base")
    try:
        if len(argv) > 1 and argv[1] in SERVING:
            set_serving_defaults(argv[2:])
        from django.core.management import execute_from_command_line

        execute_from_command_line(["perspectives", *argv[1:]])
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        if "--traceback" in argv:
            raise
        sys.stderr.write(f"perspectives: {describe_error(error)}\n")
        sys.exit(1)


def set_serving_defaults(arguments: list[str]) -> None:
    """Mail links point at the address served on; plain http there is not redirected to https."""
    from perspectives.demo.addresses import DEFAULT_ADDRPORT, parse_addrport, site_url_for

    positional = [a for a in arguments if not a.startswith("-")]
    host, port = parse_addrport(positional[0] if positional else DEFAULT_ADDRPORT)
    os.environ.setdefault("SITE_URL", site_url_for(host, port))
    if os.environ["SITE_URL"].startswith("http://"):
        os.environ.setdefault("SECURE_SSL_REDIRECT", "false")


def describe_error(error: Exception) -> str:
    from django.core.exceptions import ImproperlyConfigured
    from django.db import Error as DatabaseError

    first_line = (str(error).strip().splitlines() or [""])[0]
    if isinstance(error, ImproperlyConfigured):
        return f"configuration: {first_line}"
    if isinstance(error, DatabaseError):
        hint = " (has `perspectives migrate` run?)" if "no such table" in first_line else ""
        return f"database: {first_line or type(error).__name__}{hint}"
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror}{where}"
    if isinstance(error, ValueError):
        return first_line or type(error).__name__
    return f"{type(error).__name__}: {first_line}"


if __name__ == "__main__":
    main()
