"""On PostgreSQL, a sign-up of a new registration as one statement (docs/decisions/0012).

`activities.services.signup` calls `activities_sign_up(...)` on PostgreSQL and keeps the same
steps in Python for SQLite (and for what the function hands back: a person who is already
registered, or a seat that is free while others wait). Every sign-up test runs on both
databases, so the two stay alike. The statements inside a plpgsql function are planned once per
connection; each still takes a fresh snapshot, so the seat is decided after the lock as in
Python. Statuses, actions and the freelancer rule are the model's values, written out here.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION activities_sign_up(
    p_activity bigint, p_code text, p_email text, p_first_name text, p_last_name text,
    p_participant_type text, p_source text, p_now timestamptz, p_actor bigint,
    p_person_content_type integer, p_registration_content_type integer,
    p_task_path text, p_task_queue text, p_task_backend text, p_task_priority integer,
    p_task_run_after timestamptz, p_mail_kind text
) RETURNS TABLE (
    activity_id bigint, activity_code text, activity_starts_on date, activity_is_closed boolean,
    activity_registration_closes_at timestamptz, activity_price numeric,
    activity_freelancer_price numeric, registration_id bigint, registration_status text,
    registration_price numeric, registration_person bigint, others_wait boolean
) LANGUAGE plpgsql AS $$
-- The returned columns are variables inside; where a name is also a column, it is the column.
#variable_conflict use_column
DECLARE
    v_activity activities_activity%ROWTYPE;
    v_person bigint;
    v_type text;
    v_price numeric;
    v_freelancer_price numeric;
    v_registration bigint;
    v_status text;
    v_others_wait boolean;
BEGIN
    -- The activity by id, or a public one (not a closed meeting) by code; no row when there is
    -- none. Whether it takes sign-ups now is the caller's to judge from the fields returned
    -- (Activity.is_registration_open): when it does not, the caller rolls all of this back.
    SELECT * INTO v_activity FROM activities_activity a
    WHERE (p_activity IS NOT NULL AND a.id = p_activity)
       OR (p_activity IS NULL AND a.code = p_code AND NOT a.is_closed);
    IF NOT FOUND THEN
        RETURN;
    END IF;
    p_activity := v_activity.id;

    -- The person by e-mail; a known person's data stay as they are.
    INSERT INTO people_person (email, first_name, last_name, participant_type, created_at,
                               updated_at)
    VALUES (p_email, p_first_name, p_last_name, p_participant_type, p_now, p_now)
    ON CONFLICT (email) DO NOTHING RETURNING id INTO v_person;
    IF v_person IS NULL THEN
        SELECT p.id, p.participant_type INTO v_person, v_type
        FROM people_person p WHERE p.email = p_email;
    ELSE
        v_type := p_participant_type;
        INSERT INTO core_auditentry (action, actor_id, content_type_id, object_id, data,
                                     created_at)
        VALUES ('people.person.created', p_actor, p_person_content_type, v_person::text,
                '{}'::jsonb, p_now);
    END IF;

    -- Freelancers pay the freelancer price where there is one (services.seats.price_for).
    v_price := v_activity.price_amount;
    IF v_type = 'freelancer' AND v_activity.freelancer_price_amount IS NOT NULL THEN
        v_price := v_activity.freelancer_price_amount;
    END IF;

    -- On the waiting list first; nothing when the person is already registered.
    INSERT INTO activities_registration (activity_id, person_id, status, price_amount, source,
                                         registered_at, created_at, updated_at)
    VALUES (p_activity, v_person, 'waitlisted', v_price, p_source, p_now, p_now, p_now)
    ON CONFLICT (activity_id, person_id) DO NOTHING RETURNING id INTO v_registration;
    IF v_registration IS NULL THEN
        RETURN QUERY SELECT v_activity.id, v_activity.code::text, v_activity.starts_on,
            v_activity.is_closed, v_activity.registration_closes_at, v_activity.price_amount,
            v_activity.freelancer_price_amount, NULL::bigint, NULL::text, NULL::numeric,
            v_person, false;
        RETURN;
    END IF;

    -- The confirmation e-mail, queued in django-tasks-db's table with the values its
    -- backend would write (the caller passes them; NULL when another queue is used).
    IF p_task_path IS NOT NULL THEN
        INSERT INTO django_tasks_database_dbtaskresult (
            id, status, args_kwargs, priority, task_path, queue_name, backend_name, run_after,
            enqueued_at, exception_class_path, traceback, worker_ids)
        VALUES (
            gen_random_uuid(), 'READY',
            jsonb_build_object('args', '[]'::jsonb, 'kwargs',
                jsonb_build_object('registration_id', v_registration, 'kind', p_mail_kind)),
            p_task_priority, p_task_path, p_task_queue, p_task_backend, p_task_run_after, p_now,
            '', '', '[]'::jsonb);
    END IF;

    -- The seat, under the activity's lock, each statement with a snapshot taken after it.
    PERFORM 1 FROM activities_activity WHERE id = p_activity FOR UPDATE;
    UPDATE activities_registration r SET status = 'registered'
    WHERE r.id = v_registration AND EXISTS (
        SELECT 1 FROM activities_activity a WHERE a.id = p_activity
        AND (a.capacity IS NULL OR a.capacity > (
            SELECT COUNT(*) FROM activities_registration t
            WHERE t.activity_id = a.id AND t.status IN ('registered', 'attended')))
        AND NOT EXISTS (
            SELECT 1 FROM activities_registration w
            WHERE w.activity_id = a.id AND w.status = 'waitlisted' AND w.id <> v_registration));
    SELECT r.status, r.status = 'waitlisted' AND EXISTS (
        SELECT 1 FROM activities_activity a WHERE a.id = r.activity_id
        AND (a.capacity IS NULL OR a.capacity > (
            SELECT COUNT(*) FROM activities_registration t
            WHERE t.activity_id = a.id AND t.status IN ('registered', 'attended'))))
    INTO v_status, v_others_wait
    FROM activities_registration r WHERE r.id = v_registration;

    -- Still waiting with a seat free: others wait for it, and the caller seats them first and
    -- records the outcome itself.
    IF NOT v_others_wait THEN
        INSERT INTO core_auditentry (action, actor_id, content_type_id, object_id, data,
                                     created_at)
        VALUES ('activities.registration.created', p_actor, p_registration_content_type,
                v_registration::text,
                jsonb_build_object('activity', p_activity, 'status', v_status,
                                   'source', p_source),
                p_now);
    END IF;
    RETURN QUERY SELECT v_activity.id, v_activity.code::text, v_activity.starts_on,
        v_activity.is_closed, v_activity.registration_closes_at, v_activity.price_amount,
        v_activity.freelancer_price_amount, v_registration, v_status, v_price, v_person,
        v_others_wait;
END
$$
"""

DROP = (
    "DROP FUNCTION IF EXISTS activities_sign_up(bigint, text, text, text, text, text, text,"
    " timestamptz, bigint, integer, integer, text, text, text, integer, timestamptz, text)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_report_tally_triggers"),
        ("core", "0003_idempotent_response"),
        ("people", "0002_person_erased_at"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(create, drop)]
