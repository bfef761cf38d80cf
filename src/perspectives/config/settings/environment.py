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


def env_fernet_keys(name: str) -> list[str]:
    """Comma-separated Fernet keys (the first encrypts, all decrypt); empty when unset.

    A value that is not a Fernet key stops the start; the message never repeats the value.
    """
    from cryptography.fernet import Fernet

    keys = env_list(name, "")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: key {position} is not a Fernet key (32 bytes, url-safe base64); make "
                "one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            ) from None
    return keys
