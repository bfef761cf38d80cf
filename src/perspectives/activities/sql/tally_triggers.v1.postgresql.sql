-- Report tally triggers, version 1 (postgresql)
-- Installed by the migration that names this file; a change is a new file and a new migration.
-- Statements are separated by lines that hold only '--;'.

CREATE OR REPLACE FUNCTION activities_registration_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO activities_tallychange (person_id, day) SELECT DISTINCT r.person_id, a.starts_on FROM new_rows r JOIN activities_activity a ON a.id = r.activity_id WHERE r.status = 'attended'; RETURN NULL; END $$
--;
CREATE OR REPLACE FUNCTION activities_registration_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO activities_tallychange (person_id, day) SELECT DISTINCT r.person_id, a.starts_on FROM new_rows r JOIN activities_activity a ON a.id = r.activity_id WHERE r.status = 'attended' AND NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = r.id AND o.status = r.status AND o.person_id = r.person_id AND o.activity_id = r.activity_id);INSERT INTO activities_tallychange (person_id, day) SELECT DISTINCT r.person_id, a.starts_on FROM old_rows r JOIN activities_activity a ON a.id = r.activity_id WHERE r.status = 'attended' AND NOT EXISTS (SELECT 1 FROM new_rows o WHERE o.id = r.id AND o.status = r.status AND o.person_id = r.person_id AND o.activity_id = r.activity_id); RETURN NULL; END $$
--;
CREATE OR REPLACE FUNCTION activities_registration_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO activities_tallychange (person_id, day) SELECT DISTINCT r.person_id, a.starts_on FROM old_rows r JOIN activities_activity a ON a.id = r.activity_id WHERE r.status = 'attended'; RETURN NULL; END $$
--;
CREATE OR REPLACE FUNCTION activities_activity_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.starts_on IS DISTINCT FROM NEW.starts_on OR OLD.category IS DISTINCT FROM NEW.category OR OLD.is_closed IS DISTINCT FROM NEW.is_closed THEN INSERT INTO activities_tallychange (person_id, day) SELECT DISTINCT person_id, OLD.starts_on FROM activities_registration WHERE activity_id = NEW.id AND status = 'attended'; IF NEW.starts_on <> OLD.starts_on THEN INSERT INTO activities_tallychange (person_id, day) SELECT DISTINCT person_id, NEW.starts_on FROM activities_registration WHERE activity_id = NEW.id AND status = 'attended'; END IF; END IF; RETURN NULL; END $$
--;
CREATE TRIGGER activities_registration_tally_insert AFTER INSERT ON activities_registration REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_registration_tally_insert()
--;
CREATE TRIGGER activities_registration_tally_update AFTER UPDATE ON activities_registration REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_registration_tally_update()
--;
CREATE TRIGGER activities_registration_tally_delete AFTER DELETE ON activities_registration REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_registration_tally_delete()
--;
CREATE TRIGGER activities_activity_tally_update AFTER UPDATE ON activities_activity FOR EACH ROW EXECUTE FUNCTION activities_activity_tally_update()
