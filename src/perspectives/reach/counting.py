"""Pure rules of cookieless counting: which request counts, in which section, as which visitor.

No database here; `services.record_visitor_hit` stores what these functions decide.
"""

import hashlib
import hmac
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port, validate_host

from perspectives.core.registry import reach_sections

from .models import Section

# Pages that are never public site pages: staff, admin, accounts, the API and files.
NOT_COUNTED_PREFIXES = ("/beheer/", "/admin/", "/account/", "/api/", "/i18n/", "/favicon")

# Every browser in use sends a user agent starting with "Mozilla/"; what does not is a library,
# a script or a crawler. Among "Mozilla/" agents these words give away automated clients.
BOT_PATTERN = re.compile(
    r"bot[/;) _-]|bot$|crawl|spider|slurp|scrap|archiver|fetcher|preview|monitor|checker|validator|"
    r"headless|phantomjs|selenium|puppeteer|lighthouse|pagespeed|gtmetrix|pingdom|uptime|"
    r"facebookexternalhit|facebookcatalog|embedly|quora link|whatsapp|telegram|discord|"
    r"mediapartners-google|apis-google|google-inspectiontool|google-read-aloud|feedfetcher|"
    r"bingpreview|yandex|baidu|petalsearch|ahrefs|semrush|mj12|dotbot|bytespider|gptbot|"
    r"chatgpt|claude|anthropic|perplexity|ccbot|qwantify|"
    r"python|curl|wget|httpclient|okhttp|axios|node-fetch|go-http|java/|libwww|http_request",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    """True for crawlers, scripts, link previews and requests without a user agent."""
    user_agent = user_agent.strip()
    if not user_agent.startswith("Mozilla/"):
        return True
    return BOT_PATTERN.search(user_agent) is not None


def section_prefixes() -> dict[str, str]:
    """Path prefix -> section: the setting REACH_SECTION_PREFIXES, else what the apps contribute
    (`reach_sections`), the longest prefix first so that the most specific one wins."""
    configured = getattr(settings, "REACH_SECTION_PREFIXES", None)
    if configured is not None:
        return configured
    contributed = {prefix: entry.section for prefix, entry in reach_sections.items()}
    return dict(sorted(contributed.items(), key=lambda item: -len(item[0])))


def section_for_path(path: str) -> str | None:
    """The section a public path is counted in, or None for paths that are never counted."""
    static_url = "/" + settings.STATIC_URL.lstrip("/") if settings.STATIC_URL else None
    if path.startswith(NOT_COUNTED_PREFIXES) or (static_url and path.startswith(static_url)):
        return None
    for prefix, section in section_prefixes().items():
        if path.startswith(prefix):
            return str(section)
    return Section.OTHER.value


def is_allowed_site(host: str) -> bool:
    """Whether hits reported for this host are counted (setting REACH_ALLOWED_SITES)."""
    allowed = getattr(settings, "REACH_ALLOWED_SITES", None)
    if allowed is None:
        allowed = settings.ALLOWED_HOSTS
    return bool(host) and validate_host(host, allowed)


def parse_page_url(url: str) -> tuple[str, str] | None:
    """(site, path) of an absolute http(s) URL, or None when it is not one."""
    try:
        parts = urlsplit(url)
        domain, _port = split_domain_port(parts.netloc.rpartition("@")[2].lower())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not domain:
        return None
    return domain, parts.path or "/"


def client_ip(request: HttpRequest) -> str:
    """The visitor's address; behind a proxy set REACH_CLIENT_IP_HEADER (e.g. HTTP_X_REAL_IP)."""
    header = getattr(settings, "REACH_CLIENT_IP_HEADER", "REMOTE_ADDR")
    value = request.META.get(header, "") or request.META.get("REMOTE_ADDR", "")
    # X-Forwarded-For style headers list the client first.
    return value.split(",")[0].strip()


DEFAULT_MAX_VISITORS_PER_ADDRESS_PER_DAY = 5


def max_visitors_per_address() -> int:
    """How many visitors one client address may count as per day and section (a setting).

    Beside the bot filter: changing the user agent makes a new visitor hash, so without a cap
    one script could count as any number of visitors. A household or an office behind one
    address is a few people; a school or a company behind one NAT address is undercounted.
    """
    return int(
        getattr(
            settings,
            "REACH_MAX_VISITORS_PER_ADDRESS_PER_DAY",
            DEFAULT_MAX_VISITORS_PER_ADDRESS_PER_DAY,
        )
    )


def capped_visitors(counts_per_address: dict[str, int]) -> int:
    """Unique visitors of one day and section from the visitors counted per address hash.

    Each address counts at most `max_visitors_per_address()`; hits without an address hash
    (stored before it existed) count as they are. The compaction's SQL applies the same rule.
    """
    cap = max_visitors_per_address()
    return sum(n if not address else min(n, cap) for address, n in counts_per_address.items())


def address_hash(*, secret: bytes, ip: str) -> str:
    """The keyed hash that stands for one client address for one day (for the cap only)."""
    message = "\x1f".join(("address", ip)).encode("utf-8", "surrogateescape")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def visitor_hash(*, secret: bytes, ip: str, user_agent: str, site: str) -> str:
    """The keyed hash that stands for one visitor on one site for one day."""
    message = "\x1f".join((ip, user_agent, site)).encode("utf-8", "surrogateescape")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
