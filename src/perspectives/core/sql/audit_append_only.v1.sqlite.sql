-- The audit table refuses UPDATE and DELETE, version 1 (sqlite)
-- Installed by the migration that names this file; a change is a new file and a new migration.
-- Statements are separated by lines that hold only '--;'.

CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END
--;
CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry WHEN NOT (NEW.id IS  OLD.id AND NEW.action IS  OLD.action AND NEW.object_id IS  OLD.object_id AND NEW.data IS  OLD.data AND NEW.created_at IS  OLD.created_at AND (NEW.actor_id IS  OLD.actor_id OR NEW.actor_id IS NULL) AND (NEW.content_type_id IS  OLD.content_type_id OR NEW.content_type_id IS NULL)) BEGIN SELECT RAISE(ABORT, 'core_auditentry is append-only'); END
