"""Bar 5: how scripts/supply_chain.py judges pip-audit's report and the list of exceptions."""

import datetime as dt
import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "supply_chain.py"
spec = importlib.util.spec_from_file_location("supply_chain", SCRIPT)
supply_chain = importlib.util.module_from_spec(spec)
spec.loader.exec_module(supply_chain)

TODAY = dt.date(2026, 11, 27)
VULN = {"id": "PYSEC-2026-1", "aliases": ["CVE-2026-0001"], "fix_versions": ["5.2.99"]}


def report(*dependencies):
    return {"dependencies": list(dependencies), "fixes": []}


def test_a_known_vulnerability_fails_the_build():
    verdict, lines = supply_chain.judge_audit(
        report(
            {"name": "django", "version": "5.2.1", "vulns": [VULN]},
            {"name": "nh3", "version": "0.3", "vulns": []},
        ),
        allowed=set(),
    )
    assert verdict == "failed"
    assert lines == ["django 5.2.1: PYSEC-2026-1 (fixed in 5.2.99)"]


def test_a_vulnerability_excepted_by_id_or_alias_does_not_fail():
    dependency = {"name": "django", "version": "5.2.1", "vulns": [VULN]}
    for allowed in ({"PYSEC-2026-1"}, {"CVE-2026-0001"}):
        verdict, _lines = supply_chain.judge_audit(report(dependency), allowed=allowed)
        assert verdict == "passed"


def test_an_unreachable_service_is_reported_as_skipped_never_as_passed():
    skipped = {
        "name": "django",
        "version": "5.2.1",
        "skip_reason": "Dependency not found on PyPI and could not be audited: django (5.2.1)",
    }
    assert supply_chain.judge_audit(report(skipped, skipped), allowed=set())[0] == "skipped"
    assert supply_chain.judge_audit(None, allowed=set())[0] == "skipped"
    assert supply_chain.judge_audit(report(), allowed=set())[0] == "skipped"


def test_a_partly_audited_list_passes_and_names_what_was_not_audited():
    verdict, lines = supply_chain.judge_audit(
        report(
            {"name": "django", "version": "5.2.1", "vulns": []},
            {"name": "private-thing", "version": "1.0", "skip_reason": "not on PyPI"},
        ),
        allowed=set(),
    )
    assert verdict == "passed"
    assert lines == ["1 packages audited, 0 known vulnerabilities", "1 not audited: private-thing"]


def test_exceptions_last_at_most_seven_days_and_need_a_reason():
    text = "\n".join(
        [
            "# comment",
            "PYSEC-1 2026-12-01 fix released next week",
            "PYSEC-2 2026-12-31 too far ahead",
            "PYSEC-3 2026-11-26 already expired",
            "PYSEC-4 2026-11-30",
            "PYSEC-5 soon because",
        ]
    )
    allowed, problems = supply_chain.read_exceptions(text, today=TODAY)
    assert allowed == {"PYSEC-1"}
    assert len(problems) == 4
