"""Absolute addresses of our own pages, for e-mails, exports and structured data.

A background task has no request to take the host from, and a request's Host header is the
caller's to choose, so every absolute link is built from the SITE_URL setting, here only.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (from reverse()) on the site's own address."""
    return settings.SITE_URL.rstrip("/") + path
