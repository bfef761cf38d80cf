"""The kernel's own retention: expired rows of the database cache and abandoned import previews.

Both are registered as retention purgers (core.contributions), so `perspectives purge_expired`
and its daily task run them; the worker also purges old previews once an hour
(core/management/commands/worker.py), so that a preview never waits for the daily run.
"""

import datetime as dt
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils import timezone

# Where the upload page keeps a file between its preview and the confirmation
# (core.views.imports), under MEDIA_ROOT.
IMPORT_PREVIEW_DIR = "imports"


def import_preview_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_PREVIEW_DIR


def purge_expired_cache_entries(*, today: dt.date) -> dict[str, int]:
    """Rows of every database cache whose time is up (Django deletes them only when it culls).

    A cache entry can be derived from a person (allauth counts log-in failures per address in
    the cache), so an expired one is not left lying in the table. Other backends (Redis,
    in-memory) drop expired entries themselves.
    """
    deleted = 0
    for alias in settings.CACHES:
        cache = caches[alias]
        if not isinstance(cache, DatabaseCache):
            continue
        model = cache.cache_model_class
        connection = connections[router.db_for_write(model)]
        if model._meta.db_table not in connection.introspection.table_names():
            # `createcachetable` not run yet: no rows to purge, and the other purgers still run.
            continue
        quote = connection.ops.quote_name
        # As Django's own DatabaseCache._cull: whole seconds, in the connection's time format.
        now = timezone.now().replace(microsecond=0)
        if not settings.USE_TZ:
            now = timezone.make_naive(now)
        with connection.cursor() as cursor:
            # Only the quoted table name of CACHES goes into the statement; the time is a
            # parameter.
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote('expires')} < %s",  # noqa: S608
                [connection.ops.adapt_datetimefield_value(now)],
            )
            deleted += max(cursor.rowcount, 0)
    return {"expired_cache_entries": deleted}


def purge_import_previews(
    *, today: dt.date | None = None, now: float | None = None
) -> dict[str, int]:
    """Uploaded files never confirmed, older than IMPORT_PREVIEW_MAX_AGE_HOURS: deleted.

    A confirmation or a new upload deletes its file at once (core.views.imports); this catches
    the rest: a preview nobody confirmed, a session that expired, a web worker killed between
    writing the file and answering. Age is the file's modification time.
    """
    folder = import_preview_dir()
    if not folder.is_dir():
        return {"import_previews": 0}
    cutoff = (time.time() if now is None else now) - settings.IMPORT_PREVIEW_MAX_AGE_HOURS * 3600
    deleted = 0
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
        except FileNotFoundError:
            # Confirmed or purged by another process meanwhile.
            continue
    return {"import_previews": deleted}
