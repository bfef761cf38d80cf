"""Hot paths: a few statements in as few round trips as possible, one row without the ORM."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connections, router
from django.db.backends.postgresql.psycopg_any import is_psycopg3
from django.db.backends.utils import CursorWrapper
from django.db.models import Model


def run_in_one_round_trip(
    cursor: CursorWrapper, statements: Sequence[str], params: Mapping[str, Any]
) -> None:
    """Run `statements` in order with the same named parameters; the cursor then holds the
    result of the last one.

    On PostgreSQL with client-side parameter binding (psycopg 3, Django's default) they are
    sent as one query: the database runs them one after another, each with a fresh snapshot as
    if sent apart, and answers once. Everywhere else (SQLite, server-side binding) they are sent
    one by one. For a lock followed by the work that needs it: the lock is then held for one
    round trip instead of several.
    """
    if _sends_several_statements_at_once(cursor):
        # Fixed statements of our own code joined; every value is a parameter.
        cursor.execute("; ".join(statements), params)
        for _ in statements[1:]:
            cursor.nextset()
        return
    for statement in statements:
        cursor.execute(statement, params)


def _sends_several_statements_at_once(cursor: CursorWrapper) -> bool:
    connection = cursor.db
    if connection.vendor != "postgresql":
        return False
    return is_psycopg3 and not connection.settings_dict["OPTIONS"].get("server_side_binding")


def fetch_instance(model: type[Model], fields: Sequence[str], statement: str, params) -> Model:
    """The one row a fixed `statement` selects, as an instance of `model`; raises
    model.DoesNotExist when there is none.

    The statement must select the columns of `fields` in the model's field order. The values
    are converted as the ORM converts them; the other fields load on first use. For a hot path
    where building the ORM's statement costs more than the database takes to answer it.
    """
    connection = connections[router.db_for_read(model)]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist(f"no {model._meta.verbose_name} for {params!r}")
    selected = [model._meta.get_field(name) for name in fields]
    order = [field.attname for field in model._meta.concrete_fields]
    if [field.attname for field in selected] != [name for name in order if name in fields]:
        raise ValueError(f"select the fields of {model.__name__} in its field order")
    values = []
    for field, value in zip(selected, row, strict=True):
        column = field.get_col(model._meta.db_table)
        for converter in connection.ops.get_db_converters(column) + field.get_db_converters(
            connection
        ):
            value = converter(value, column, connection)
        values.append(value)
    return model.from_db(connection.alias, [field.attname for field in selected], values)
