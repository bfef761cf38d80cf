"""What the tests of the public site share: activities relative to today, and reading mails."""

import datetime as dt
import re

from django.utils import timezone

from perspectives.activities.models import Activity

from .factories import ActivityFactory

FORM = {
    "first_name": "Anna",
    "last_name": "de Vries",
    "email": "anna@example.org",
    "participant_type": "employee",
    "organisation": "",
    "consent": "on",
}


def upcoming(days: int = 14, **fields) -> Activity:
    """An activity that starts `days` from today, open for sign-up."""
    return ActivityFactory(starts_on=timezone.localdate() + dt.timedelta(days=days), **fields)


def link_in(text: str, path_fragment: str) -> str:
    """The first absolute link in a mail's text whose path contains the fragment."""
    match = re.search(rf"https?://\S*{re.escape(path_fragment)}\S*", text)
    assert match, f"no link with {path_fragment!r} in:\n{text}"
    return match.group(0)
