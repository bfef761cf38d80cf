-- Removes the audit table's guard of version 1 (sqlite)
-- Installed by the migration that names this file; a change is a new file and a new migration.
-- Statements are separated by lines that hold only '--;'.

DROP TRIGGER IF EXISTS core_auditentry_no_delete
--;
DROP TRIGGER IF EXISTS core_auditentry_no_update
