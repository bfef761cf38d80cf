"""`perspectives import KIND FILE [--skip-invalid] [--dry-run]`: import a CSV or XLSX file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from perspectives.core.imports import ImportResult, run_import
from perspectives.core.registry import importers


class Command(BaseCommand):
    help = (
        "Import a CSV (comma or semicolon, UTF-8) or XLSX file. A file with any invalid row "
        "imports nothing unless --skip-invalid is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="what the file holds: " + ", ".join(importers))
        parser.add_argument("file", help="path of the CSV or XLSX file")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows and list the skipped ones",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, store nothing"
        )

    def handle(self, *args, **options):
        kind = options["kind"]
        if kind not in importers:
            raise CommandError(
                f"Unknown import kind {kind!r}; choose one of: {', '.join(importers)}"
            )
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"File not found: {path}")
        columns = importers.get(kind).columns
        result = run_import(
            kind=kind,
            file=path,
            skip_invalid=options["skip_invalid"],
            dry_run=options["dry_run"],
            progress=True,
        )
        self.print_report(result, columns)
        if result.refused:
            count = len(result.errors)
            first = f" First: {result.errors[0]}" if result.errors else ""
            raise CommandError(
                f"Import refused; nothing was imported ({count} error"
                f"{'' if count == 1 else 's'}).{first}"
            )

    def print_report(self, result: ImportResult, columns) -> None:
        write = self.stdout.write
        write(f"{result.kind}: {result.file_name} ({result.total_rows} data rows)")
        for warning in result.warnings:
            write(self.style.WARNING(f"warning: {warning}"))
        if result.errors:
            write(self.style.ERROR(f"{len(result.errors)} error(s):"))
            for issue in result.errors:
                write(f"  {issue}")
        if result.refused:
            if any(issue.row is None for issue in result.errors):
                write(
                    "Columns: "
                    + ", ".join(f"{c.name}{'' if c.required else ' (optional)'}" for c in columns)
                )
            write(self.style.ERROR("Refused: nothing was imported."))
            return
        if result.skipped:
            write(
                self.style.WARNING(
                    f"Skipped {len(result.skipped)} invalid row(s): "
                    + ", ".join(str(number) for number in result.skipped)
                )
            )
        counts = f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}"
        if result.dry_run:
            write(f"Dry run, nothing stored; the import would have {counts}.")
        else:
            write(self.style.SUCCESS(f"Imported: {counts}."))
        for name, value in result.details.items():
            write(f"  {name.replace('_', ' ')}: {value}")
