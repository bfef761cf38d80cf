"""Retention periods of personal data, enforced daily by `perspectives purge_expired`."""

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured


def env_days(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of days (1 or more)")
    return int(value)


def apply(s: dict[str, Any]) -> None:
    """Set the retention settings in the settings namespace `s`."""
    # A person with no registration, coaching or change for this long is erased; their
    # registrations stay, pseudonymous, so reports keep their figures. Three years covers the
    # foundation's programmes of up to two years and a return visit.
    RETENTION_PERSON_INACTIVE_DAYS = env_days("RETENTION_PERSON_INACTIVE_DAYS", 3 * 365)
    # A newsletter request nobody confirmed within a week is deleted (it never counted).
    RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS = env_days("RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS", 7)
    # Raw visitor hits are compacted into daily counts once their day is over (1 day).
    RETENTION_VISITOR_HITS_DAYS = env_days("RETENTION_VISITOR_HITS_DAYS", 1)
    # Stored answers to API requests with an Idempotency-Key: clients retry within minutes.
    RETENTION_IDEMPOTENCY_KEYS_DAYS = env_days("RETENTION_IDEMPOTENCY_KEYS_DAYS", 1)
    s.update({name: value for name, value in locals().items() if name.isupper()})
