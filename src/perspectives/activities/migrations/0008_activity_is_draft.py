"""An activity may be kept as a draft: off the public site, without registrations."""

from pathlib import Path

from django.db import migrations, models

from perspectives.core.sql import run_sql_file

SQL = Path(__file__).resolve().parent.parent / "sql"
TRIGGERS = "tally_triggers.v1"
DROP_TRIGGERS = "tally_triggers-drop.v1"


class Migration(migrations.Migration):
    dependencies = [("activities", "0007_one_sign_up_implementation")]

    # SQLite rebuilds a table to add a column, which the tally triggers would not survive: they
    # are dropped first and installed again last (as in 0007).
    operations = [
        migrations.RunPython(run_sql_file(SQL, DROP_TRIGGERS), run_sql_file(SQL, TRIGGERS)),
        migrations.AddField(
            model_name="activity",
            name="is_draft",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="A draft is not on the public site and takes no registrations until it is published.",
                verbose_name="draft",
            ),
        ),
        migrations.RunPython(run_sql_file(SQL, TRIGGERS), run_sql_file(SQL, DROP_TRIGGERS)),
    ]
