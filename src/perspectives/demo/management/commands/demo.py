"""`perspectives demo`: an embedded database under var/, the demo data, a staff login, a server.

The demo goes only into the embedded installation, and only into an empty database or one the
demo made itself: never into a real installation's records.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from perspectives.demo.addresses import DEFAULT_ADDRPORT
from perspectives.demo.dataset import (
    DEMO_STAFF_EMAIL,
    DEMO_STAFF_PASSWORD,
    DEMO_STAFF_TOTP_SECRET,
    load_demo_data,
)
from perspectives.demo.selectors import get_production_settings_reason, list_foreign_data


def current_totp_code(secret: str) -> str:
    """The six digits an authenticator app with this secret shows now (RFC 6238)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


class Command(BaseCommand):
    help = "Load the demo data (once) and serve Perspectives on this computer."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=DEFAULT_ADDRPORT)
        parser.add_argument("--no-serve", action="store_true", help="load the data and stop")
        parser.add_argument("--reset", action="store_true", help="delete the demo database first")

    def handle(self, *args, addrport, no_serve, reset, **options):
        reason = get_production_settings_reason()
        if reason:
            raise CommandError(f"the demo runs only in the embedded installation: {reason}")
        database = Path(settings.DATABASES["default"]["NAME"])
        if database.exists():
            # Refused before anything is written: a real installation gets no demo tables either.
            self.refuse_foreign_data()
        if reset and database.exists():
            connections.close_all()
            for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
                path.unlink(missing_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        self.refuse_foreign_data()
        loaded = load_demo_data(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded." if loaded else "Demo data present.")
        )
        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        self.stdout.write(f"\n  Address:  http://{host}/beheer/")
        self.stdout.write(f"  Log-in:   {DEMO_STAFF_EMAIL}")
        self.stdout.write(f"  Password: {DEMO_STAFF_PASSWORD}")
        self.stdout.write(
            f"  TOTP secret (add it to an authenticator app): {DEMO_STAFF_TOTP_SECRET}"
        )
        self.stdout.write(f"  Current code: {current_totp_code(DEMO_STAFF_TOTP_SECRET)}\n")
        if not no_serve:
            call_command("serve", addrport)

    def refuse_foreign_data(self) -> None:
        from django.db.utils import OperationalError, ProgrammingError

        try:
            foreign = list_foreign_data()
        except (OperationalError, ProgrammingError):
            # Tables not there yet: a database that was never migrated holds none of ours.
            connections.close_all()
            foreign = []
        if foreign:
            raise CommandError(
                f"{settings.DATABASES['default']['NAME']} holds records the demo did not write"
                f" ({', '.join(foreign)}); the demo loads only into an empty database or its own."
                " Use another folder (PERSPECTIVES_VAR_DIR) for the demo."
            )
