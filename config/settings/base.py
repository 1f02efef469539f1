"""Settings read from the environment; with nothing set they describe the embedded default.

The embedded default is what `make run` serves: SQLite under var/, a Celery broker on the
filesystem, a file-based cache and e-mails written to files. DATABASE_URL, REDIS_URL and
EMAIL_URL switch the same code to PostgreSQL, Redis and SMTP.
"""

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.run_local import DEFAULT_PORT_BIND, served_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Where `make run` serves (config/run_local.py); links point there unless SITE_URL names another address.
PORT_BIND = env("PORT_BIND", default=DEFAULT_PORT_BIND)
# Canonical address used in e-mails and feeds, never the request's Host header.
SITE_URL = env("SITE_URL", default=served_url(PORT_BIND)).rstrip("/")

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-key-change-me-for-any-real-deployment")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=sorted({"127.0.0.1", "localhost", urlsplit(SITE_URL).hostname})
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "config.apps.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "organizations",
    "events",
    "agenda",
    "registrations",
    "workgroups",
    "mail",
    "attendees",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server, the worker and beat share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # A Redis that stops answering costs each call a second at most, never a hung worker; the page cache and
    # the rate limits go on without it.
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
# Failed logins: 10 a minute per address across accounts; 5 in 5 minutes per account and address, so a
# stranger guessing cannot lock the owner out elsewhere; and a ceiling per account over every address
# that slows a distributed guess to 20 a minute without holding the owner out once it stops
# (config/account_adapter.py).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip",
    "login_failed_account_address": "5/5m/key",
    "login_failed_account": "20/m/key",
}
# Second factor for staff: TOTP with recovery codes. Required, when STAFF_MFA_REQUIRED is on, for
# superusers and for members who may see accessibility and health answers (organizations/staff.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Refugee support events"
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=False)
# Links in account e-mails are built on SITE_URL, not on the request's Host.
ACCOUNT_ADAPTER = "config.account_adapter.AccountAdapter"
USE_X_FORWARDED_HOST = False

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django's formats adjusted per language (config/formats/<language>/formats.py): 24-hour times in English.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "pl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("pl",)

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

vars().update(env.email_url("EMAIL_URL", default="filemail://"))
# Set after EMAIL_URL, whose filemail:// form carries no usable path (it would mean the working directory).
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Portal wydarzeń <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND", default=REDIS_URL or f"file://{VAR_DIR / 'celery' / 'results'}"
)
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Without this Celery's Django fix-up closes the database connection around every task, and a worker
# connects to PostgreSQL again for each e-mail. A connection serves this many tasks; before each task
# mail/tasks.py drops one that is broken or older than CONN_MAX_AGE, as Django does per request.
CELERY_DB_REUSE_MAX = 200
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Publishing from a web request must not hang when the broker is down: the outbox row stays queued
# and the sweep hands it over later (cf. celery#6046).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5

# Outbox: transient SMTP failures are retried after base × 2^n seconds (capped), up to the maximum attempts.
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=10)
EMAIL_RETRY_BASE_SECONDS = env.int("EMAIL_RETRY_BASE_SECONDS", default=30)
EMAIL_RETRY_MAX_SECONDS = env.int("EMAIL_RETRY_MAX_SECONDS", default=3600)
# A row claimed longer ago than this is taken to belong to a dead worker and is queued again.
EMAIL_SENDING_TIMEOUT_SECONDS = env.int("EMAIL_SENDING_TIMEOUT_SECONDS", default=600)

# Hours before an event at which reminders go out, unless the event sets its own.
REMINDER_OFFSETS_HOURS = env.list("REMINDER_OFFSETS_HOURS", cast=int, default=[168, 24])
# Days after an event's end after which its registrants' personal data is purged.
DATA_RETENTION_DAYS = env.int("DATA_RETENTION_DAYS", default=365)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The outcome of the registration this browser just sent (registrations.views.register), signed.
REGISTRATION_OUTCOME_COOKIE_NAME = "registration_outcome"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# The largest file an organizer may upload (photos are then made much smaller, see common/uploads.py).
UPLOAD_MAX_MEGABYTES = env.int("UPLOAD_MAX_MEGABYTES", default=20)

# The public read API, the organizer API and the OpenAPI schema (api/).
API_RATE_LIMIT = env("API_RATE_LIMIT", default="120/min")
# Days a new organizer API token is valid unless its creator picks another date.
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=90)
API_PAGE_SIZE = 20
REST_FRAMEWORK = {
    # Public endpoints read no cookie; organizer endpoints take a personal token (api.authentication).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientAddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {"client_address": API_RATE_LIMIT},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    # "format" is one of the event filters, not a renderer switch.
    "URL_FORMAT_OVERRIDE": None,
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Portal wydarzeń API",
    "DESCRIPTION": (
        "Public events, agendas and organizations of the portal (no key needed), and the organizer API "
        "for registrations and check-in (a personal token created in admin)."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "SessionKindEnum": "agenda.models.Session.Kind",
        "SessionRoleEnum": "agenda.models.SessionRole.Role",
        "OrganizationKindEnum": "organizations.models.Organization.Kind",
        "PartnerRoleEnum": "events.models.EventPartner.Role",
        "EventStatusEnum": "events.models.Event.Status",
        "PublicEventStatusEnum": ["published", "cancelled"],
        "RegistrationStatusEnum": "registrations.models.Registration.Status",
        "SeatStatusEnum": "registrations.models.SessionSeat.Status",
    },
}

# Proxies whose X-Forwarded-For is believed (addresses or networks, e.g. the TLS proxy's). Empty: the
# connecting address identifies a client. Every rate limit keys on the address this gives.
TRUSTED_PROXY_NETWORKS = [
    str(ipaddress.ip_network(network.strip(), strict=False))
    for network in env.list("TRUSTED_PROXY_NETWORKS", default=[])
]
# Registration forms: sent sooner than this after they were shown, they are taken to be from a bot.
REGISTRATION_MIN_FILL_SECONDS = env.float("REGISTRATION_MIN_FILL_SECONDS", default=3)
# Forms sent per window: per address and e-mail, and per address (a venue's Wi-Fi is one address).
REGISTRATION_LIMIT_PER_EMAIL = env.int("REGISTRATION_LIMIT_PER_EMAIL", default=10)
REGISTRATION_LIMIT_PER_ADDRESS = env.int("REGISTRATION_LIMIT_PER_ADDRESS", default=300)
REGISTRATION_LIMIT_WINDOW_SECONDS = env.int("REGISTRATION_LIMIT_WINDOW_SECONDS", default=600)
# Unknown manage links per address and window; beyond it every manage link of that address answers 429.
MANAGE_LINK_MISS_LIMIT = env.int("MANAGE_LINK_MISS_LIMIT", default=20)
MANAGE_LINK_MISS_WINDOW_SECONDS = env.int("MANAGE_LINK_MISS_WINDOW_SECONDS", default=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Manage-link tokens are cut out of request paths before any handler sees them.
    "filters": {"redact_secrets": {"()": "config.security.RedactSecretsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Its INFO lines narrate every step of each PDF.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # At DEBUG it logs failed variable lookups with the whole template context (names, e-mails).
        "django.template": {"level": "INFO"},
        "django.request": {"filters": ["redact_secrets"]},
        "django.server": {"filters": ["redact_secrets"]},
        "django.security": {"filters": ["redact_secrets"]},
    },
}
