-- Removes the report tally triggers of version 1 (postgresql)
-- Installed by the migration that names this file; a change is a new file and a new migration.
-- Statements are separated by lines that hold only '--;'.

DROP TRIGGER IF EXISTS activities_registration_tally_insert ON activities_registration
--;
DROP TRIGGER IF EXISTS activities_registration_tally_update ON activities_registration
--;
DROP TRIGGER IF EXISTS activities_registration_tally_delete ON activities_registration
--;
DROP TRIGGER IF EXISTS activities_activity_tally_update ON activities_activity
--;
DROP FUNCTION IF EXISTS activities_registration_tally_insert()
--;
DROP FUNCTION IF EXISTS activities_registration_tally_update()
--;
DROP FUNCTION IF EXISTS activities_registration_tally_delete()
--;
DROP FUNCTION IF EXISTS activities_activity_tally_update()
