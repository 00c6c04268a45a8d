"""Putright settings: one module. Everything that differs between machines comes from the
environment; each variable is documented in docs/configuration.md.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = BASE_DIR / "putright"

env = environ.Env()

# PUTRIGHT_ENVIRONMENT: "development" (the default, what `make run` uses) or "production".
ENVIRONMENT = env.str("PUTRIGHT_ENVIRONMENT", default="development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"PUTRIGHT_ENVIRONMENT must be 'development' or 'production', not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"

VAR_DIR = Path(env.str("PUTRIGHT_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG must not be true when PUTRIGHT_ENVIRONMENT=production."
    )

_DEV_SECRET_KEY = "development-only-not-secret-putright-key-0123456789abcdefghijklmnopqrstuvwxyz"
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters in production "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
else:
    SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must be set in production: the host names this service answers to, "
        "separated by commas."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Database: DATABASE_URL, e.g. postgres://user:pass@host:5432/putright. Development falls back to
# an embedded SQLite file in PUTRIGHT_VAR_DIR.
_database_url = env.str("DATABASE_URL", default="")
if PRODUCTION and not _database_url:
    raise ImproperlyConfigured(
        "DATABASE_URL must be set in production, e.g. postgres://user:password@host:5432/putright."
    )
_DATABASE_SCHEMES = ("postgres://", "postgresql://", "pgsql://", "sqlite://")
if _database_url and not _database_url.startswith(_DATABASE_SCHEMES):
    raise ImproperlyConfigured(
        "DATABASE_URL must start with postgres:// or sqlite:// "
        f"(got {_database_url.split(':', 1)[0]!r}), e.g. postgres://user:password@host:5432/name."
    )
if _database_url:
    try:
        DATABASES = {"default": env.db_url_config(_database_url)}
    except Exception as exc:  # django-environ raises several types for a malformed URL
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL Putright understands ({exc}). "
            "Use postgres://user:password@host:5432/name or sqlite:////absolute/path.sqlite3."
        ) from None
    if not DATABASES["default"].get("ENGINE"):
        raise ImproperlyConfigured(
            "DATABASE_URL has an unknown scheme. Use postgres://… or sqlite:///…"
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "putright.sqlite3",
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # Tests get a file of their own beside the database named, so runs on different files never
    # collide (DATABASE_URL=sqlite:////tmp/a.sqlite3 tests in /tmp/a-test.sqlite3).
    _sqlite_name = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {
        "NAME": str(
            VAR_DIR / "test.sqlite3"
            if _sqlite_name == VAR_DIR / "putright.sqlite3"
            else _sqlite_name.with_name(f"{_sqlite_name.stem}-test.sqlite3")
        )
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    # Short queries: PostgreSQL's JIT compiler costs more than it saves here (10 ms a query).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "putright.common",
    "putright.accounts",
    "putright.cases",
    "putright.staff",
    "putright.portal",
    "putright.portal.complain",
    "putright.letters",
    "putright.inbound",
    "putright.reminders",
    "putright.schedule",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "putright.cases.middleware.OrganisationPerRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "putright.common.context_processors.branding",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.StaffUser"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Lockout after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Internationalisation: English and Welsh.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "putright_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: compiled GOV.UK Frontend and our own assets, served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
# Uploaded files go through Django's storage API. Default: a directory outside the web root,
# never served directly. Point STORAGES at S3-compatible storage when running several machines.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "uploads")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("PUTRIGHT_MANIFEST_STATIC", default=PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Sessions and cookies.
SESSION_COOKIE_NAME = "putright_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content-Security-Policy (django-csp 4). GOV.UK's one inline script gets a nonce.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Task queue (ADR 0017): PUTRIGHT_TASK_BACKEND=database (the default: tasks wait in the database,
# run by `putright db_worker`) or rq (tasks wait in Redis at REDIS_URL, run by `putright
# rqworker --with-scheduler`). Every queue a task names is listed here.
TASK_QUEUES = ["default", "letters"]
_TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
# Earlier releases took the backend's dotted path; it still works.
_task_backend = env.str("PUTRIGHT_TASK_BACKEND", default="database").strip()
PUTRIGHT_TASK_BACKEND = {path: name for name, path in _TASK_BACKENDS.items()}.get(
    _task_backend, _task_backend.lower()
)
if PUTRIGHT_TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"PUTRIGHT_TASK_BACKEND must be 'database' or 'rq', not {_task_backend!r}."
    )
TASKS = {
    "default": {"BACKEND": _TASK_BACKENDS[PUTRIGHT_TASK_BACKEND], "QUEUES": TASK_QUEUES},
}
REDIS_URL = env.str("REDIS_URL", default="")
if PUTRIGHT_TASK_BACKEND == "rq":
    from urllib.parse import urlsplit

    from redis.connection import parse_url

    _redis_example = "e.g. redis://127.0.0.1:6379/0 or rediss://:password@redis.internal:6380/0"
    try:
        _redis = parse_url(REDIS_URL) if REDIS_URL else {}
        _redis_db = urlsplit(REDIS_URL).path.strip("/")
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"REDIS_URL is not a Redis URL Putright understands ({exc}); {_redis_example}."
        ) from None
    if not (_redis.get("host") or _redis.get("path")) or (
        _redis_db and not REDIS_URL.startswith("unix:") and not _redis_db.isdigit()
    ):
        raise ImproperlyConfigured(
            "REDIS_URL must name the Redis server (and database number) when "
            f"PUTRIGHT_TASK_BACKEND=rq, {_redis_example}."
        )
    INSTALLED_APPS.append("django_rq")
    # Each queue on the one Redis; RQ's default timeout (180 s) is ample for a letter's PDF.
    RQ_QUEUES = {name: {"URL": REDIS_URL} for name in TASK_QUEUES}
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}

# Email: SMTP. Development default is a local server on port 1025 that `make run` does not need.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=1025)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="complaints@putright.invalid")
# EMAIL_URL (smtp://user:pass@host:587, smtp+tls://… for STARTTLS, smtp+ssl://… for implicit
# TLS) replaces the EMAIL_* settings above, in every environment. Without it, development writes
# each message as an .eml file in $PUTRIGHT_VAR_DIR/mail (staff read them at /staff/mail/).
_email_url = env.str("EMAIL_URL", default="")
if _email_url:
    try:
        _email = env.email_url_config(_email_url)
    except Exception as exc:  # django-environ raises several types for a malformed URL
        raise ImproperlyConfigured(
            f"EMAIL_URL is not an email URL Putright understands ({exc}). "
            "Use smtp://user:password@host:587 or smtp+tls://user:password@host:587."
        ) from None
    if not _email.get("EMAIL_BACKEND"):
        raise ImproperlyConfigured(
            "EMAIL_URL has an unknown scheme. Use smtp://, smtp+tls:// or smtp+ssl://."
        )
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST") or EMAIL_HOST
    EMAIL_PORT = _email.get("EMAIL_PORT") or EMAIL_PORT
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
    EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
    EMAIL_TIMEOUT = _email.get("OPTIONS", {}).get("TIMEOUT", EMAIL_TIMEOUT)
elif not PRODUCTION and "EMAIL_BACKEND" not in env:
    EMAIL_BACKEND = "putright.letters.mailbox.EmlFileBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"

# GOV.UK Notify (ADR 0018): PUTRIGHT_MAIL_SERVICE=notify sends every email through Notify's API
# instead of SMTP (one email template: subject ((subject)), body ((body))) and, unless
# NOTIFY_POST_LETTERS=false, posts each letter to post as a precompiled PDF. The API key is a
# secret: from the environment only.
PUTRIGHT_MAIL_SERVICE = env.str("PUTRIGHT_MAIL_SERVICE", default="smtp").strip().lower()
if PUTRIGHT_MAIL_SERVICE not in {"smtp", "notify"}:
    raise ImproperlyConfigured(
        f"PUTRIGHT_MAIL_SERVICE must be 'smtp' or 'notify', not {PUTRIGHT_MAIL_SERVICE!r}."
    )
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="").strip()
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="").strip()
NOTIFY_BASE_URL = env.str(
    "NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk"
).rstrip("/")
NOTIFY_POST_LETTERS = env.bool("NOTIFY_POST_LETTERS", default=True)
NOTIFY_POSTAGE = env.str("NOTIFY_POSTAGE", default="second").strip().lower()
NOTIFY_TIMEOUT = env.int("NOTIFY_TIMEOUT", default=EMAIL_TIMEOUT)
if PUTRIGHT_MAIL_SERVICE == "notify":
    import re

    _uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    if not re.fullmatch(f".+-{_uuid}-{_uuid}", NOTIFY_API_KEY, flags=re.I):
        raise ImproperlyConfigured(
            "NOTIFY_API_KEY must be the API key GOV.UK Notify gave you, written "
            "{key_name}-{service_id}-{secret_key} (the last two are UUIDs), when "
            "PUTRIGHT_MAIL_SERVICE=notify."
        )
    if not re.fullmatch(_uuid, NOTIFY_EMAIL_TEMPLATE_ID, flags=re.I):
        raise ImproperlyConfigured(
            "NOTIFY_EMAIL_TEMPLATE_ID must be the id (a UUID) of your Notify email template whose "
            "subject is ((subject)) and body ((body)), when PUTRIGHT_MAIL_SERVICE=notify."
        )
    if not NOTIFY_BASE_URL.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            "NOTIFY_BASE_URL must be an https:// address, e.g. "
            "https://api.notifications.service.gov.uk (the default)."
        )
    if NOTIFY_POSTAGE not in {"first", "second"}:
        raise ImproperlyConfigured("NOTIFY_POSTAGE must be 'first' or 'second'.")
    EMAIL_BACKEND = "putright.letters.notify.NotifyEmailBackend"

# Inbound mail (`putright fetch-mail`, ADR 0016): the mailbox complaints arrive in, as
# imap://user:password@host:143/INBOX, imap+tls://… (STARTTLS), imaps://…:993/INBOX or
# maildir:///path. Empty: no mailbox is read. Checked when mail is fetched, not at start-up.
INBOUND_MAIL_URL = env.str("INBOUND_MAIL_URL", default="")
INBOUND_PROCESSED_FOLDER = env.str("INBOUND_PROCESSED_FOLDER", default="")
INBOUND_PROCEDURE = env.str("INBOUND_PROCEDURE", default="")
INBOUND_MAX_ATTEMPTS = env.int("INBOUND_MAX_ATTEMPTS", default=5)
INBOUND_MAX_MESSAGES = env.int("INBOUND_MAX_MESSAGES", default=500)

# Branding. A body not on GOV.UK may not use the crown or GDS Transport: default to neither.
PUTRIGHT_ORGANISATION_NAME = env.str("PUTRIGHT_ORGANISATION_NAME", default="Putright Demo Council")
PUTRIGHT_ORGANISATION_NAME_CY = env.str(
    "PUTRIGHT_ORGANISATION_NAME_CY", default="Cyngor Demo Putright"
)
PUTRIGHT_SERVICE_NAME = env.str("PUTRIGHT_SERVICE_NAME", default="")
PUTRIGHT_SHOW_CROWN = env.bool("PUTRIGHT_SHOW_CROWN", default=False)
PUTRIGHT_PHASE = env.str("PUTRIGHT_PHASE", default="beta")
PUTRIGHT_CONTACT_EMAIL = env.str("PUTRIGHT_CONTACT_EMAIL", default="complaints@putright.invalid")
PUTRIGHT_DIVISION = env.str("PUTRIGHT_DIVISION", default="england-and-wales")

# Links to the public portal in emails and letters: this service's public address, and how long a
# tracking link works (ADR 0013). The letters call PUTRIGHT_TRACKING_LINK_FACTORY(complaint).
# In production the default is https:// and the first of ALLOWED_HOSTS, when that is one name.
_first_host = ALLOWED_HOSTS[0] if ALLOWED_HOSTS else ""
_public_default = (
    f"https://{_first_host}"
    if PRODUCTION and _first_host and not _first_host.startswith((".", "*"))
    else ("" if PRODUCTION else "http://127.0.0.1:8000")
)
PUTRIGHT_BASE_URL = env.str("PUTRIGHT_BASE_URL", default=_public_default).rstrip("/")
PUTRIGHT_TRACKING_LINK_DAYS = env.int("PUTRIGHT_TRACKING_LINK_DAYS", default=90)
if not 1 <= PUTRIGHT_TRACKING_LINK_DAYS <= 3650:
    raise ImproperlyConfigured("PUTRIGHT_TRACKING_LINK_DAYS must be a whole number from 1 to 3650.")
# How long a link for a represented person to sign their consent works (ADR 0020).
PUTRIGHT_CONSENT_LINK_DAYS = env.int("PUTRIGHT_CONSENT_LINK_DAYS", default=30)
if not 1 <= PUTRIGHT_CONSENT_LINK_DAYS <= 365:
    raise ImproperlyConfigured("PUTRIGHT_CONSENT_LINK_DAYS must be a whole number from 1 to 365.")
PUTRIGHT_TRACKING_LINK_FACTORY = env.str(
    "PUTRIGHT_TRACKING_LINK_FACTORY", default="putright.portal.tracking.issue_tracking_link"
)

# The online complaint form: how many complaints one client address may send in an hour (counted
# in the database, so every web process shares the count), and how many proxies in front of
# Putright add themselves to X-Forwarded-For (0: use the connection's own address).
PUTRIGHT_COMPLAINTS_PER_HOUR = env.int("PUTRIGHT_COMPLAINTS_PER_HOUR", default=10)
PUTRIGHT_PROXY_HOPS = env.int("PUTRIGHT_PROXY_HOPS", default=0)
if PUTRIGHT_COMPLAINTS_PER_HOUR < 1 or not 0 <= PUTRIGHT_PROXY_HOPS <= 10:
    raise ImproperlyConfigured(
        "PUTRIGHT_COMPLAINTS_PER_HOUR must be 1 or more, and PUTRIGHT_PROXY_HOPS from 0 to 10."
    )

# The range of dates a form or an action accepts: from PUTRIGHT_EARLIEST_DATE to today plus
# PUTRIGHT_DATE_YEARS_AHEAD years. The working-day calendar counts from 1970 to 2100 only.
try:
    PUTRIGHT_EARLIEST_DATE = date.fromisoformat(
        env.str("PUTRIGHT_EARLIEST_DATE", default="2000-01-01")
    )
except ValueError:
    raise ImproperlyConfigured(
        "PUTRIGHT_EARLIEST_DATE must be a date written YYYY-MM-DD, e.g. 2000-01-01."
    ) from None
if not date(1970, 1, 1) <= PUTRIGHT_EARLIEST_DATE <= date(2100, 12, 31):
    raise ImproperlyConfigured(
        "PUTRIGHT_EARLIEST_DATE must be between 1970-01-01 and 2100-12-31, the dates the "
        "working-day calendar can count over."
    )
PUTRIGHT_DATE_YEARS_AHEAD = env.int("PUTRIGHT_DATE_YEARS_AHEAD", default=2)
if not 0 <= PUTRIGHT_DATE_YEARS_AHEAD <= 50:
    raise ImproperlyConfigured("PUTRIGHT_DATE_YEARS_AHEAD must be a whole number from 0 to 50.")
# The largest payment a remedy may propose, in pounds.
try:
    PUTRIGHT_MAX_PAYMENT = Decimal(env.str("PUTRIGHT_MAX_PAYMENT", default="100000.00"))
except InvalidOperation:
    PUTRIGHT_MAX_PAYMENT = Decimal("NaN")
if not (PUTRIGHT_MAX_PAYMENT.is_finite() and 0 < PUTRIGHT_MAX_PAYMENT < Decimal("100000000")):
    raise ImproperlyConfigured(
        "PUTRIGHT_MAX_PAYMENT must be an amount in pounds above 0 and below 100000000, "
        "e.g. 100000.00."
    )

# Scheduled work (ADR 0015): `putright scheduler` queues each periodic task at its time of day
# in PUTRIGHT_SCHEDULE_TIMEZONE (HH:MM), and the outbox's due retries and the inbound mailbox
# every few minutes. Reminder digests list what is overdue or due within
# PUTRIGHT_REMINDER_WORKING_DAYS working days.
PUTRIGHT_SCHEDULE_TIMEZONE = env.str("PUTRIGHT_SCHEDULE_TIMEZONE", default="Europe/London")
try:
    ZoneInfo(PUTRIGHT_SCHEDULE_TIMEZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        "PUTRIGHT_SCHEDULE_TIMEZONE must be a time zone name, e.g. Europe/London."
    ) from None


def _time_of_day(name: str, default: str) -> time:
    text = env.str(name, default=default).strip()
    try:
        if len(text) != 5 or text[2] != ":":
            raise ValueError(text)
        return time(int(text[:2]), int(text[3:]))
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a time of day written HH:MM (24-hour clock), e.g. {default}."
        ) from None


PUTRIGHT_REMINDERS_AT = _time_of_day("PUTRIGHT_REMINDERS_AT", "07:00")
PUTRIGHT_DEADLINES_RECALCULATE_AT = _time_of_day("PUTRIGHT_DEADLINES_RECALCULATE_AT", "05:00")
PUTRIGHT_UPLOADS_CLEAR_AT = _time_of_day("PUTRIGHT_UPLOADS_CLEAR_AT", "04:00")


def _minutes(name: str, default: int) -> int:
    minutes = env.int(name, default=default)
    if minutes not in {1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60}:
        raise ImproperlyConfigured(
            f"{name} must divide an hour: 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60."
        )
    return minutes


PUTRIGHT_MAIL_RETRY_MINUTES = _minutes("PUTRIGHT_MAIL_RETRY_MINUTES", 5)
PUTRIGHT_FETCH_MAIL_MINUTES = _minutes("PUTRIGHT_FETCH_MAIL_MINUTES", 5)
PUTRIGHT_REMINDER_WORKING_DAYS = env.int("PUTRIGHT_REMINDER_WORKING_DAYS", default=3)
if not 0 <= PUTRIGHT_REMINDER_WORKING_DAYS <= 60:
    raise ImproperlyConfigured(
        "PUTRIGHT_REMINDER_WORKING_DAYS must be a whole number from 0 to 60."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every step of every letter's PDF at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
