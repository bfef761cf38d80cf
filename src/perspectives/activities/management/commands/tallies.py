"""`perspectives tallies check|refresh|recount`: look after the report tallies."""

from django.core.management.base import BaseCommand, CommandError

from perspectives.activities.tallies import selectors, services


class Command(BaseCommand):
    help = (
        "check: compare the report tallies with a recount from the registrations (exit 1 on any "
        "difference); refresh: fold queued changes in; recount: rebuild them from scratch."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "refresh", "recount"])

    def handle(self, *args, action: str, **options):
        if action == "recount":
            services.recount_tallies()
            self.stdout.write("Tallies recounted from the registrations.")
            return
        refresh = services.refresh_tallies()
        self.stdout.write(
            f"Folded in {refresh.changes} queued changes "
            f"({'full recount' if refresh.recounted_all else f'{refresh.persons} persons'})."
        )
        if action == "refresh":
            return
        differences = selectors.list_tally_differences()
        for table, count in differences.items():
            self.stdout.write(f"{table}: {count} rows differ")
        if any(differences.values()):
            raise CommandError(
                "The tallies differ from the registrations; run `perspectives tallies recount`."
            )
        self.stdout.write("The tallies equal a recount from the registrations.")
