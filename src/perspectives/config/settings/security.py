"""Transport and browser security settings (production defaults when DEBUG is false)."""

from typing import Any

from .environment import env_bool


def apply(s: dict[str, Any]) -> None:
    """Set the security settings in the settings namespace `s`."""
    DEBUG = s["DEBUG"]
    # Production hardening: with DEBUG off these are on unless switched off explicitly.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
    SESSION_COOKIE_SECURE = not DEBUG
    CSRF_COOKIE_SECURE = not DEBUG
    SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
    CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"
    SESSION_COOKIE_SAMESITE = "Lax"
    SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
    SECURE_HSTS_PRELOAD = not DEBUG
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    # Every upper-case name assigned above becomes a setting.
    s.update({name: value for name, value in locals().items() if name.isupper()})
