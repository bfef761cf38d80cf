-- Report tally triggers, version 1 (sqlite)
-- Installed by the migration that names this file; a change is a new file and a new migration.
-- Statements are separated by lines that hold only '--;'.

CREATE TRIGGER activities_registration_tally_insert AFTER INSERT ON activities_registration WHEN NEW.status = 'attended' BEGIN INSERT INTO activities_tallychange (person_id, day) SELECT NEW.person_id, starts_on FROM activities_activity WHERE id = NEW.activity_id; END
--;
CREATE TRIGGER activities_registration_tally_update AFTER UPDATE OF status, person_id, activity_id ON activities_registration WHEN (OLD.status IS NOT NEW.status OR OLD.person_id IS NOT NEW.person_id OR OLD.activity_id IS NOT NEW.activity_id) AND (OLD.status = 'attended' OR NEW.status = 'attended') BEGIN INSERT INTO activities_tallychange (person_id, day) SELECT OLD.person_id, starts_on FROM activities_activity WHERE id = OLD.activity_id; INSERT INTO activities_tallychange (person_id, day) SELECT NEW.person_id, starts_on FROM activities_activity WHERE id = NEW.activity_id; END
--;
CREATE TRIGGER activities_registration_tally_delete AFTER DELETE ON activities_registration WHEN OLD.status = 'attended' BEGIN INSERT INTO activities_tallychange (person_id, day) SELECT OLD.person_id, starts_on FROM activities_activity WHERE id = OLD.activity_id; END
--;
CREATE TRIGGER activities_activity_tally_update AFTER UPDATE OF starts_on, category, is_closed ON activities_activity WHEN OLD.starts_on IS NOT NEW.starts_on OR OLD.category IS NOT NEW.category OR OLD.is_closed IS NOT NEW.is_closed BEGIN INSERT INTO activities_tallychange (person_id, day) SELECT person_id, OLD.starts_on FROM activities_registration WHERE activity_id = NEW.id AND status = 'attended'; INSERT INTO activities_tallychange (person_id, day) SELECT person_id, NEW.starts_on FROM activities_registration WHERE activity_id = NEW.id AND status = 'attended' AND NEW.starts_on IS NOT OLD.starts_on; END
