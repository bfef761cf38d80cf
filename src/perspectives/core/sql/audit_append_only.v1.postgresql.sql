-- The audit table refuses UPDATE and DELETE, version 1 (postgresql)
-- Installed by the migration that names this file; a change is a new file and a new migration.
-- Statements are separated by lines that hold only '--;'.

CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.id IS NOT DISTINCT FROM OLD.id AND NEW.action IS NOT DISTINCT FROM OLD.action AND NEW.object_id IS NOT DISTINCT FROM OLD.object_id AND NEW.data IS NOT DISTINCT FROM OLD.data AND NEW.created_at IS NOT DISTINCT FROM OLD.created_at AND (NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id OR NEW.actor_id IS NULL) AND (NEW.content_type_id IS NOT DISTINCT FROM OLD.content_type_id OR NEW.content_type_id IS NULL) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'core_auditentry is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
--;
CREATE TRIGGER core_auditentry_append_only BEFORE DELETE OR UPDATE ON core_auditentry FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only()
--;
REVOKE UPDATE, DELETE, TRUNCATE ON core_auditentry FROM PUBLIC
