"""Django's `flush`, able to wipe the append-only audit table on SQLite too.

A flush removes every row of every table; it is not an edit of the audit trail. PostgreSQL
flushes with TRUNCATE, which the row triggers do not see; SQLite flushes with DELETE, so the
triggers are lifted for the wipe and put back afterwards, also when the wipe fails.
"""

from django.core.management.commands.flush import Command as DjangoFlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from perspectives.core.audit_guard import list_sqlite_triggers


class Command(DjangoFlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        triggers = list_sqlite_triggers(using=connection)
        with connection.cursor() as cursor:
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
