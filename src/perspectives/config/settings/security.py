"""Transport and browser security settings (production defaults when DEBUG is false)."""

from typing import Any

from csp.constants import NONE, SELF

from .environment import env_bool

# Headers that must leave with every response, errors included, are set by middleware placed
# directly after Django's SecurityMiddleware: a response made from an exception raised by a
# middleware further down (DisallowedHost in CommonMiddleware, for one) only passes back through
# the middleware above the one that raised.
EDGE_MIDDLEWARE = [
    "csp.middleware.CSPMiddleware",
    "perspectives.core.middleware.NoStoreForAuthenticatedMiddleware",
]


def apply(s: dict[str, Any]) -> None:
    """Set the security settings in the settings namespace `s`."""
    DEBUG = s["DEBUG"]
    # Production hardening: with DEBUG off these are on unless switched off explicitly.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
    SESSION_COOKIE_SECURE = not DEBUG
    CSRF_COOKIE_SECURE = not DEBUG
    SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
    CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    CSRF_COOKIE_SAMESITE = "Lax"
    SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
    SECURE_HSTS_PRELOAD = not DEBUG
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    CSRF_FAILURE_VIEW = "perspectives.core.views.errors.csrf_failure"
    # Scripts and styles only from our own origin: no inline code, no eval, no third parties.
    # Images may be data: URIs (the QR code of TOTP enrolment is one).
    CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": [SELF, "data:"],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "frame-ancestors": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
        }
    }
    s["INSTALLED_APPS"] = [*s["INSTALLED_APPS"], "csp"]
    middleware = [name for name in s["MIDDLEWARE"] if name not in EDGE_MIDDLEWARE]
    after = middleware.index("django.middleware.security.SecurityMiddleware") + 1
    s["MIDDLEWARE"] = [*middleware[:after], *EDGE_MIDDLEWARE, *middleware[after:]]
    # Every upper-case name assigned above becomes a setting.
    s.update({name: value for name, value in locals().items() if name.isupper()})
