"""Authentication settings: hashers, password rules, the allauth log-in flow, MFA and sessions."""

from typing import Any

from .environment import env_fernet_keys


def apply(s: dict[str, Any]) -> None:
    """Set the authentication settings in the settings namespace `s`."""
    s["INSTALLED_APPS"] = [*s["INSTALLED_APPS"], "allauth", "allauth.account", "allauth.mfa"]
    middleware = list(s["MIDDLEWARE"])
    # After the messages middleware: the time-out tells the person why they were logged out.
    after = middleware.index("django.contrib.messages.middleware.MessageMiddleware") + 1
    middleware[after:after] = [
        "allauth.account.middleware.AccountMiddleware",
        "perspectives.accounts.middleware.SessionTimeoutMiddleware",
        "perspectives.accounts.middleware.MfaRequiredMiddleware",
    ]
    s["MIDDLEWARE"] = middleware

    AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ]
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
    # Reset links (Django's token generator) die after an hour.
    PASSWORD_RESET_TIMEOUT = 60 * 60
    LOGIN_URL = "accounts:login"
    LOGIN_REDIRECT_URL = "core:home"
    LOGOUT_REDIRECT_URL = "accounts:login"

    ACCOUNT_ADAPTER = "perspectives.accounts.adapter.AccountAdapter"
    ACCOUNT_FORMS = {"request_login_code": "perspectives.accounts.forms.RequestLoginCodeForm"}
    ACCOUNT_LOGIN_METHODS = {"email"}
    ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
    ACCOUNT_USER_MODEL_USERNAME_FIELD = None
    ACCOUNT_EMAIL_VERIFICATION = "none"
    ACCOUNT_PREVENT_ENUMERATION = True
    # No "unknown account" mail: the form would otherwise mail any address typed into it.
    ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
    ACCOUNT_LOGIN_BY_CODE_ENABLED = True
    ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
    ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
    ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
    ACCOUNT_REAUTHENTICATION_REQUIRED = True
    ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
    ACCOUNT_SESSION_REMEMBER = False
    ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Perspectives] "
    # Bar 8: the 6th failure for one e-mail within 5 minutes, or the 11th from one address
    # within a minute, is refused (allauth counts in the default cache, shared by all workers).
    login_limits = {"login_failed": "10/m/ip,5/5m/key"}
    ACCOUNT_RATE_LIMITS = login_limits if s["RATELIMIT_ENABLED"] else False

    MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
    MFA_TOTP_ISSUER = "Perspectives"
    MFA_TOTP_TOLERANCE = 0
    MFA_REAUTHENTICATION_REQUIRED = True
    # TOTP secrets and recovery-code seeds are stored encrypted (perspectives.accounts.encryption):
    # with MFA_ENCRYPTION_KEY (Fernet keys, comma-separated, the first encrypts), else with a key
    # derived from SECRET_KEY.
    MFA_ADAPTER = "perspectives.accounts.adapter.MFAAdapter"
    MFA_ENCRYPTION_KEY = env_fernet_keys("MFA_ENCRYPTION_KEY")

    # Privileged roles (everyone but participants): idle and absolute session time-outs.
    SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
    SESSION_ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60
    # Every upper-case name assigned above becomes a setting.
    s.update({name: value for name, value in locals().items() if name.isupper()})
