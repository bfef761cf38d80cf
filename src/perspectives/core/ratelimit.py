"""Rate limits of public endpoints, per client address, counted exactly in the database.

Each request is one atomic statement on `core.RateLimitCount` (fixed windows aligned to the
clock): concurrent requests of one client never read the same count, on PostgreSQL or SQLite
(docs/decisions/0008). An endpoint names its group and the setting that holds its rate
(`"10/m"`); `RATELIMIT_ENABLED=false` switches every limit off. Over the limit the answer is 429
with Retry-After, and the first refusal of a window writes one security event, with the address
cut to its network so the log holds no full address.

Public forms that mail an address anyone can type (newsletter confirmation, log-in codes,
password resets) are limited twice: per client address like any endpoint, and per e-mail
address with `may_mail_address`, so that nobody can flood a third party's mailbox from many
client addresses. Over an e-mail address's limit the caller sends nothing and answers as if it
had: the page must not tell who is subscribed or has an account.
"""

import datetime as dt
import hashlib
import hmac
import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from .emails import normalise_email
from .security_log import log_security_event

PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Usage:
    count: int  # this request included
    limit: int
    seconds_left: int  # until the window ends

    @property
    def over(self) -> bool:
        return self.count > self.limit


def parse_rate(rate: str) -> tuple[int, int]:
    """`"10/m"` -> (10, 60); `"5/10m"` -> (5, 600). The settings check the form at start-up."""
    count, _, period = rate.partition("/")
    return int(count), int(period[:-1] or 1) * PERIOD_SECONDS[period[-1]]


def count_request(*, group: str, address: str, rate: str, now: float | None = None) -> Usage:
    """Count one request of `address` against the limit `group`, in one atomic statement."""
    limit, period = parse_rate(rate)
    now = time.time() if now is None else now
    window_ends = (int(now) // period + 1) * period
    with connection.cursor() as cursor:
        # Insert the first count, or add one to this window's (a later window starts at 1); the
        # row is locked while it changes, so no two requests see the same count.
        cursor.execute(
            "INSERT INTO core_ratelimitcount (client_key, window_ends, count) VALUES (%s, %s, 1)"
            " ON CONFLICT (client_key) DO UPDATE SET count = CASE"
            " WHEN core_ratelimitcount.window_ends = excluded.window_ends"
            " THEN core_ratelimitcount.count + 1 ELSE 1 END, window_ends = excluded.window_ends"
            " RETURNING count",
            [client_key(group=group, address=address), window_ends],
        )
        (count,) = cursor.fetchone()
    return Usage(count=count, limit=limit, seconds_left=max(int(window_ends - now), 1))


def may_mail_address(
    *, group: str, email: str, rate_setting: str, request: HttpRequest | None = None
) -> bool:
    """Count one mail to `email` against the limit `group`; False when it is over the limit.

    The address is counted lower-cased, under the same keyed hash as client addresses, so the
    table holds no e-mail address. Must be called only when a mail would really go out. The
    first refusal of a window writes one `ratelimit.exceeded` event, without the address.
    """
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return True
    usage = count_request(
        group=group, address=_mail_address(email), rate=getattr(settings, rate_setting)
    )
    if usage.count == usage.limit + 1:
        log_security_event(
            request=request,
            action="ratelimit.exceeded",
            result="refused",
            object=group,
            ip=truncated_address(client_address(request)) if request is not None else "",
        )
    return not usage.over


def _mail_address(email: str) -> str:
    return f"mailto:{normalise_email(email)}"


def mail_address_key(*, group: str, email: str) -> str:
    """The row key under which `may_mail_address` counts `email` (to delete it on erasure)."""
    return client_key(group=group, address=_mail_address(email))


def client_key(*, group: str, address: str) -> str:
    """The group and a keyed hash of the address: the table never holds an address.

    `address` is a client's IP address or, for a limit per e-mail address, that address; it is
    compared trimmed and case-insensitive, so that erasure finds the counts of an e-mail
    address again (erase_rate_limit_counts).
    """
    return f"{group}:{address_digest(address)}"


def address_digest(address: str) -> str:
    """The keyed hash of one address as it ends every client key of that address."""
    normalised = (address or "").strip().lower()
    return hmac.new(
        settings.SECRET_KEY.encode(), f"ratelimit:{normalised}".encode(), hashlib.sha256
    ).hexdigest()[:40]


def purge_rate_limit_counts(*, today: dt.date) -> dict[str, int]:
    """Counts of windows that have ended: the next request starts a new one anyway."""
    from .models import RateLimitCount

    deleted, _ = RateLimitCount.objects.filter(window_ends__lte=int(time.time())).delete()
    return {"rate_limit_counts": deleted}


def erase_rate_limit_counts(*, people, now: dt.datetime) -> None:
    """Counts kept under the people's e-mail addresses, in every group, running or ended.

    The table holds one row per client and limit of the current windows only (ended ones are
    purged daily), so it is read whole and matched on the keyed hash.
    """
    from .models import RateLimitCount
    from .privacy import email_addresses_of

    addresses = [row["address"] for row in email_addresses_of(people) if row["address"]]
    # Counted as a client (a limit per address someone typed) or as a mail's recipient.
    digests = {address_digest(a) for a in addresses} | {
        address_digest(_mail_address(a)) for a in addresses
    }
    if not digests:
        return
    keys = [
        key
        for key in RateLimitCount.objects.values_list("client_key", flat=True).iterator()
        if key.rpartition(":")[2] in digests
    ]
    for start in range(0, len(keys), 500):
        RateLimitCount.objects.filter(client_key__in=keys[start : start + 500]).delete()


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy RATELIMIT_CLIENT_IP_HEADER."""
    header = getattr(settings, "RATELIMIT_CLIENT_IP_HEADER", "REMOTE_ADDR")
    value = request.META.get(header, "") or request.META.get("REMOTE_ADDR", "")
    # X-Forwarded-For style headers list the client first.
    return value.split(",")[0].strip()


def truncated_address(address: str) -> str:
    """The network around an address (IPv4 /24, IPv6 /48): enough to see a pattern, no more."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def check_rate_limit(request: HttpRequest, *, group: str, rate_setting: str) -> HttpResponse | None:
    """Count this request; a 429 answer when the client is over the limit, else None.

    `group` names the limit in the log; endpoints that share a group share one budget.
    """
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return None
    address = client_address(request)
    usage = count_request(group=group, address=address, rate=getattr(settings, rate_setting))
    if not usage.over:
        return None
    if usage.count == usage.limit + 1:
        log_security_event(
            request=request,
            action="ratelimit.exceeded",
            result="refused",
            object=group,
            ip=truncated_address(address),
        )
    retry_after = usage.seconds_left
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": "Too many requests"}, status=429)
    else:
        response = HttpResponse(
            "Too many requests. Try again later.", status=429, content_type="text/plain"
        )
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(*, group: str, rate_setting: str, methods: tuple[str, ...] = ("POST",)):
    """Decorate a view with a rate limit on the given methods (default: POST only).

    A function view: `@rate_limited(group="activities.registration",
    rate_setting="RATELIMIT_REGISTRATION")`; a class-based view: the same through
    `method_decorator(..., name="dispatch")`.
    """

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method in methods:
                refused = check_rate_limit(request, group=group, rate_setting=rate_setting)
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        return limited

    return decorate
