"""`perspectives demo`: an embedded database under var/, the demo data, a staff login, a server."""

import os
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from perspectives.demo.dataset import (
    DEMO_STAFF_EMAIL,
    DEMO_STAFF_PASSWORD,
    DEMO_STAFF_TOTP_SECRET,
    load_demo_data,
)


def current_totp_code(secret: str) -> str:
    """The six digits an authenticator app with this secret shows now (RFC 6238)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


class Command(BaseCommand):
    help = "Load the demo data (once) and serve Perspectives on this computer."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="load the data and stop")
        parser.add_argument("--reset", action="store_true", help="delete the demo database first")

    def handle(self, *args, addrport, no_serve, reset, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        database = settings.DATABASES["default"]
        if reset and database["ENGINE"].endswith("sqlite3") and os.path.exists(database["NAME"]):
            os.remove(database["NAME"])
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
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
