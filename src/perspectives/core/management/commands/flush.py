"""Django's `flush`, able to wipe the append-only audit table on SQLite too.

A flush removes every row of every table; it is not an edit of the audit trail, nor a change
that the report tallies should queue. PostgreSQL flushes with TRUNCATE, which the row triggers
do not see; SQLite flushes with DELETE, so every trigger is lifted for the wipe and put back
afterwards, also when the wipe fails.
"""

from django.core.management.commands.flush import Command as DjangoFlushCommand
from django.db import DEFAULT_DB_ALIAS, connections


class Command(DjangoFlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'", [])
            triggers = list(cursor.fetchall())
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
