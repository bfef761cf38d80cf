"""Test settings: the base settings with a fast hasher, in-memory mail and immediate tasks."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# WhiteNoise looks files up per request through the finders: no collected STATIC_ROOT needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# With TEST_LOG_DIR set, every log record of the run is also written to a file per xdist worker,
# so that scripts/check_test_logs.py can prove no secret or personal data reached the logs.
if os.environ.get("TEST_LOG_DIR"):
    LOGGING["handlers"]["test_file"] = {  # noqa: F405
        "class": "logging.FileHandler",
        "filename": os.path.join(
            os.environ["TEST_LOG_DIR"], f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log"
        ),
        "formatter": "plain",
    }
    LOGGING["root"]["handlers"] = [*LOGGING["root"]["handlers"], "test_file"]  # noqa: F405
