"""Settings modules as a deployment starts them: each case runs in a fresh interpreter and environment."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# Prints the settings a module produces; a developer's .env is ignored so only the given environment counts.
DUMP_SETTINGS = """
import json, environ
environ.Env.read_env = lambda *args, **kwargs: None
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "database": settings.DATABASES["default"],
    "cache": settings.CACHES["default"],
    "broker": settings.CELERY_BROKER_URL,
    "result_backend": settings.CELERY_RESULT_BACKEND,
    "broker_options": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
    "email_backend": settings.EMAIL_BACKEND,
    "email_file_path": str(settings.EMAIL_FILE_PATH),
    "debug": settings.DEBUG,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "beat_scheduler": settings.CELERY_BEAT_SCHEDULER,
    "silenced": settings.SILENCED_SYSTEM_CHECKS,
    "site_url": settings.SITE_URL,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "staff_mfa_required": settings.STAFF_MFA_REQUIRED,
    "limits": {
        name: getattr(settings, name)
        for name in dir(settings)
        if name.startswith(("REGISTRATION_", "MANAGE_LINK_", "TRUSTED_PROXY"))
    },
}, default=str))
"""


def _clean_environment(**variables: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(BASE_DIR)),
        **variables,
    }


def _run(arguments: list[str], **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=BASE_DIR,
        env=_clean_environment(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings_of(module: str, **variables: str) -> dict:
    completed = _run(["-c", DUMP_SETTINGS], **{**variables, "DJANGO_SETTINGS_MODULE": module})
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def _production_environment(**overrides: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "SITE_URL": "https://portal.example.org",
        **overrides,
    }


@pytest.mark.parametrize(
    ("secret_key", "reason"),
    [
        ("short-but-random-Xq81", "too short"),
        ("a" * 64, "one repeated character"),
        (
            "insecure-" + "k7Qm2xVb9LpR4tWz8NcJ5yHd3FgS6aE1uT0oIiUqZrXwYvB",
            "the insecure prefix of the local default",
        ),
        ("insecure-local-key-change-me-for-any-real-deployment", "the local default itself"),
        ("", "empty"),
    ],
)
def test_prod_settings_refuse_an_insecure_secret_key(secret_key, reason):
    completed = _run(["manage.py", "check"], **_production_environment(DJANGO_SECRET_KEY=secret_key))

    assert completed.returncode != 0, reason
    assert "DJANGO_SECRET_KEY must be a random string of at least 50 characters" in completed.stderr, reason


def test_prod_settings_refuse_a_missing_secret_key():
    environment = _production_environment()
    del environment["DJANGO_SECRET_KEY"]

    completed = _run(["manage.py", "check"], **environment)

    assert completed.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable" in completed.stderr


def test_prod_settings_refuse_missing_allowed_hosts():
    environment = _production_environment()
    del environment["DJANGO_ALLOWED_HOSTS"]

    completed = _run(["manage.py", "check"], **environment)

    assert completed.returncode != 0
    assert "Set the DJANGO_ALLOWED_HOSTS environment variable" in completed.stderr


def test_prod_settings_refuse_debug():
    completed = _run(["manage.py", "check"], **_production_environment(DJANGO_DEBUG="true"))

    assert completed.returncode != 0
    assert "DJANGO_DEBUG must be off in production." in completed.stderr


def test_prod_settings_pass_the_deployment_checklist_without_warnings():
    completed = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **_production_environment()
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "System check identified no issues (0 silenced)."


def test_prod_settings_silence_no_security_checks():
    production = _settings_of("config.settings.prod", **_production_environment())

    assert production["silenced"] == []
    assert production["debug"] is False
    assert production["eager"] is False


def test_settings_without_environment_use_the_embedded_default():
    embedded = _settings_of("config.settings.base")

    assert embedded["database"]["ENGINE"] == "django.db.backends.sqlite3"
    assert embedded["database"]["NAME"] == str(VAR_DIR / "portal.sqlite3")
    assert embedded["broker"] == "filesystem://"
    assert embedded["broker_options"]["data_folder_in"] == str(VAR_DIR / "celery" / "queue")
    assert embedded["result_backend"] == f"file://{VAR_DIR / 'celery' / 'results'}"
    assert embedded["cache"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert embedded["email_backend"] == "django.core.mail.backends.filebased.EmailBackend"
    assert embedded["email_file_path"] == str(VAR_DIR / "mail")
    assert embedded["eager"] is False
    assert embedded["beat_scheduler"] == "django_celery_beat.schedulers:DatabaseScheduler"


def test_dev_settings_without_environment_debug_on_the_embedded_default():
    development = _settings_of("config.settings.dev")

    assert development["debug"] is True
    assert development["database"]["NAME"] == str(VAR_DIR / "portal.sqlite3")
    assert development["broker"] == "filesystem://"


@pytest.mark.parametrize(
    ("port_bind", "site_url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("8123", "http://127.0.0.1:8123"),
        ("0.0.0.0:8080", "http://127.0.0.1:8080"),
        ("192.168.1.20:8000", "http://192.168.1.20:8000"),
    ],
)
def test_links_point_at_the_address_make_run_serves_on(port_bind, site_url):
    embedded = _settings_of("config.settings.dev", PORT_BIND=port_bind)

    assert embedded["site_url"] == site_url
    assert urlsplit(site_url).hostname in embedded["allowed_hosts"]


def test_site_url_wins_over_the_served_address():
    configured = _settings_of("config.settings.dev", PORT_BIND="8123", SITE_URL="https://portal.example.org/")

    assert configured["site_url"] == "https://portal.example.org"


def test_settings_switch_to_postgresql_redis_and_smtp_from_the_environment():
    configured = _settings_of(
        "config.settings.base",
        DATABASE_URL="postgres://portal:secret@db.internal:5432/portal",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp://relay.internal:587",
    )

    assert configured["database"]["ENGINE"] == "django.db.backends.postgresql"
    assert configured["database"]["HOST"] == "db.internal"
    assert configured["broker"] == "redis://cache.internal:6379/0"
    assert configured["result_backend"] == "redis://cache.internal:6379/0"
    assert configured["cache"]["BACKEND"] == "config.redis_cache.RedisCache"
    assert configured["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"


def test_time_zone_and_languages():
    assert settings.TIME_ZONE == "Europe/Warsaw"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "pl"
    assert [code for code, _name in settings.LANGUAGES] == ["pl", "uk", "en"]
    assert settings.MODELTRANSLATION_FALLBACK_LANGUAGES == ("pl",)


def test_proxies_and_rate_limits_come_from_the_environment():
    configured = _settings_of(
        "config.settings.base",
        TRUSTED_PROXY_NETWORKS="172.30.0.2, 10.1.0.0/16",
        REGISTRATION_LIMIT_PER_EMAIL="4",
        REGISTRATION_LIMIT_PER_ADDRESS="500",
        REGISTRATION_LIMIT_WINDOW_SECONDS="900",
        REGISTRATION_MIN_FILL_SECONDS="1.5",
        MANAGE_LINK_MISS_LIMIT="30",
        MANAGE_LINK_MISS_WINDOW_SECONDS="120",
    )

    expected = {
        "TRUSTED_PROXY_NETWORKS": ["172.30.0.2/32", "10.1.0.0/16"],
        "REGISTRATION_LIMIT_PER_EMAIL": 4,
        "REGISTRATION_LIMIT_PER_ADDRESS": 500,
        "REGISTRATION_LIMIT_WINDOW_SECONDS": 900,
        "REGISTRATION_MIN_FILL_SECONDS": 1.5,
        "MANAGE_LINK_MISS_LIMIT": 30,
        "MANAGE_LINK_MISS_WINDOW_SECONDS": 120,
    }
    assert {name: configured["limits"][name] for name in expected} == expected


def test_a_trusted_proxy_that_is_not_an_address_stops_startup():
    completed = _run(
        ["-c", DUMP_SETTINGS], DJANGO_SETTINGS_MODULE="config.settings.base", TRUSTED_PROXY_NETWORKS="proxy"
    )

    assert completed.returncode != 0
    assert "does not appear to be an IPv4 or IPv6 network" in completed.stderr


def test_production_requires_a_second_factor_for_sensitive_staff_and_the_demo_does_not():
    production = _settings_of("config.settings.prod", **_production_environment())
    demo = _settings_of("config.settings.dev")

    assert production["staff_mfa_required"] is True
    assert demo["staff_mfa_required"] is False
