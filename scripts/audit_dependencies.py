"""Look up every locked dependency in a public vulnerability database (make audit).

pip-audit asks OSV first, then PyPI's own advisories. A known vulnerability fails the audit
(exit 1), naming the package, the advisory and the versions that fix it. When neither database
answers (no internet, as on a build machine that reaches only the package registries), nothing
was audited: that is said plainly, and fails only with AUDIT_REQUIRED=1, so that an offline
build can still pass while a release build insists. AUDIT_IGNORE lists advisory ids to accept,
comma-separated, each for a reason written beside it where it is set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

SERVICES = ("osv", "pypi")
TIMEOUT = 300


def locked_requirements(uv: str) -> str:
    exported = subprocess.run(
        [uv, "export", "--frozen", "--all-groups", "--no-hashes", "--no-emit-project", "-q"],
        check=True,
        capture_output=True,
        text=True,
    )
    return exported.stdout


def audit(requirements: Path, service: str, ignored: list[str]) -> list[dict[str, Any]] | None:
    """The audited dependencies as pip-audit reports them, or None if ``service`` did not
    answer (an error, or not one package it could look up)."""
    command = [sys.executable, "-m", "pip_audit", "-r", str(requirements), "--no-deps"]
    command += ["--disable-pip", "--progress-spinner", "off", "-s", service, "-f", "json"]
    for advisory in ignored:
        command += ["--ignore-vuln", advisory]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    try:
        dependencies = json.loads(run.stdout)["dependencies"]
    except (json.JSONDecodeError, KeyError):
        return None
    audited = [dependency for dependency in dependencies if "skip_reason" not in dependency]
    return audited or None


def main() -> int:
    uv = sys.argv[1] if len(sys.argv) > 1 else "uv"
    ignored = [a.strip() for a in os.environ.get("AUDIT_IGNORE", "").split(",") if a.strip()]
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        requirements.write_text(locked_requirements(uv))
        for service in SERVICES:
            audited = audit(requirements, service, ignored)
            if audited is not None:
                return report(audited, service)
    print("Dependency audit: no vulnerability database answered (OSV, PyPI); nothing audited.")
    return 1 if os.environ.get("AUDIT_REQUIRED") == "1" else 0


def report(audited: list[dict[str, Any]], service: str) -> int:
    vulnerable = [dependency for dependency in audited if dependency.get("vulns")]
    print(f"Dependency audit ({service}): {len(audited)} packages looked up.")
    for dependency in vulnerable:
        for vulnerability in dependency["vulns"]:
            fixes = ", ".join(vulnerability.get("fix_versions") or []) or "no fixed version yet"
            print(
                f"  {dependency['name']} {dependency['version']}: {vulnerability['id']} ({fixes})"
            )
    if vulnerable:
        print(f"{len(vulnerable)} vulnerable packages: update them in uv.lock (make lock).")
        return 1
    print("No known vulnerability.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
