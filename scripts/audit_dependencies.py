"""Audit the pinned dependencies in requirements.lock with pip-audit; say plainly when it could not.

Exit 1 when a pinned package has a known vulnerability. When the vulnerability database cannot be reached
(no network, or an index that does not answer pip-audit's questions) the audit is skipped with a message
that says so and how many packages went unaudited: never a silent pass.
"""

import json
import subprocess  # nosec B404  # runs pip-audit with fixed arguments
import sys
import tempfile
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"
NETWORK_ERRORS = ("ConnectionError", "ProxyError", "ConnectTimeout", "ReadTimeout", "NameResolutionError")


def verdict(report: dict) -> tuple[int, str]:
    """Exit code and message for pip-audit's JSON report."""
    dependencies = report.get("dependencies", [])
    vulnerable = [dependency for dependency in dependencies if dependency.get("vulns")]
    skipped = [dependency for dependency in dependencies if dependency.get("skip_reason")]
    if vulnerable:
        lines = [
            f"  {dependency['name']} {dependency['version']}: {vuln['id']}"
            f" (fixed in {', '.join(vuln.get('fix_versions') or ['no release yet'])})"
            for dependency in vulnerable
            for vuln in dependency["vulns"]
        ]
        return 1, "pip-audit: known vulnerabilities in pinned packages:\n" + "\n".join(lines)
    if dependencies and len(skipped) == len(dependencies):
        return 0, (
            f"pip-audit SKIPPED: the vulnerability database answered for none of the {len(dependencies)}"
            f" pinned packages ({skipped[0]['skip_reason']}); nothing was audited."
        )
    audited = len(dependencies) - len(skipped)
    message = f"pip-audit: {audited} pinned packages audited, no known vulnerabilities."
    if skipped:
        names = ", ".join(dependency["name"] for dependency in skipped)
        message += f" NOT audited ({len(skipped)}): {names}."
    return 0, message


def failure_verdict(returncode: int, stderr: str) -> tuple[int, str]:
    """Exit code and message when pip-audit wrote no report."""
    last_line = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit code {returncode}"
    if any(name in stderr for name in NETWORK_ERRORS):
        return 0, f"pip-audit SKIPPED: the vulnerability database is not reachable ({last_line[:300]})."
    return returncode or 1, f"pip-audit failed: {last_line}"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        command = [sys.executable, "-m", "pip_audit", "--requirement", str(LOCK), "--no-deps"]
        command += ["--disable-pip", "--progress-spinner", "off", "--format", "json", "--output", str(output)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)  # nosec B603
        if output.exists() and output.stat().st_size:
            code, message = verdict(json.loads(output.read_text()))
        else:
            code, message = failure_verdict(result.returncode, result.stderr)
    print(message)
    return code


if __name__ == "__main__":
    sys.exit(main())
