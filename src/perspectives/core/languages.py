"""Which language a mail to a person goes out in."""

from django.conf import settings


def mail_language(*candidates: str) -> str:
    """The first candidate that is a site language (the one the person used), else Dutch."""
    known = dict(settings.LANGUAGES)
    for candidate in candidates:
        if candidate in known:
            return candidate
    return settings.LANGUAGE_CODE
