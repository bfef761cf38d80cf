"""One implementation of the sign-up, and database objects from versioned .sql files.

The PostgreSQL function `activities_sign_up` (0005, 0006) repeated the sign-up rules in SQL and
wrote other contexts' tables; the sign-up now runs the same Python steps on every database
(docs/decisions/0013), so the function goes. Migration 0004 was changed after it had run on
some databases, so the report tally triggers are installed here again, from
`activities/sql/tally_triggers.v1.*.sql`: every database then holds those definitions.
Registrations keep the language the person used (their mail goes out in it), and an activity
may require a sign-up to be confirmed by e-mail.
"""

from pathlib import Path

from django.db import migrations, models

from perspectives.core.sql import run_sql_file

SQL = Path(__file__).resolve().parent.parent / "sql"
TRIGGERS = "tally_triggers.v1"
DROP_TRIGGERS = "tally_triggers-drop.v1"
SIGN_UP_FUNCTIONS = [
    "activities_sign_up(bigint, text, text, text, text, text, text, timestamptz, date, bigint,"
    " integer, integer, text, text, text, integer, timestamptz, text)",
    "activities_sign_up(bigint, text, text, text, text, text, text, timestamptz, bigint,"
    " integer, integer, text, text, text, integer, timestamptz, text)",
]


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for function in SIGN_UP_FUNCTIONS:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}", params=None)


def restore_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from importlib import import_module

        previous = import_module(
            "perspectives.activities.migrations.0006_sign_up_function_in_one_transaction"
        )
        schema_editor.execute(previous.CREATE, params=None)


class Migration(migrations.Migration):
    dependencies = [("activities", "0006_sign_up_function_in_one_transaction")]

    # SQLite rebuilds a table to add a column, which its triggers would not survive: they are
    # dropped first and installed last.
    operations = [
        migrations.RunPython(drop_function, restore_function),
        migrations.RunPython(run_sql_file(SQL, DROP_TRIGGERS), run_sql_file(SQL, TRIGGERS)),
        migrations.AddField(
            model_name="registration",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("nl", "Nederlands"), ("en", "English")],
                default="",
                db_default="",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.AddField(
            model_name="activity",
            name="requires_email_confirmation",
            field=models.BooleanField(
                default=False,
                db_default=False,
                help_text="A seat or a place on the waiting list is held only once the link in an e-mail has been followed: invented addresses hold nothing.",
                verbose_name="sign-up must be confirmed by e-mail",
            ),
        ),
        migrations.RunPython(run_sql_file(SQL, TRIGGERS), run_sql_file(SQL, DROP_TRIGGERS)),
    ]
