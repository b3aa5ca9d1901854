"""Samen settings: one module, fed by the environment.

`SAMEN_MODE=production` turns on the strict profile: every secret must come from the
environment (a missing one is an error, never a default) and the transport/cookie hardening
is switched on. The default mode serves the demo and the tests on an embedded SQLite file.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from samen.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
MODE = env_str("SAMEN_MODE", "development")
PRODUCTION = MODE == "production"
DATA_DIR = Path(env_str("SAMEN_DATA_DIR", str(Path.cwd() / "var")))

if PRODUCTION:
    SECRET_KEY = env_str("SAMEN_SECRET_KEY", required=True)
else:
    # Only ever used outside production mode; production refuses to start without a real key.
    SECRET_KEY = env_str("SAMEN_SECRET_KEY", "samen-development-only-not-secret")

DEBUG = env_bool("SAMEN_DEBUG", False)
ALLOWED_HOSTS = env_list("SAMEN_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("SAMEN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "samen.web",
    "samen.accounts",
    "samen.geo",
    "samen.partners",
    "samen.routing",
    "samen.intake",
    "samen.privacy",
    "samen.casework",
    "samen.meetings",
    "samen.linkage",
    "samen.insights",
    "samen.audit",
    "samen.vault",
    "samen.retention",
    "samen.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Professional pages and the API speak Dutch or English, whatever the reporter's language.
    "samen.web.languages.PageLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "samen.audit.middleware.AdminAuditMiddleware",
    "samen.accounts.middleware.SessionLimitsMiddleware",
    "samen.accounts.middleware.TwoFactorRequiredMiddleware",
    "samen.accounts.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A form's POST-only address opened as a page: a page in the layout, with the user and the language.
    "samen.web.not_allowed.FormAddressPageMiddleware",
    # Last, so it sees the exception first: an unwritable audit entry answers 503 with no data.
    "samen.audit.middleware.AuditFailClosedMiddleware",
]

ROOT_URLCONF = "samen.urls"
WSGI_APPLICATION = "samen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samen.web.context.site",
            ],
        },
    },
]


def _database_from_env() -> dict:
    default = DATA_DIR / "samen.sqlite3"
    url = env_str("DATABASE_URL", f"sqlite:///{default}")
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    # Persistent connections on SQLite too: closing the last connection to a WAL database
    # checkpoints it and removes the WAL file, which made every request pay several fsyncs.
    config = dj_database_url.parse(url, conn_max_age=60 if url.startswith("postgres") else 600, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["ENGINE"] = "samen.sqlite_backend"  # writers queue on a file lock (see its docstring)
        # WAL + synchronous FULL: a committed signal survives power loss; IMMEDIATE makes writers
        # queue for the lock instead of failing with "database is locked".
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        }
        # ":memory:" rather than None: pytest-django only recognises Django's own engine name as SQLite.
        config["TEST"] = {"NAME": env_str("SAMEN_TEST_DB", "") or ":memory:"}
    return config


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# Professional pages offer nl and en; the public intake pages all seven (see intake/_public_base.html).
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("uk", _("Ukrainian")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["samen.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("SAMEN_STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production whitenoise serves straight from the app folders, so no collectstatic step
# is needed for the demo or the browser tests.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {
    "default": {
        "BACKEND": env_str("SAMEN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

_redis_url = env_str("REDIS_URL", "")
# Without Redis, a directory (as `samen demo` sets) is a cache every web worker shares, so the rate
# limits hold across them; without either, each process keeps its own in memory.
_cache_dir = env_str("SAMEN_CACHE_DIR", "")
if _redis_url:
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
elif _cache_dir:
    _cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": _cache_dir}
else:
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {"default": _cache}

EMAIL_BACKEND = env_str("SAMEN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("SAMEN_FROM_EMAIL", "Samen <noreply@samen.example>")

SESSION_COOKIE_AGE = 12 * 60 * 60
# Idle limit and recent-authentication window, enforced by samen.accounts.middleware/security.
SAMEN_SESSION_IDLE_SECONDS = 30 * 60
# The page warns this long before the idle limit and offers to stay logged in (WCAG 2.2.1).
SAMEN_SESSION_WARN_SECONDS = 5 * 60
SAMEN_RECENT_AUTH_SECONDS = 5 * 60
OTP_TOTP_ISSUER = "Samen"
# Content-Security-Policy (django-csp): everything from our own origin, nothing inline, no frames.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SAMEN_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Behind the reverse proxy production runs behind, every request comes from the proxy's address,
# and the public form's rate limit would hold every reporter at once: it keys on the address the
# proxy appends to this header (`samen.intake.ratelimit.client_address`). Set but empty: the peer
# address, for a server no proxy stands before (where anyone could write the header).
_client_address_header = os.environ.get("SAMEN_CLIENT_ADDRESS_HEADER", "X-Forwarded-For" if PRODUCTION else "")
_client_address_header = _client_address_header.strip().upper().replace("-", "_").removeprefix("HTTP_")
INTAKE_CLIENT_ADDRESS_HEADER = f"HTTP_{_client_address_header}" if _client_address_header else ""

PAGE_SIZE = env_int("SAMEN_PAGE_SIZE", 25)

# Audit log (samen.audit) and identity vault (samen.vault): keys come from the environment and
# never from the database. Outside production clearly labelled development keys are derived.
if PRODUCTION:
    AUDIT_KEY = env_str("SAMEN_AUDIT_KEY", required=True)
    VAULT_INDEX_KEY = env_str("SAMEN_VAULT_INDEX_KEY", required=True)
    VAULT_DEV_MASTER_KEY = ""
    if not (env_str("SAMEN_VAULT_KEYS", "") or env_str("SAMEN_VAULT_KEY_FILE", "")):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SAMEN_VAULT_KEYS or SAMEN_VAULT_KEY_FILE is required in production mode.")
else:
    AUDIT_KEY = env_str("SAMEN_AUDIT_KEY", "samen-development-audit-key-not-secret")
    VAULT_INDEX_KEY = env_str("SAMEN_VAULT_INDEX_KEY", "samen-development-index-key-not-secret")
    VAULT_DEV_MASTER_KEY = "samen-development-vault-master-key-not-secret"
# JSON {"<scope>:<version>": "<base64 of 32 bytes>"}; scope is "org<id>" or "platform".
VAULT_KEYS = env_str("SAMEN_VAULT_KEYS", "")
VAULT_KEY_FILE = env_str("SAMEN_VAULT_KEY_FILE", "")

# Insights: cells below this count are suppressed; a signal is counted once it is this many
# seconds old (ids are handed out before commit, so younger ones may still be in flight).
SAMEN_SUPPRESSION_THRESHOLD = env_int("SAMEN_SUPPRESSION_THRESHOLD", 10)
SAMEN_INSIGHTS_SETTLE_SECONDS = env_int("SAMEN_INSIGHTS_SETTLE_SECONDS", 30)

# Jobs that `samen worker` enqueues periodically: (dotted path of a django-tasks task, seconds).
SAMEN_PERIODIC_TASKS = [
    ("samen.casework.tasks.drain_intake_outbox_task", 2),
    ("samen.intake.tasks.deidentify_pending_task", 5),
    ("samen.casework.tasks.escalate_overdue_task", 300),
    ("samen.meetings.tasks.agendas_refresh_task", 300),
    ("samen.linkage.tasks.encode_pending_task", 30),
    ("samen.insights.tasks.refresh_insights_task", 60),
    ("samen.retention.tasks.apply_retention_task", 86_400),
    ("samen.retention.tasks.prune_task_results_task", 3_600),
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "task_level": {"()": "samen.log_filters.TaskLogLevel", "level": env_str("SAMEN_TASK_LOG_LEVEL", "WARNING")}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["task_level"]}},
    "root": {"handlers": ["console"], "level": env_str("SAMEN_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry URLs and are kept at WARNING; no URL in Samen holds personal data,
        # but the quieter default keeps logs small.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # psycopg's warnings quote the database's error messages, whose details can hold the
        # values of a row (samen.pipelined_transaction's failed pipelines end with one).
        "psycopg": {"level": "ERROR"},
    },
}
CSRF_FAILURE_VIEW = "samen.web.views.csrf_failure"

# Outside production whitenoise serves from the app folders; its warning about the empty
# STATIC_ROOT is noise there.
if not PRODUCTION:
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
