"""The audit table refuses UPDATE and DELETE (see perspectives.core.audit_guard)."""

from django.db import migrations

UNCHANGED = (
    "NEW.id IS {same} OLD.id AND NEW.action IS {same} OLD.action"
    " AND NEW.object_id IS {same} OLD.object_id AND NEW.data IS {same} OLD.data"
    " AND NEW.created_at IS {same} OLD.created_at"
    " AND (NEW.actor_id IS {same} OLD.actor_id OR NEW.actor_id IS NULL)"
    " AND (NEW.content_type_id IS {same} OLD.content_type_id OR NEW.content_type_id IS NULL)"
)

SQLITE_CREATE = [
    "CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry"
    " BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END",
    "CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry"
    f" WHEN NOT ({UNCHANGED.format(same='')})"
    " BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_delete",
    "DROP TRIGGER IF EXISTS core_auditentry_no_update",
]

POSTGRESQL_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND {UNCHANGED.format(same='NOT DISTINCT FROM')} THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'core_auditentry is append-only (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    "CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry"
    " FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON core_auditentry FROM PUBLIC",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry",
    "DROP FUNCTION IF EXISTS core_auditentry_append_only()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        )
    ]
