"""Settings for WBW Regieportaal: one module, everything from the environment (12-factor).

Importing this module starts nothing and writes nothing. With DEBUG off (production), a missing
DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY or ALLOWED_HOSTS stops start-up with an
ImproperlyConfigured error naming the variable. In development the commands that need servers
(manage.py, the Celery app, the pytest plugin) first fill in the unset ones with an embedded
PostgreSQL and Redis under var/: see wbw_portal/embedded.py.
"""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from wbw_portal import observability, sso

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)


def required(name: str, hint: str = "") -> str:
    """The variable's value; its absence stops start-up with a message naming it."""
    value = env(name, default="")
    if not value:
        how = hint or "set it in the environment"
        raise ImproperlyConfigured(f"{name} is not set: {how}.")
    return value


_DEV_HINT = (
    "set it in the environment, or start through manage.py / make with DEBUG=1 to use the "
    "embedded development servers"
)
SECRET_KEY = required("SECRET_KEY", _DEV_HINT)
ALLOWED_HOSTS = (
    env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
    if DEBUG
    else [host for host in required("ALLOWED_HOSTS").split(",") if host.strip()]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core.apps.CoreAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "pgtrigger",
    "pghistory",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "django_structlog",
    "core",
    "governance",
    "budget",
    "maturity",
    "reports",
    "api",
    "accounts",
    "audit",
    "search",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but one: sees every response, including the API's and the downloads.
    "core.middleware.NoStoreForAuthenticatedMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # /api/ only: API-Version header, ETag/If-None-Match, problem+json for unexpected errors.
    "api.middleware.ApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication, so the log lines carry the user id.
    "django_structlog.middlewares.RequestMiddleware",
    "wbw_portal.observability.RequestIdHeaderMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wbw_portal.urls"
WSGI_APPLICATION = "wbw_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

# --- Database: PostgreSQL everywhere -------------------------------------------------------
DATABASE_URL = required("DATABASE_URL", _DEV_HINT)
_db = env.db_url_config(DATABASE_URL)
if _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL.")
# A unix-socket directory arrives percent-encoded in the URL's host part.
_db["HOST"] = unquote(_db.get("HOST", ""))
_db["ATOMIC_REQUESTS"] = False
if env.bool("DATABASE_POOL", default=False):
    # psycopg 3's pool, for threaded servers; persistent connections are then managed by it.
    _db["OPTIONS"] = {"pool": {"min_size": 1, "max_size": env.int("DATABASE_POOL_SIZE", 10)}}
else:
    _db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication --------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "core.backends.RoleModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
DEMO_PASSWORD = env("DEMO_PASSWORD", default="")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in (django-allauth): local accounts by username (demo, break-glass), single sign-on
# per organisation over OpenID Connect, TOTP with recovery codes. See docs/security.md.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# django-axes locks out failed logins (username + IP); allauth's own login limits would race
# it, and a per-IP limit would lock out a whole municipality behind one proxy address.
ACCOUNT_RATE_LIMITS = {"login_failed": False, "login": False}
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": sso.provider_apps(env)}}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("SSO_REQUESTS_TIMEOUT", default=10)
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="WBW Regieportaal")
# required: stuurgroep, kwartiermaker and beheerder set up TOTP after a password login;
# optional: offered, not forced (make run). Production (DEBUG off) defaults to required.
WBW_MFA = env("WBW_MFA", default="optional" if DEBUG else "required")
if WBW_MFA not in {"required", "optional"}:
    raise ImproperlyConfigured("WBW_MFA must be 'required' or 'optional'.")
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # a reset for an unknown address mails nobody
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[WBW Regieportaal] "
# Idle timeout: the session ends after this many minutes without a request.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)

# Login throttling (django-axes, docs/security.md): a username+address pair is locked after
# AXES_FAILURE_LIMIT failures, an address across all usernames (spraying) after
# AXES_IP_FAILURE_LIMIT; both for AXES_COOLOFF_HOURS. The pair comes first: the handler
# (wbw_portal/lockout.py) reads the counts in this order.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "wbw_portal.lockout.PairAndAddressHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)
# The client address axes locks on: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the
# address the outermost of them saw (wbw_portal/proxy.py, docs/operations.md). Never a value
# the client wrote itself.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "wbw_portal.proxy.client_ip"

# --- Internationalisation: Dutch first, English available ------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Our Dutch short date keeps its zeros (15-01-2027); see wbw_portal/formats/.
FORMAT_MODULE_PATH = ["wbw_portal.formats"]
# django-filter's empty choice reads "Alle" rather than "---------" (never dashes on screen).
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("Alle")

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security --------------------------------------------------------------------------------
# Behind a TLS-terminating proxy in production; plain HTTP only with DEBUG on (local runs).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60  # moved on with activity (accounts)
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): no inline scripts or styles, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # Plus each organisation's identity provider: the SSO button's redirect goes there.
        "form-action": [
            "'self'",
            *sso.form_action_origins(SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]),
        ],
        "frame-ancestors": ["'none'"],
    }
}

# --- Mail: EMAIL_URL (e.g. smtp://user:pass@host:587/?tls=True); without it every message is
# written as an .eml file under var/mail (notifications.backends), as `make run` does.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "notifications.backends.EmlFileBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="WBW Regieportaal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[WBW Regieportaal] "
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# The portal's own address, for links and identifiers that leave a request behind (calendar
# invitations and feeds, mails): scheme and host, no trailing slash. Required in production:
# a mail must never point to a laptop.
SITE_URL = (
    env("SITE_URL", default="http://127.0.0.1:8000")
    if DEBUG
    else required("SITE_URL", "the portal's public address, e.g. https://regieportaal.example")
).rstrip("/")
# A mail the server refuses is tried this many times in all, with pauses of
# NOTIFICATION_RETRY_DELAY seconds doubling each time, then marked failed for the beheerder.
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
NOTIFICATION_RETRY_DELAY = env.int("NOTIFICATION_RETRY_DELAY", default=60)
# A queue of their own for the mails, if a separate worker should send them (default: the
# default queue).
NOTIFICATION_QUEUE = env("NOTIFICATION_QUEUE", default="") or None
# A mail still queued after this many seconds lost its task (broker restart, dead worker): beat
# queues it again (notifications.requeue_stuck). Longer than the longest pause between retries.
NOTIFICATION_QUEUED_DEADLINE = env.int("NOTIFICATION_QUEUED_DEADLINE", default=30 * 60)

# --- Celery ----------------------------------------------------------------------------------
CELERY_BROKER_URL = required("CELERY_BROKER_URL", _DEV_HINT)
if not CELERY_BROKER_URL.startswith(("redis://", "rediss://", "redis+socket://")):
    raise ImproperlyConfigured("CELERY_BROKER_URL must point to Redis (redis://host:6379/0).")
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=600)  # hard, seconds
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=540)
# Redis redelivers unacknowledged tasks after this; it must outlast the hard time limit, or a
# long task acknowledged late would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT * 2)
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=100)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_KB", default=400_000)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Tasks record their outcome in the database (the job's own row); no result backend needed.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Beat keeps its schedule under var/, and answers `celery inspect ping` (its health check) only
# while its scheduler keeps ticking.
CELERY_BEAT_SCHEDULER = "wbw_portal.beat:PersistentScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_ENABLE_REMOTE_CONTROL = True
# Beat sends a heartbeat task this often; /gezond/ fails when no worker ran one for MAX_AGE.
WBW_WORKER_HEARTBEAT_INTERVAL = env.int("WBW_WORKER_HEARTBEAT_INTERVAL", default=30)
WBW_WORKER_HEARTBEAT_MAX_AGE = env.int("WBW_WORKER_HEARTBEAT_MAX_AGE", default=120)
# Jobs that heal themselves: a report job queued longer than this (the broker lost its task) or
# rendering longer than the task time limit (its worker died) is queued again, at most
# REPORT_MAX_REQUEUES times, then marked failed with a reason.
REPORT_QUEUED_DEADLINE = env.int("REPORT_QUEUED_DEADLINE", default=30 * 60)  # seconds
REPORT_MAX_REQUEUES = env.int("REPORT_MAX_REQUEUES", default=3)
CELERY_BEAT_SCHEDULE = {
    "worker-alive": {
        "task": "core.worker_alive",
        "schedule": WBW_WORKER_HEARTBEAT_INTERVAL,
        # A heartbeat nobody ran in time is worthless: do not let them pile up.
        "options": {"expires": WBW_WORKER_HEARTBEAT_INTERVAL},
    },
    "reports-requeue-stuck": {
        "task": "reports.requeue_stuck",
        "schedule": env.int("REPORT_SWEEP_INTERVAL", default=5 * 60),
        "options": {"expires": 5 * 60},
    },
    # Background imports heal the same way, on the same deadlines (core.imports.pipeline).
    "imports-requeue-stuck": {
        "task": "core.imports_requeue_stuck",
        "schedule": env.int("REPORT_SWEEP_INTERVAL", default=5 * 60),
        "options": {"expires": 5 * 60},
    },
    # Previewed but never confirmed uploads (core.imports) older than IMPORT_UPLOAD_MAX_AGE_HOURS.
    "import-uploads-cleanup": {
        "task": "core.import_uploads_cleanup",
        "schedule": 60 * 60,
        "options": {"expires": 60 * 60},
    },
    # E-mail: the apps' daily checks, reminders and digests each morning; the weekly reminder
    # on Monday morning (docs/notifications.md). Idempotent: a second run mails nobody twice.
    "notifications-daily": {
        "task": "notifications.daily",
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 6 * 60 * 60},
    },
    "notifications-requeue-stuck": {
        "task": "notifications.requeue_stuck",
        "schedule": 10 * 60,
        "options": {"expires": 10 * 60},
    },
    "notifications-weekly": {
        "task": "notifications.weekly",
        "schedule": crontab(hour=7, minute=15, day_of_week=1),
        "options": {"expires": 6 * 60 * 60},
    },
}


# --- Cache: Redis, shared by every process ---------------------------------------------------
def _redis_cache_location(broker_url: str) -> str:
    """The broker's Redis as a redis-py URL (the cache's default: same server, same database)."""
    parts = urlsplit(broker_url)
    if parts.scheme == "redis+socket":
        database = parse_qs(parts.query).get("virtual_host", ["0"])[0]
        return f"unix://{parts.path}?db={database}"
    return broker_url


CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Production sets its own database (compose: redis://redis:6379/1), so that clearing
        # the cache can never touch queued tasks.
        "LOCATION": env("CACHE_URL", default="") or _redis_cache_location(CELERY_BROKER_URL),
        # Each pytest-xdist process has a prefix of its own (tests/environment.py).
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="wbw"),
        "TIMEOUT": env.int("CACHE_TIMEOUT", default=300),
    }
}
# Page fragments (core.caching) are keyed on the version of their data, so they are never
# stale; the timeout only bounds how long superseded ones take up memory. 0 turns them off.
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)

# --- Programme ---------------------------------------------------------------------------------
# A workstream whose latest published status report is older than this many days is "stale":
# it shows under "Actie nodig" on the kwartiermaker's home page and in the weekly mails.
WBW_STALE_STATUS_DAYS = env.int("WBW_STALE_STATUS_DAYS", default=14)

# --- Forms and tables ------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# --- Imports (core.imports): bounds checked before the expensive step they protect ---------
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=30 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
# Files with more rows are booked by the worker (core.import_run), with progress on the page.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=2_000)
# Previewed but unconfirmed uploads older than this are removed by core.import_uploads_cleanup.
IMPORT_UPLOAD_MAX_AGE_HOURS = env.int("IMPORT_UPLOAD_MAX_AGE_HOURS", default=24)

# --- Meeting documents (governance.attachments, docs/governance.md) ----------------------------
MEETING_DOCUMENT_MAX_BYTES = env.int("MEETING_DOCUMENT_MAX_BYTES", default=25 * 1024 * 1024)
# Office and OpenDocument files are zips: their declared unpacked size is bounded (zip bombs).
MEETING_DOCUMENT_MAX_UNPACKED_BYTES = env.int(
    "MEETING_DOCUMENT_MAX_UNPACKED_BYTES", default=250 * 1024 * 1024
)

# --- API v1 (api/, docs/api.md) --------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.PortalRule"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.LinkedPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["api.filters.StrictFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_METADATA_CLASS": None,
    "EXCEPTION_HANDLER": "api.exceptions.problem_exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per token (per address for the public documents), in DRF's "N/period" notation.
API_THROTTLE_RATE = env("API_THROTTLE_RATE", default="600/hour")
SPECTACULAR_SETTINGS = {
    "TITLE": "WBW Regieportaal API",
    "DESCRIPTION": "Read-only access to the programme's data; see docs/api.md.",
    "VERSION": "1.0.0",
    # Who answers questions about the API; set the real addresses in production (docs/api.md).
    "CONTACT": {
        "name": env("API_CONTACT_NAME", default="Kwartiermaker WBW informatiemanagement"),
        "email": env("API_CONTACT_EMAIL", default="api@regieportaal.example"),
        "url": env("API_CONTACT_URL", default="https://regieportaal.example/api/v1/docs"),
    },
    "SERVERS": [{"url": "/api/v1"}],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One named schema per set of choices (several models have a `status`).
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "governance.models.ActionStatus",
        "MilestoneStatusEnum": "governance.models.MilestoneStatus",
        "CommitmentStatusEnum": "governance.models.CommitmentStatus",
        "MaturityRoundStatusEnum": "maturity.models.RoundStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.adr_postprocessing",
    ],
}

# --- Logging ---------------------------------------------------------------------------------
# JSON lines in production (LOG_FORMAT=json, the default with DEBUG off), readable lines in
# development; both carry the request id, user id and Celery task id (wbw_portal/observability).
LOGGING = observability.logging_config(
    log_format=env("LOG_FORMAT", default="console" if DEBUG else "json"),
    level=env("LOG_LEVEL", default="INFO"),
)
DJANGO_STRUCTLOG_CELERY_ENABLED = True
# Client addresses are personal data and, behind proxies, only as good as the proxy setup:
# django-axes records them for failed logins; the request log does not.
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False
# A request id set by our own reverse proxy follows the request through; otherwise a new one.
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = env.bool("TRUST_UPSTREAM_REQUEST_ID", default=False)
