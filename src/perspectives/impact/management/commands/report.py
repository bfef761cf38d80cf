"""`perspectives report participants|funding|verify ...`: the impact reports on the command line."""

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import get_language

from perspectives.core.periods import parse_year_range
from perspectives.impact.exports import BINARY_FORMATS, FORMATS, render_funding, render_participants
from perspectives.impact.models import ReportKind
from perspectives.impact.selectors import (
    build_funding_report,
    build_participants_report,
    verify_label,
)
from perspectives.impact.services import ImpactError, freeze_report, refresh_report_figures


def _date(text: str) -> dt.date:
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d-%m-%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise CommandError(f"--through {text!r} is not a date such as 2020-10-31 or 31-10-2020")


class Command(BaseCommand):
    help = "Impact reports: participants, funding, and verification of frozen or published ones."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True)
        for kind in ("participants", "funding"):
            sub = kinds.add_parser(kind, help=f"the {kind} report")
            sub.add_argument("--years", required=True, help="e.g. 2018-2020 or 2018,2020")
            if kind == "participants":
                sub.add_argument("--through", help="cut the last year off at this date (inclusive)")
                sub.add_argument(
                    "--count", choices=["participations", "persons"], default="participations"
                )
            sub.add_argument("--format", choices=list(FORMATS), default="table")
            sub.add_argument("--output", help="write to this file instead of standard output")
            sub.add_argument("--freeze", metavar="LABEL", help="store the report as a snapshot")
            sub.add_argument("--language", choices=["nl", "en"], default=None)
        verify = kinds.add_parser("verify", help="re-run a snapshot or published report")
        verify.add_argument("label", help="a snapshot label or a published report name")

    def handle(self, *args, **options):
        # Bad arguments are refused before any work, with one line (issue 12.4).
        years = None
        if options["kind"] != "verify":
            try:
                years = parse_year_range(options["years"])
            except ValueError as error:
                raise CommandError(f"--years: {error}") from error
        # The report selectors read the pre-counted figures as they stand.
        refresh_report_figures()
        if options["kind"] == "verify":
            return self._verify(options["label"])
        language = options.get("language") or (get_language() or "nl")[:2]
        fmt = options["format"]
        if fmt in BINARY_FORMATS and not options.get("output"):
            raise CommandError(f"--format {fmt} needs --output FILE")
        try:
            if options["kind"] == "participants":
                through = _date(options["through"]) if options.get("through") else None
                parameters = {"years": years, "through": through, "unit": options["count"]}
                report = build_participants_report(
                    years=years, through=through, unit=options["count"], language=language
                )
                content = render_participants(report, format=fmt, language=language)
            else:
                parameters = {"years": years}
                content = render_funding(
                    build_funding_report(years=years), format=fmt, language=language
                )
            if options.get("freeze"):
                snapshot = freeze_report(
                    label=options["freeze"], kind=ReportKind(options["kind"]), parameters=parameters
                )
        except (ImpactError, ValueError) as error:
            raise CommandError(str(error)) from error
        if options.get("output"):
            with open(options["output"], "wb") as handle:
                handle.write(content)
            self.stderr.write(f"written: {options['output']}")
        else:
            self.stdout.write(content.decode(), ending="")
        if options.get("freeze"):
            self.stderr.write(f"frozen as snapshot {snapshot.label!r}")

    def _verify(self, label: str) -> None:
        try:
            result = verify_label(label=label)
        except LookupError as error:
            raise CommandError(str(error)) from error
        what = "snapshot" if result.kind == "snapshot" else "published report"
        if result.is_clean:
            self.stdout.write(f"{what} {label}: all {result.checked} figures match the records")
            return
        self.stdout.write(
            f"{what} {label}: {len(result.differences)} of {result.checked} figures differ"
        )
        for difference in result.differences:
            self.stdout.write(
                f"  {difference.indicator} {difference.period}: "
                f"{'frozen' if result.kind == 'snapshot' else 'published'} {difference.expected}, "
                f"now {difference.actual} ({'; '.join(difference.reasons)})"
            )
        sys.exit(1)
