"""Writes of reach figures and visitor counts. Only these functions change this app's tables."""

import datetime as dt
import secrets

from django.db import connection, transaction
from django.utils import timezone

from perspectives.accounts.models import User
from perspectives.core.services import diff_fields, log_action

from .counting import address_hash, max_visitors_per_address, visitor_hash
from .models import DailyVisitors, ReachFigure, VisitorHit, VisitorSalt

FIGURE_FIELDS = ("period_start", "period_end", "channel", "value", "method", "source")


@transaction.atomic
def record_reach_figure(
    *,
    period_start: dt.date,
    period_end: dt.date,
    channel: str,
    value: int,
    method: str,
    source: str = "",
    actor: User | None = None,
) -> ReachFigure:
    """Record a figure; one already there for the same channel and period is replaced."""
    figure = (
        ReachFigure.objects.select_for_update()
        .filter(channel=channel, period_start=period_start, period_end=period_end)
        .first()
    )
    before = ReachFigure.objects.get(pk=figure.pk) if figure is not None else None
    if figure is None:
        figure = ReachFigure(channel=channel, period_start=period_start, period_end=period_end)
    figure.value, figure.method, figure.source = value, method.strip(), source.strip()
    figure.recorded_at = timezone.now()
    figure.full_clean()
    figure.save()
    changes = diff_fields(before, figure, FIGURE_FIELDS)
    log_action(
        action="reach.figure.recorded" if before is None else "reach.figure.replaced",
        actor=actor,
        target=figure,
        data={"changes": changes},
    )
    return figure


def import_reach_figures(*, rows: list[dict]) -> dict[str, int]:
    """Create or replace figures keyed by channel and period, set-based; returns counts.

    Each row holds period_start, period_end, channel, value, method and optionally source, all
    checked by the caller (the import kind); must be called inside a transaction. The import
    writes one audit entry for the whole file, so no entry per figure is written here.
    """
    channels = {row["channel"] for row in rows}
    first = min(row["period_start"] for row in rows)
    last = max(row["period_end"] for row in rows)
    existing = {
        (f.channel, f.period_start, f.period_end): f
        for f in ReachFigure.objects.select_for_update().filter(
            channel__in=channels, period_start__gte=first, period_end__lte=last
        )
    }
    now = timezone.now()
    new, changed, unchanged = [], [], 0
    for row in rows:
        values = {
            "value": row["value"],
            "method": row["method"].strip(),
            "source": (row.get("source") or "").strip(),
        }
        key = (row["channel"], row["period_start"], row["period_end"])
        figure = existing.get(key)
        if figure is None:
            new.append(
                ReachFigure(
                    channel=key[0],
                    period_start=key[1],
                    period_end=key[2],
                    recorded_at=now,
                    **values,
                )
            )
        elif any(getattr(figure, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(figure, name, value)
            figure.recorded_at = figure.updated_at = now
            changed.append(figure)
        else:
            unchanged += 1
    ReachFigure.objects.bulk_create(new, batch_size=500)
    ReachFigure.objects.bulk_update(
        changed, ["value", "method", "source", "recorded_at", "updated_at"], batch_size=500
    )
    return {"created": len(new), "updated": len(changed), "unchanged": unchanged}


# Today's salt, kept in memory so that counting a page view is a single INSERT. It holds one day
# only: the first hit of a new day replaces it, so no process keeps an old salt past that hit.
_secrets: dict[dt.date, bytes] = {}


def get_visitor_secret(*, day: dt.date) -> bytes:
    """The salt of `day`, created at the first hit of the day (concurrent creators agree)."""
    secret = _secrets.get(day)
    if secret is None:
        VisitorSalt.objects.bulk_create(
            [VisitorSalt(day=day, secret=secrets.token_bytes(32))], ignore_conflicts=True
        )
        secret = bytes(VisitorSalt.objects.values_list("secret", flat=True).get(day=day))
        _secrets.clear()
        _secrets[day] = secret
    return secret


def forget_visitor_secrets() -> None:
    """Drop the salt kept in this process's memory (after the salts were deleted)."""
    _secrets.clear()


def record_visitor_hit(*, section: str, ip: str, user_agent: str, site: str) -> None:
    """Count a visitor in a section today; the same visitor again today changes nothing.

    The caller has decided that the request counts (not a bot, a public page, an allowed site).
    Only keyed hashes are stored: the address and the user agent are not.
    """
    day = timezone.localdate()
    secret = get_visitor_secret(day=day)
    digest = visitor_hash(secret=secret, ip=ip, user_agent=user_agent, site=site)
    address = address_hash(secret=secret, ip=ip)
    if connection.vendor == "postgresql":
        # A raw hit is a low-value, high-volume row, so its commit does not wait for the WAL
        # flush: a database crash may lose the last fraction of a second of hits, never
        # consistency. set_config(..., true) applies to this statement's transaction only, so
        # the hit still costs one round trip; every other write keeps synchronous commit.
        table = connection.ops.quote_name(VisitorHit._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (day, section, visitor_hash, address_hash) "  # noqa: S608
                "SELECT %s, %s, %s, %s "
                "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS cfg "
                "ON CONFLICT DO NOTHING",
                [day, section, digest, address],
            )
        return
    VisitorHit.objects.bulk_create(
        [VisitorHit(day=day, section=section, visitor_hash=digest, address_hash=address)],
        ignore_conflicts=True,
    )


def compact_visitor_hits(*, before_day: dt.date) -> dict[str, int]:
    """Turn the raw hits of days before `before_day` into daily unique counts; drop old salts.

    Set-based and idempotent: the hits are counted and deleted in one transaction, so running it
    again finds nothing left to add. Hits that arrive for an already compacted day (a request in
    flight at midnight) are added to that day's count. Salts of days before today are deleted
    whatever `before_day` is, because a finished day's salt serves no purpose.
    One client address counts as at most REACH_MAX_VISITORS_PER_ADDRESS_PER_DAY visitors of a
    section that day (`counting.capped_visitors` is the same rule in Python).
    """
    today = timezone.localdate()
    if before_day > today:
        raise ValueError("only finished days can be compacted; before_day lies after today")
    # Only our own table names are put into the SQL; the day is a parameter.
    quote = connection.ops.quote_name
    hits, daily = quote(VisitorHit._meta.db_table), quote(DailyVisitors._meta.db_table)
    upsert = (
        f"ON CONFLICT (day, section) DO UPDATE "
        f"SET unique_visitors = {daily}.unique_visitors + EXCLUDED.unique_visitors"
    )
    day = connection.ops.adapt_datefield_value(before_day)
    cap = max_visitors_per_address()
    # Visitors per day, section and address, each address capped; hits stored before the
    # address hash existed ('') count as they are.
    capped = "SUM(CASE WHEN address_hash = '' OR n <= %s THEN n ELSE %s END)"
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # One statement: exactly the rows deleted are the rows counted, even while new
                # hits arrive.
                cursor.execute(
                    f"WITH moved AS (DELETE FROM {hits} WHERE day < %s "  # noqa: S608
                    f"RETURNING day, section, address_hash), "
                    f"per_address AS (SELECT day, section, address_hash, COUNT(*) AS n "
                    f"FROM moved GROUP BY day, section, address_hash), "
                    f"counted AS (INSERT INTO {daily} (day, section, unique_visitors) "
                    f"SELECT day, section, {capped} FROM per_address GROUP BY day, section "
                    f"{upsert} RETURNING 1) "
                    f"SELECT (SELECT COUNT(*) FROM moved), (SELECT COUNT(*) FROM counted)",
                    [day, cap, cap],
                )
                moved, days = cursor.fetchone()
            else:
                # SQLite holds the write lock for the whole transaction, so nothing slips in
                # between the two statements.
                cursor.execute(
                    f"INSERT INTO {daily} (day, section, unique_visitors) "  # noqa: S608
                    f"SELECT day, section, {capped} FROM "
                    f"(SELECT day, section, address_hash, COUNT(*) AS n FROM {hits} "
                    f"WHERE day < %s GROUP BY day, section, address_hash) AS per_address "
                    f"GROUP BY day, section {upsert}",
                    [cap, cap, day],
                )
                days = cursor.rowcount
                cursor.execute(f"DELETE FROM {hits} WHERE day < %s", [day])  # noqa: S608
                moved = cursor.rowcount
        salts, _ = VisitorSalt.objects.filter(day__lt=today).delete()
        result = {"hits": moved, "section_days": days, "salts_deleted": salts}
        if moved or salts:
            log_action(action="reach.visitors.compacted", actor=None, data=result)
    forget_visitor_secrets()
    return result
