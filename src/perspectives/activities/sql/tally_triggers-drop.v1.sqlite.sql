-- Removes the report tally triggers of version 1 (sqlite)
-- Installed by the migration that names this file; a change is a new file and a new migration.
-- Statements are separated by lines that hold only '--;'.

DROP TRIGGER IF EXISTS activities_registration_tally_insert
--;
DROP TRIGGER IF EXISTS activities_registration_tally_update
--;
DROP TRIGGER IF EXISTS activities_registration_tally_delete
--;
DROP TRIGGER IF EXISTS activities_activity_tally_update
