"""Database functions and triggers kept as versioned .sql files."""

from pathlib import Path

# Database functions and triggers live in versioned .sql files beside the app that owns them:
# a migration installs a file by name, and a changed definition is a new file and a new
# migration, so a database that ran a migration always holds what that migration named.
STATEMENT_SEPARATOR = "--;"


def read_sql_file(path: Path) -> list[str]:
    """The statements of a versioned .sql file: separated by lines holding only '--;', with
    comment lines (starting with '--') left out."""
    statements, lines = [], []
    for line in [*path.read_text(encoding="utf-8").splitlines(), STATEMENT_SEPARATOR]:
        if line.strip() == STATEMENT_SEPARATOR:
            statement = "\n".join(lines).strip()
            if statement:
                statements.append(statement)
            lines = []
        elif not line.lstrip().startswith("--"):
            lines.append(line)
    return statements


def vendor_sql_file(folder: Path, name: str, vendor: str) -> Path:
    """`<folder>/<name>.<vendor>.sql`, e.g. tally_triggers.v1.postgresql.sql."""
    return folder / f"{name}.{vendor}.sql"


def run_sql_file(folder: Path, name: str):
    """A migration step (for RunPython) that runs `<folder>/<name>.<vendor>.sql` on SQLite and
    PostgreSQL, the databases the project supports."""

    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor in ("postgresql", "sqlite"):
            for statement in read_sql_file(vendor_sql_file(folder, name, vendor)):
                schema_editor.execute(statement, params=None)

    return run
