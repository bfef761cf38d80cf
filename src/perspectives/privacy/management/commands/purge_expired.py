import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from perspectives.privacy.services import purge_expired_data


class Command(BaseCommand):
    help = "Delete or erase personal data past its retention period (RETENTION_* settings)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the date to purge as of (YYYY-MM-DD); default today")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as error:
            raise CommandError(f"--today: {error}") from error
        result = purge_expired_data(today=today or timezone.localdate())
        for what, rows in result.items():
            self.stdout.write(f"{what}: {rows}")
