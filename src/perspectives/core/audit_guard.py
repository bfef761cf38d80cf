"""The audit trail is append-only: the database itself refuses to change or remove an entry.

Triggers (created by migration core 0002) refuse every DELETE on `core_auditentry` and every
UPDATE except one: unlinking a deleted user or content type (`actor_id`/`content_type_id` set to
NULL, all else unchanged), which Django's `on_delete=SET_NULL` does when an account is erased.
The entry itself (action, target id, data, time) stays. Audit data holds ids and field names,
never personal values, so erasure never needs to rewrite an entry.

Wiping the whole database (`flush`, as the test suite does between transactional tests) is a
different act from editing the trail: PostgreSQL's TRUNCATE fires no row triggers, and on SQLite
our `flush` command lifts the triggers for the duration of the wipe only.
"""

TABLE = "core_auditentry"
REFUSAL = "core_auditentry is append-only"
