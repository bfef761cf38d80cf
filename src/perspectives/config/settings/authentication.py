"""Authentication settings: hashers, password rules, log-in flow."""

from typing import Any


def apply(s: dict[str, Any]) -> None:
    """Set the authentication settings in the settings namespace `s`."""
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        },
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    ]
    LOGIN_URL = "accounts:login"
    LOGIN_REDIRECT_URL = "staff:home"
    LOGOUT_REDIRECT_URL = "accounts:login"
    # Every upper-case name assigned above becomes a setting.
    s.update({name: value for name, value in locals().items() if name.isupper()})
