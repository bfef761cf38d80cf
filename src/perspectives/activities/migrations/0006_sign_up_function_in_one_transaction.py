"""The PostgreSQL sign-up function decides everything itself, so a sign-up is one statement.

Replaces the function of migration 0005 (docs/decisions/0012). It now also judges whether the
activity takes sign-ups, and it writes nothing unless it can finish the sign-up alone: when the
person already has a registration, or a seat is free while others wait, it answers with what it
found and Python does the rest in a transaction of its own. So the call runs in autocommit: one
round trip, committed by PostgreSQL when it returns. Under the activity's lock the seat is
decided before the registration is written, in the status it keeps.
"""

from django.db import migrations

OLD_SIGNATURE = (
    "activities_sign_up(bigint, text, text, text, text, text, text, timestamptz, bigint,"
    " integer, integer, text, text, text, integer, timestamptz, text)"
)

CREATE = """
CREATE OR REPLACE FUNCTION activities_sign_up(
    p_activity bigint, p_code text, p_email text, p_first_name text, p_last_name text,
    p_participant_type text, p_source text, p_now timestamptz, p_today date, p_actor bigint,
    p_person_content_type integer, p_registration_content_type integer,
    p_task_path text, p_task_queue text, p_task_backend text, p_task_priority integer,
    p_task_run_after timestamptz, p_mail_kind text
) RETURNS TABLE (
    outcome text, activity_id bigint, activity_code text, registration_id bigint,
    registration_status text, registration_price numeric, registration_registered_at timestamptz,
    registration_source text, person_id bigint
) LANGUAGE plpgsql AS $$
-- The returned columns are variables inside; where a name is also a column, it is the column.
#variable_conflict use_column
DECLARE
    v_activity activities_activity%ROWTYPE;
    v_person bigint;
    v_type text;
    v_price numeric;
    v_capacity integer;
    v_taken bigint;
    v_status text;
    v_registration bigint;
BEGIN
    -- The activity by id, or a public one (not a closed meeting) by code; no row when there is
    -- none.
    SELECT * INTO v_activity FROM activities_activity a
    WHERE (p_activity IS NOT NULL AND a.id = p_activity)
       OR (p_activity IS NULL AND a.code = p_code AND NOT a.is_closed);
    IF NOT FOUND THEN
        RETURN;
    END IF;
    p_activity := v_activity.id;

    -- Activity.is_registration_open: closed meetings never; else until the closing moment, or
    -- without one through the start date in the foundation's time zone (p_today).
    IF v_activity.is_closed
       OR (v_activity.registration_closes_at IS NOT NULL
           AND p_now >= v_activity.registration_closes_at)
       OR (v_activity.registration_closes_at IS NULL AND p_today > v_activity.starts_on) THEN
        RETURN QUERY SELECT 'closed', v_activity.id, v_activity.code::text, NULL::bigint,
            NULL::text, NULL::numeric, NULL::timestamptz, NULL::text, NULL::bigint;
        RETURN;
    END IF;

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

    -- Under the activity's lock, each statement below takes its snapshot after the wait.
    SELECT a.capacity INTO v_capacity FROM activities_activity a WHERE a.id = p_activity
    FOR UPDATE;

    -- A seat while the capacity lasts and nobody waits; the seats taken are counted up to the
    -- capacity at most. A person who is already registered finds out at the insert below (or,
    -- when a seat is free while others wait, in the Python steps).
    IF v_capacity IS NULL THEN
        v_status := 'registered';
    ELSE
        SELECT COUNT(*) INTO v_taken FROM (
            SELECT 1 FROM activities_registration t
            WHERE t.activity_id = p_activity AND t.status IN ('registered', 'attended')
            LIMIT v_capacity) taken;
        IF v_taken < v_capacity THEN
            v_status := 'registered';
        ELSE
            v_status := 'waitlisted';
        END IF;
    END IF;
    IF v_status = 'registered' AND EXISTS (
        SELECT 1 FROM activities_registration w
        WHERE w.activity_id = p_activity AND w.status = 'waitlisted') THEN
        -- A seat is free while others wait: they go first (Python seats them).
        RETURN QUERY SELECT 'others_wait', v_activity.id, v_activity.code::text, NULL::bigint,
            NULL::text, NULL::numeric, NULL::timestamptz, NULL::text, v_person;
        RETURN;
    END IF;

    -- Freelancers pay the freelancer price where there is one (services.seats.price_for).
    v_price := v_activity.price_amount;
    IF v_type = 'freelancer' AND v_activity.freelancer_price_amount IS NOT NULL THEN
        v_price := v_activity.freelancer_price_amount;
    END IF;
    INSERT INTO activities_registration (activity_id, person_id, status, price_amount, source,
                                         registered_at, created_at, updated_at)
    VALUES (p_activity, v_person, v_status, v_price, p_source, p_now, p_now, p_now)
    ON CONFLICT (activity_id, person_id) DO NOTHING RETURNING id INTO v_registration;
    IF v_registration IS NULL THEN
        -- Already registered: hand back what is there and write nothing more.
        RETURN QUERY SELECT 'existing', v_activity.id, v_activity.code::text, r.id,
            r.status::text, r.price_amount, r.registered_at, r.source::text, v_person
        FROM activities_registration r
        WHERE r.activity_id = p_activity AND r.person_id = v_person;
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

    INSERT INTO core_auditentry (action, actor_id, content_type_id, object_id, data, created_at)
    VALUES ('activities.registration.created', p_actor, p_registration_content_type,
            v_registration::text,
            jsonb_build_object('activity', p_activity, 'status', v_status, 'source', p_source),
            p_now);
    RETURN QUERY SELECT 'created', v_activity.id, v_activity.code::text, v_registration,
        v_status, v_price, p_now, p_source, v_person;
END
$$
"""

DROP = (
    "DROP FUNCTION IF EXISTS activities_sign_up(bigint, text, text, text, text, text, text,"
    " timestamptz, date, bigint, integer, integer, text, text, text, integer, timestamptz, text)"
)


def replace(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {OLD_SIGNATURE}", params=None)
        schema_editor.execute(CREATE, params=None)


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from importlib import import_module

        previous = import_module("perspectives.activities.migrations.0005_sign_up_function")
        schema_editor.execute(DROP, params=None)
        schema_editor.execute(previous.CREATE, params=None)


class Migration(migrations.Migration):
    dependencies = [("activities", "0005_sign_up_function")]

    operations = [migrations.RunPython(replace, restore)]
