"""`perspectives compact_reach`: count the raw visitor hits of finished days, destroy old salts.

Run it from cron shortly after midnight (and any time after: it is idempotent).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from perspectives.reach.services import compact_visitor_hits


class Command(BaseCommand):
    help = "Compact raw visitor hits of finished days into daily unique counts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--before",
            type=dt.date.fromisoformat,
            default=None,
            help="compact days before this date (YYYY-MM-DD; default and latest: today)",
        )

    def handle(self, *args, **options):
        before_day = options["before"] or timezone.localdate()
        try:
            result = compact_visitor_hits(before_day=before_day)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{result['hits']} hits compacted into {result['section_days']} section-days; "
            f"{result['salts_deleted']} salts deleted."
        )
