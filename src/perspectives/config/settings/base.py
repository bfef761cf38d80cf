"""Settings, read from the environment only (see .env.example)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .embedded import installation_secret_key
from .environment import env_bool, env_list, env_rate

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
# var/ holds the embedded database, e-mail files and uploads; it defaults to ./var of the
# working directory so that `perspectives demo` run from a checkout keeps everything there.
VAR_DIR = Path(os.environ.get("PERSPECTIVES_VAR_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("DEBUG", False)

DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or (
    f"sqlite:///{VAR_DIR / 'perspectives.sqlite3'}"
)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as error:
    raise ImproperlyConfigured(
        "DATABASE_URL must be sqlite:///path or postgres://user@host:port/database"
    ) from error
# Embedded: one computer, SQLite under var/ (perspectives serve); everything else is a server
# database with app servers and workers of its own, configured entirely from the environment.
EMBEDDED = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if EMBEDDED:
        SECRET_KEY = installation_secret_key(VAR_DIR)
    elif DEBUG:
        SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")

# The site's own address, for absolute links in e-mails (cancel, calendar, check-in QR code):
# a background task has no request to take the host from. `perspectives serve ADDR:PORT`
# defaults it to the address it serves on.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# A development or embedded installation answers on this computer's own names and on the host
# of SITE_URL; a server installation names its hosts.
SITE_HOST = urlsplit(SITE_URL).hostname or "localhost"
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    f"localhost,127.0.0.1,[::1],{f'[{SITE_HOST}]' if ':' in SITE_HOST else SITE_HOST}"
    if DEBUG or EMBEDDED
    else "",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "perspectives.core",
    "perspectives.accounts",
    "perspectives.people",
    "perspectives.activities",
    "perspectives.coaching",
    "perspectives.reach",
    "perspectives.funding",
    "perspectives.impact",
    "perspectives.privacy",
    "perspectives.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the application (one server needs no proxy for them).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "perspectives.reach.middleware.VisitorCountingMiddleware",
    "perspectives.core.middleware.ObjectAccessLogMiddleware",
]

ROOT_URLCONF = "perspectives.config.urls"
WSGI_APPLICATION = "perspectives.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "perspectives.core.context_processors.staff_navigation",
            ],
        },
    },
]

if EMBEDDED:
    # WAL lets readers and a writer work together; IMMEDIATE takes the write lock at the start of
    # a transaction so concurrent writers wait (busy timeout) instead of failing mid-transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The shared stylesheet lives beside the shared templates, outside any app's static/ folder.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
# `perspectives serve` collects the static files into STATIC_ROOT at start; WhiteNoise serves
# them with far-future caching headers only for hashed names, so plain storage is kept.
WHITENOISE_USE_FINDERS = DEBUG

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "perspectives_cache",
        }
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# `perspectives worker` (perspectives.core.background) takes up a task that has been RUNNING
# longer than this (its worker died: SIGKILL, a crash, a power cut), and retries a failed task
# after TASK_RETRY_DELAY_SECONDS, doubling for each further attempt, until it has been tried
# TASK_MAX_ATTEMPTS times; then it stays FAILED and the staff page of failed work shows it.
# The time-out must exceed the longest task (a mail waits at most EMAIL_TIMEOUT for the server).
TASK_RUNNING_TIMEOUT_SECONDS = float(os.environ.get("TASK_RUNNING_TIMEOUT_SECONDS", "900"))
TASK_RETRY_DELAY_SECONDS = float(os.environ.get("TASK_RETRY_DELAY_SECONDS", "60"))
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "6"))

# Mail is written to files under var/outbox/ (the staff outbox page reads them) in development
# and in an embedded installation without a mail server (EMAIL_HOST); else it goes out by SMTP.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG or (EMBEDDED and not os.environ.get("EMAIL_HOST"))
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "outbox"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
# Seconds a send waits for the mail server before it fails (and is retried later); without it
# a server that stops answering would hold the worker for ever.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Perspectives <noreply@localhost>")

# Public endpoints are limited per client address (perspectives.core.ratelimit); rates are
# "count/period" with period s, m, h or d. Behind a reverse proxy that sets the client's address
# in a header, name it (Django META name, e.g. HTTP_X_REAL_IP); only a proxy may set it.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
RATELIMIT_REGISTRATION = env_rate("RATELIMIT_REGISTRATION", "10/m")
RATELIMIT_API = env_rate("RATELIMIT_API", "60/m")
RATELIMIT_HITS = env_rate("RATELIMIT_HITS", "120/m")
# Forms that mail an address anyone can type: per client address (429) and per e-mail address
# (no mail, the same answer). The account mails (log-in codes, password resets) share a budget.
RATELIMIT_NEWSLETTER = env_rate("RATELIMIT_NEWSLETTER", "5/m")
RATELIMIT_NEWSLETTER_PER_EMAIL = env_rate("RATELIMIT_NEWSLETTER_PER_EMAIL", "3/d")
RATELIMIT_ACCOUNT_MAIL = env_rate("RATELIMIT_ACCOUNT_MAIL", "30/h")
RATELIMIT_ACCOUNT_MAIL_PER_EMAIL = env_rate("RATELIMIT_ACCOUNT_MAIL_PER_EMAIL", "5/d")
RATELIMIT_CLIENT_IP_HEADER = os.environ.get("RATELIMIT_CLIENT_IP_HEADER", "REMOTE_ADDR")

# Newsletters: campaign mails per minute; the provider's webhook secret for bounces (anymail).
NEWSLETTER_SEND_RATE_PER_MINUTE = int(os.environ.get("NEWSLETTER_SEND_RATE_PER_MINUTE", "120"))
ANYMAIL = {"WEBHOOK_SECRET": os.environ.get("ANYMAIL_WEBHOOK_SECRET", "")}

# Funder pages hide figures that describe fewer persons than this (perspectives.impact.suppression).
FUNDER_SUPPRESSION_THRESHOLD = int(os.environ.get("FUNDER_SUPPRESSION_THRESHOLD", "10"))

# Uploaded import files are read in memory up to this size (bytes); the upload page stops
# receiving a file as soon as it passes the size (perspectives.core.uploads).
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_UPLOAD_BYTES
# An import file may hold at most this many data rows, and an XLSX file may unpack to at most
# this many bytes, each part at most this many times its packed size (a ZIP bomb is refused
# before it is unpacked; perspectives.core.tabular).
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(200 * 1024 * 1024)))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_COMPRESSION_RATIO", "100"))
# An uploaded file waits for its confirmation under MEDIA_ROOT/imports; one older than this
# (never confirmed, or its web worker killed) is deleted by the worker's hourly purge and by
# `perspectives purge_expired` (perspectives.core.retention).
IMPORT_PREVIEW_MAX_AGE_HOURS = float(os.environ.get("IMPORT_PREVIEW_MAX_AGE_HOURS", "24"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The worker runs the library's loop once per batch, and the library says so at INFO
        # each time: two lines a second on the console of `perspectives serve`, saying nothing.
        "django_tasks_db": {"level": "WARNING"},
    },
}

# Cookieless visitor counting (reach): which sites' hits count (default: ALLOWED_HOSTS) and,
# behind a reverse proxy, the request header that carries the visitor's address.
REACH_ALLOWED_SITES = env_list("REACH_ALLOWED_SITES", ",".join(ALLOWED_HOSTS))
REACH_CLIENT_IP_HEADER = os.environ.get("REACH_CLIENT_IP_HEADER", "REMOTE_ADDR")
# One client address counts as at most this many visitors of a section per day, whatever user
# agents it sends (the cap is kept with a keyed hash of the address, never the address).
REACH_MAX_VISITORS_PER_ADDRESS_PER_DAY = int(
    os.environ.get("REACH_MAX_VISITORS_PER_ADDRESS_PER_DAY", "5")
)

# Each concern keeps its settings in its own module, applied last so it can extend the lists
# above (INSTALLED_APPS, MIDDLEWARE, ...).
from . import authentication, security  # noqa: E402

authentication.apply(globals())
security.apply(globals())

from . import privacy  # noqa: E402

privacy.apply(globals())
