"""Triggers that queue every registration or activity change that may alter the report tallies.

Whatever writes (a service, a bulk COPY import, the admin, a factory in a test), the change
lands in activities_tallychange in the same transaction; `activities.tallies.refresh_tallies`
folds the queue into the tallies before any figure is read. PostgreSQL uses statement-level
triggers with transition tables, so a bulk load pays one set-based INSERT per statement, not one
per row; SQLite has only row-level triggers.
"""

from django.db import migrations

QUEUE = "INSERT INTO activities_tallychange (person_id, day)"
# The tallies count attended registrations only: a sign-up, a move on the waiting list or a
# cancellation of a registration that was never attended changes no figure and queues nothing.
ATTENDED = "'attended'"
# Only these columns decide what a registration counts for.
REGISTRATION_SAME = (
    "o.id = r.id AND o.status = r.status AND o.person_id = r.person_id"
    " AND o.activity_id = r.activity_id"
)
ACTIVITY_CHANGED = (
    "OLD.starts_on IS {differs} NEW.starts_on OR OLD.category IS {differs} NEW.category"
    " OR OLD.is_closed IS {differs} NEW.is_closed"
)

SQLITE_CREATE = [
    "CREATE TRIGGER activities_registration_tally_insert AFTER INSERT ON activities_registration"
    f" WHEN NEW.status = {ATTENDED}"
    f" BEGIN {QUEUE} SELECT NEW.person_id, starts_on FROM activities_activity"
    " WHERE id = NEW.activity_id; END",
    "CREATE TRIGGER activities_registration_tally_update"
    " AFTER UPDATE OF status, person_id, activity_id ON activities_registration"
    " WHEN (OLD.status IS NOT NEW.status OR OLD.person_id IS NOT NEW.person_id"
    f" OR OLD.activity_id IS NOT NEW.activity_id)"
    f" AND (OLD.status = {ATTENDED} OR NEW.status = {ATTENDED})"
    f" BEGIN {QUEUE} SELECT OLD.person_id, starts_on FROM activities_activity"
    " WHERE id = OLD.activity_id;"
    f" {QUEUE} SELECT NEW.person_id, starts_on FROM activities_activity"
    " WHERE id = NEW.activity_id; END",
    "CREATE TRIGGER activities_registration_tally_delete AFTER DELETE ON activities_registration"
    f" WHEN OLD.status = {ATTENDED}"
    f" BEGIN {QUEUE} SELECT OLD.person_id, starts_on FROM activities_activity"
    " WHERE id = OLD.activity_id; END",
    "CREATE TRIGGER activities_activity_tally_update"
    " AFTER UPDATE OF starts_on, category, is_closed ON activities_activity"
    f" WHEN {ACTIVITY_CHANGED.format(differs='NOT')}"
    f" BEGIN {QUEUE} SELECT person_id, OLD.starts_on FROM activities_registration"
    f" WHERE activity_id = NEW.id AND status = {ATTENDED};"
    f" {QUEUE} SELECT person_id, NEW.starts_on FROM activities_registration"
    f" WHERE activity_id = NEW.id AND status = {ATTENDED}"
    " AND NEW.starts_on IS NOT OLD.starts_on; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS activities_registration_tally_insert",
    "DROP TRIGGER IF EXISTS activities_registration_tally_update",
    "DROP TRIGGER IF EXISTS activities_registration_tally_delete",
    "DROP TRIGGER IF EXISTS activities_activity_tally_update",
]


def _pg_function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
        f" BEGIN {body} RETURN NULL; END $$"
    )


def _queue_rows(rows: str, unless_same_in: str = "") -> str:
    """Queue (person, activity day) of each row of a transition table.

    With `unless_same_in`, rows that the other transition table holds unchanged are left out.
    """
    unchanged = (
        f" AND NOT EXISTS (SELECT 1 FROM {unless_same_in} o WHERE {REGISTRATION_SAME})"
        if unless_same_in
        else ""
    )
    return (
        f"{QUEUE} SELECT DISTINCT r.person_id, a.starts_on FROM {rows} r"
        f" JOIN activities_activity a ON a.id = r.activity_id"
        f" WHERE r.status = {ATTENDED}{unchanged};"
    )


POSTGRESQL_CREATE = [
    _pg_function("activities_registration_tally_insert", _queue_rows("new_rows")),
    _pg_function(
        "activities_registration_tally_update",
        _queue_rows("new_rows", "old_rows") + _queue_rows("old_rows", "new_rows"),
    ),
    _pg_function("activities_registration_tally_delete", _queue_rows("old_rows")),
    _pg_function(
        "activities_activity_tally_update",
        f"IF {ACTIVITY_CHANGED.format(differs='DISTINCT FROM')} THEN"
        f" {QUEUE} SELECT DISTINCT person_id, OLD.starts_on FROM activities_registration"
        f" WHERE activity_id = NEW.id AND status = {ATTENDED};"
        " IF NEW.starts_on <> OLD.starts_on THEN"
        f" {QUEUE} SELECT DISTINCT person_id, NEW.starts_on FROM activities_registration"
        f" WHERE activity_id = NEW.id AND status = {ATTENDED}; END IF; END IF;",
    ),
    "CREATE TRIGGER activities_registration_tally_insert AFTER INSERT ON activities_registration"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION activities_registration_tally_insert()",
    "CREATE TRIGGER activities_registration_tally_update AFTER UPDATE ON activities_registration"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION activities_registration_tally_update()",
    "CREATE TRIGGER activities_registration_tally_delete AFTER DELETE ON activities_registration"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION activities_registration_tally_delete()",
    "CREATE TRIGGER activities_activity_tally_update AFTER UPDATE ON activities_activity"
    " FOR EACH ROW EXECUTE FUNCTION activities_activity_tally_update()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS activities_registration_tally_insert ON activities_registration",
    "DROP TRIGGER IF EXISTS activities_registration_tally_update ON activities_registration",
    "DROP TRIGGER IF EXISTS activities_registration_tally_delete ON activities_registration",
    "DROP TRIGGER IF EXISTS activities_activity_tally_update ON activities_activity",
    "DROP FUNCTION IF EXISTS activities_registration_tally_insert()",
    "DROP FUNCTION IF EXISTS activities_registration_tally_update()",
    "DROP FUNCTION IF EXISTS activities_registration_tally_delete()",
    "DROP FUNCTION IF EXISTS activities_activity_tally_update()",
]

# Registrations stored before the triggers existed: queue them all once.
BACKFILL = (
    f"{QUEUE} SELECT DISTINCT r.person_id, a.starts_on FROM activities_registration r"
    f" JOIN activities_activity a ON a.id = r.activity_id WHERE r.status = {ATTENDED}"
)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_report_tallies")]

    operations = [
        migrations.RunPython(
            _run(
                {
                    "sqlite": [*SQLITE_CREATE, BACKFILL],
                    "postgresql": [*POSTGRESQL_CREATE, BACKFILL],
                }
            ),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        )
    ]
