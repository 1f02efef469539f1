"""docker-compose.yml, Dockerfile and .env.example against the variables the settings really read.

There is no container engine in CI, so the files are parsed and compared with config/settings/*.py.
"""

import ast
import re
from pathlib import Path

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_DIR = BASE_DIR / "config" / "settings"
# The settings a deployment can run; test.py only reads what the test run sets up.
DEPLOYABLE_SETTINGS = ("base.py", "dev.py", "prod.py")
APP_SERVICES = ("migrate", "web", "worker", "beat")
# Read by Django and Celery themselves rather than by the settings modules.
FRAMEWORK_VARIABLES = {"DJANGO_SETTINGS_MODULE"}
INTERPOLATION = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")


def _env_reads(filename: str) -> dict[str, bool]:
    """Variable name -> whether the settings module gives it a default, from env(...) / env.xxx(...) calls."""
    reads = {}
    for node in ast.walk(ast.parse((SETTINGS_DIR / filename).read_text())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        is_env_call = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "env"
        )
        first = node.args[0]
        if is_env_call and isinstance(first, ast.Constant) and isinstance(first.value, str):
            has_default = any(keyword.arg == "default" for keyword in node.keywords) or len(node.args) > 2
            reads[first.value] = reads.get(first.value, False) or has_default
    return reads


def _settings_variables() -> set[str]:
    return {name for filename in DEPLOYABLE_SETTINGS for name in _env_reads(filename)}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def _command(service: dict) -> list[str]:
    command = service["command"]
    return command.split() if isinstance(command, str) else command


def test_settings_variable_discovery_finds_the_core_variables():
    """Guards the AST walk itself: were it to find nothing, the comparisons below would pass vacuously."""
    assert {
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "SITE_URL",
    } <= _settings_variables()


def test_compose_has_the_production_services(compose):
    assert set(compose["services"]) == {"migrate", "web", "worker", "beat", "db", "redis", "mail"}
    assert compose["services"]["db"]["image"] == "postgres:15"
    assert compose["services"]["redis"]["image"] == "redis:7"
    assert compose["services"]["mail"]["image"].startswith("axllent/mailpit")


def test_compose_runs_gunicorn_celery_worker_and_beat(compose):
    services = compose["services"]

    assert _command(services["web"])[:2] == ["gunicorn", "config.wsgi:application"]
    assert _command(services["worker"])[:4] == ["celery", "-A", "config", "worker"]
    assert _command(services["beat"])[:4] == ["celery", "-A", "config", "beat"]
    assert "--scheduler=django_celery_beat.schedulers:DatabaseScheduler" in _command(services["beat"])
    assert _command(services["migrate"]) == ["python", "manage.py", "migrate", "--noinput"]


def test_compose_app_services_use_production_settings(compose):
    for name in APP_SERVICES:
        environment = compose["services"][name]["environment"]

        assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.prod", name
        assert environment["DATABASE_URL"].startswith("postgres://"), name
        assert environment["REDIS_URL"].startswith("redis://redis:6379/"), name


def test_compose_passes_only_variables_the_settings_read(compose):
    known = _settings_variables() | FRAMEWORK_VARIABLES

    for name in APP_SERVICES:
        passed = set(compose["services"][name]["environment"])

        assert passed - known == set(), name


def test_compose_sets_every_variable_production_requires(compose):
    required = {name for name, has_default in _env_reads("prod.py").items() if not has_default}
    required |= {name for name, has_default in _env_reads("base.py").items() if not has_default}

    assert required == {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"}
    for name in ("web", "worker", "beat", "migrate"):
        assert required <= set(compose["services"][name]["environment"]), name


def test_compose_secrets_come_from_the_environment_not_the_file(compose):
    web = compose["services"]["web"]["environment"]

    assert web["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in web["DATABASE_URL"]
    assert compose["services"]["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_compose_services_have_healthchecks(compose):
    for name in ("web", "worker", "beat", "db", "redis", "mail"):
        assert compose["services"][name]["healthcheck"]["test"], name


def test_compose_start_order_waits_for_healthy_dependencies(compose):
    services = compose["services"]

    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("web", "worker", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends_on["redis"] == {"condition": "service_healthy"}, name


def test_compose_volumes_are_declared_and_used(compose):
    declared = set(compose["volumes"])
    used = {
        volume.split(":")[0]
        for service in compose["services"].values()
        for volume in service.get("volumes", [])
        if not volume.startswith((".", "/"))
    }

    assert used == declared
    assert {"pgdata", "redisdata", "media"} <= declared
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["db"]["volumes"]
    for name in APP_SERVICES:
        assert "media:/app/var/media" in compose["services"][name]["volumes"], name


def _env_example_variables() -> set[str]:
    text = (BASE_DIR / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_lists_every_variable_the_settings_and_compose_read():
    compose_only = set(INTERPOLATION.findall((BASE_DIR / "docker-compose.yml").read_text()))

    assert _env_example_variables() == _settings_variables() | compose_only


def test_env_example_holds_no_secret_values():
    lines = (BASE_DIR / ".env.example").read_text().splitlines()
    secrets = [line for line in lines if re.match(r"^#? ?(DJANGO_SECRET_KEY|POSTGRES_PASSWORD)=.", line)]

    assert secrets == []


def test_dockerfile_builds_a_locked_non_root_image():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    instructions = [line.split()[0] for line in dockerfile.splitlines() if line and line[0].isupper()]

    assert dockerfile.startswith("# ") and "FROM python:3.12-slim" in dockerfile
    assert "pip install -c requirements.lock" in dockerfile
    assert "libpango-1.0-0" in dockerfile and "libpangoft2-1.0-0" in dockerfile
    assert "compilemessages" in dockerfile and "collectstatic --noinput" in dockerfile
    assert instructions.count("USER") == 1 and "USER portal" in dockerfile
    assert instructions.index("USER") > instructions.index("RUN")


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = set((BASE_DIR / ".dockerignore").read_text().split())

    assert {".env", ".venv", "var", ".git"} <= ignored
