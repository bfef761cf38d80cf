"""Reading settings from environment variables."""

import os
import re

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on", "ja"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off", "nee"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


RATE = re.compile(r"^[1-9]\d*/\d*[smhd]$")


def env_rate(name: str, default: str) -> str:
    """A rate limit such as `10/m` (count/period; period s, m, h or d, optionally `5m`)."""
    value = os.environ.get(name, "").strip() or default
    if not RATE.match(value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 10/m, not {value!r}")
    return value
