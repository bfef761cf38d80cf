"""The audit table's guard (0002), installed again from `core/sql/audit_append_only.v1.*.sql`.

Database functions and triggers live in versioned .sql files, so that a test can prove that the
database holds exactly what the code declares; this installs the same definitions from there.
"""

from pathlib import Path

from django.db import migrations

from perspectives.core.sql import run_sql_file

SQL = Path(__file__).resolve().parent.parent / "sql"


class Migration(migrations.Migration):
    dependencies = [("core", "0004_rate_limit_count")]

    operations = [
        migrations.RunPython(
            run_sql_file(SQL, "audit_append_only-drop.v1"),
            run_sql_file(SQL, "audit_append_only.v1"),
        ),
        migrations.RunPython(
            run_sql_file(SQL, "audit_append_only.v1"),
            run_sql_file(SQL, "audit_append_only-drop.v1"),
        ),
    ]
