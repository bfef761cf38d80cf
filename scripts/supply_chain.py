"""Bar 5, supply chain: a pinned dependency list, a CycloneDX SBOM, bandit and pip-audit.

    .venv/bin/python scripts/supply_chain.py [OUTPUT_DIR]      (default var/supply-chain)

Writes OUTPUT_DIR/requirements.lock (`pip freeze` of the virtual environment, without the
project itself) and OUTPUT_DIR/sbom.cdx.json (CycloneDX, from the same environment), then runs
`bandit -r src/perspectives -lll` and `pip-audit -r requirements.lock`.

Exit code 1 when bandit finds anything or pip-audit reports a vulnerability that is not in
scripts/pip_audit_exceptions.txt with an expiry date at most 7 days ahead (BIO 8.08.01). When
the vulnerability service cannot be reached, or cannot look up the packages, the audit is
reported as SKIPPED, never as passed, and does not fail the build.
"""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXCEPTIONS = ROOT / "scripts" / "pip_audit_exceptions.txt"
MAX_EXCEPTION_DAYS = 7


def read_exceptions(text: str, *, today: dt.date) -> tuple[set[str], list[str]]:
    """Vulnerability ids excepted until a date (`ID YYYY-MM-DD reason`), and the problems."""
    allowed, problems = set(), []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(maxsplit=2)
        try:
            expires = dt.date.fromisoformat(parts[1])
        except (IndexError, ValueError):
            problems.append(f"line {number}: expected 'ID YYYY-MM-DD reason'")
            continue
        if len(parts) < 3:
            problems.append(f"line {number}: {parts[0]} gives no reason")
        elif expires < today:
            problems.append(f"line {number}: the exception for {parts[0]} expired on {expires}")
        elif expires > today + dt.timedelta(days=MAX_EXCEPTION_DAYS):
            problems.append(f"line {number}: {parts[0]} excepted beyond {MAX_EXCEPTION_DAYS} days")
        else:
            allowed.add(parts[0])
    return allowed, problems


def judge_audit(report: dict | None, *, allowed: set[str]) -> tuple[str, list[str]]:
    """'passed', 'failed' or 'skipped', with the lines that say why, from pip-audit's JSON."""
    if report is None:
        return "skipped", ["pip-audit gave no report (vulnerability service not reachable?)"]
    dependencies = report.get("dependencies", [])
    found = [
        f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {', '.join(vuln.get('fix_versions') or ['-'])})"
        for dep in dependencies
        for vuln in dep.get("vulns", [])
        if vuln["id"] not in allowed and not set(vuln.get("aliases", [])) & allowed
    ]
    if found:
        return "failed", found
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    if not dependencies or audited == 0:
        reason = skipped[0]["skip_reason"] if skipped else "no dependencies listed"
        return "skipped", [f"no package could be audited ({len(skipped)} skipped): {reason}"]
    lines = [f"{audited} packages audited, 0 known vulnerabilities"]
    if skipped:
        lines.append(f"{len(skipped)} not audited: " + ", ".join(d["name"] for d in skipped))
    return "passed", lines


def run_audit(lock: Path) -> dict | None:
    process = subprocess.run(  # noqa: S603 (fixed argv: our own tools)
        [BIN / "pip-audit", "-r", lock, "--format", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        return json.loads(process.stdout)
    except json.JSONDecodeError:
        return None


def main(output: str = "var/supply-chain") -> int:
    out = ROOT / output
    out.mkdir(parents=True, exist_ok=True)
    lock = out / "requirements.lock"
    frozen = subprocess.run(  # noqa: S603 (fixed argv)
        [BIN / "python", "-m", "pip", "freeze", "--exclude-editable", "--all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lock.write_text("".join(sorted(frozen.splitlines(keepends=True), key=str.lower)))
    subprocess.run(  # noqa: S603 (fixed argv)
        [BIN / "cyclonedx-py", "environment", "--output-reproducible", "--of", "JSON"]
        + ["--pyproject", ROOT / "pyproject.toml", "-o", out / "sbom.cdx.json", BIN / "python"],
        check=True,
        capture_output=True,
    )
    print(f"pinned dependencies: {lock}; SBOM: {out / 'sbom.cdx.json'}")
    status = 0
    bandit = subprocess.run(  # noqa: S603 (fixed argv)
        [BIN / "bandit", "-r", ROOT / "src" / "perspectives", "-lll", "-q", "-x", "*/tests/*"]
    )
    print("bandit -lll:", "0 findings" if bandit.returncode == 0 else "FINDINGS (see above)")
    status |= bandit.returncode != 0
    allowed, problems = read_exceptions(
        EXCEPTIONS.read_text() if EXCEPTIONS.exists() else "", today=dt.date.today()
    )
    for problem in problems:
        print(f"pip-audit exceptions: {problem}")
    verdict, lines = judge_audit(run_audit(lock), allowed=allowed)
    print(f"pip-audit: {verdict.upper()}")
    for line in lines:
        print(f"  {line}")
    status |= verdict == "failed" or bool(problems)
    return int(status)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
