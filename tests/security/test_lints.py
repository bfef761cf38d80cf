"""Bars 19, 21 and 22 as lints over the source: no mass assignment, no unreviewed escaping
bypass, no SQL built from strings outside reviewed modules. Each allowlist entry has a reason.
"""

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "perspectives"
PYTHON = sorted(
    path
    for path in SRC.rglob("*.py")
    if "migrations" not in path.parts and "tests" not in path.parts
)
TEMPLATES = sorted(
    path
    for suffix in ("*.html", "*.txt", "*.xml")
    for path in SRC.rglob(suffix)
    if "tests" not in path.parts
)

# path relative to src/perspectives -> why the unescaped output is safe
ESCAPING_ALLOWLIST = {
    "reach/templates/reach/newsletters/campaign_email.html": "body_html is the campaign Markdown sanitised by nh3 (reach/newsletters/rendering.py)",
    "reach/templates/reach/newsletters/campaign_detail.html": "preview is the same nh3-sanitised HTML",
    "reach/templates/reach/newsletters/campaign_form.html": "preview is the same nh3-sanitised HTML",
    "reach/templates/reach/newsletters/campaign_email.txt": "plain-text mail body: HTML escaping would corrupt it; never rendered as HTML",
    "activities/event_formats.py": "JSON-LD from json.dumps with <, > and & escaped as JSON (as json_script does), inside a literal <script> element",
    "activities/templates/activities/email/_details.txt": "plain-text mail body: HTML escaping would corrupt it; never rendered as HTML",
    "activities/templates/activities/email/confirmation.txt": "plain-text mail body: HTML escaping would corrupt it; never rendered as HTML",
    "activities/templates/activities/email/promotion.txt": "plain-text mail body: HTML escaping would corrupt it; never rendered as HTML",
    "activities/templates/activities/email/cancellation.txt": "plain-text mail body: HTML escaping would corrupt it; never rendered as HTML",
    "activities/templates/activities/email/already_registered.txt": "plain-text mail body: HTML escaping would corrupt it; never rendered as HTML",
    "activities/templates/activities/email/confirm_sign_up.txt": "plain-text mail body: HTML escaping would corrupt it; never rendered as HTML",
    "impact/charts.py": "SVG from vl-convert (which escapes its texts); the title and summary added are escaped with escape()",
}

# path -> why the SQL built there is safe
SQL_ALLOWLIST = {
    "reach/services.py": "table names from Model._meta.db_table, every value a query parameter",
    "impact/selectors/participants.py": "statement assembled from fixed fragments; values passed as params",
    "activities/tallies/services.py": "fixed table names and fragments from tallies/sql.py; values passed as params",
    "activities/tallies/selectors.py": "fixed table names and fragments; labels, years, dates and categories passed as params",
    "core/imports.py": "INSERT statement built from model field names; rows passed as parameters",
    "core/services.py": "audit INSERT: one of two fixed statements; values passed as parameters",
    "core/sql.py": "runs the statements of the project's own versioned .sql files",
    "activities/selectors.py": "the sign-up's read is the ORM's own statement, built once per process; the seat count a fixed statement with placeholders; values passed as params",
    "activities/services/seats.py": "one of two fixed lock statements; the activity id passed as a parameter",
    "core/management/commands/flush.py": "trigger names and statements read back from sqlite_master",
    "core/retention.py": "DELETE from the quoted cache table named in CACHES; the time passed as a parameter",
}


def _relative(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def _trees():
    for path in PYTHON:
        yield path, ast.parse(path.read_text(), filename=str(path))


def test_the_scan_sees_the_source():
    assert len(PYTHON) > 50 and len(TEMPLATES) > 20


def test_no_form_or_schema_takes_all_fields_or_excludes_some():
    """Bar 19: every form and API schema lists its fields; a new model field is never exposed."""
    findings = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in {"Meta", "Config"}:
                for statement in node.body:
                    targets = (
                        [t.id for t in statement.targets if isinstance(t, ast.Name)]
                        if isinstance(statement, ast.Assign)
                        else []
                    )
                    value = getattr(statement, "value", None)
                    if "exclude" in targets or (
                        "fields" in targets
                        and isinstance(value, ast.Constant)
                        and value.value == "__all__"
                    ):
                        findings.append(f"{_relative(path)}:{statement.lineno}")
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "exclude" or (
                        keyword.arg in {"fields", "model_fields"}
                        and isinstance(keyword.value, ast.Constant)
                        and keyword.value.value == "__all__"
                    ):
                        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                        if "form" in name.lower() or "schema" in name.lower():
                            findings.append(f"{_relative(path)}:{node.lineno}")
    assert not findings, findings


def test_escaping_is_bypassed_only_where_reviewed():
    """Bar 21: |safe, autoescape off, mark_safe, SafeString and format_html with a built
    string appear only in the allowlisted files."""
    findings = set()
    for path in TEMPLATES:
        text = path.read_text()
        if re.search(r"\|\s*safe\b|{%\s*autoescape\s+off|\|\s*safeseq\b", text):
            findings.add(_relative(path))
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in {"mark_safe", "SafeString", "SafeText"}:
                findings.add(_relative(path))
            if name == "format_html" and node.args and _is_built_string(node.args[0]):
                findings.add(_relative(path))
    unreviewed = sorted(findings - set(ESCAPING_ALLOWLIST))
    assert not unreviewed, f"escaping bypassed outside the allowlist: {unreviewed}"
    stale = sorted(set(ESCAPING_ALLOWLIST) - findings)
    assert not stale, f"allowlist entries with nothing left to allow: {stale}"


def _is_built_string(node) -> bool:
    """An f-string, a %-formatting, a concatenation or a .format() call."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def test_sql_is_built_from_strings_only_in_reviewed_modules():
    """Bar 22: .raw(), .extra(), RawSQL and cursor.execute with a built or variable statement
    only in the allowlisted modules."""
    findings = set()
    for path, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            # .raw()/.extra() as methods (of a manager or queryset); RawSQL by any spelling
            if name == "RawSQL" or (
                name in {"raw", "extra"} and isinstance(node.func, ast.Attribute)
            ):
                findings.add(_relative(path))
            if name in {"execute", "executemany", "executescript"} and node.args:
                statement = node.args[0]
                if not (isinstance(statement, ast.Constant) and isinstance(statement.value, str)):
                    findings.add(_relative(path))
    unreviewed = sorted(findings - set(SQL_ALLOWLIST))
    assert not unreviewed, f"SQL built from strings outside the allowlist: {unreviewed}"
    stale = sorted(set(SQL_ALLOWLIST) - findings)
    assert not stale, f"allowlist entries with nothing left to allow: {stale}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("class F:\n class Meta:\n  fields = '__all__'\n", 1),
        ("class F:\n class Meta:\n  exclude = ['x']\n", 1),
        ("class F:\n class Meta:\n  fields = ['x']\n", 0),
    ],
)
def test_the_mass_assignment_lint_can_fail(source, expected, tmp_path, monkeypatch):
    path = SRC / "_lint_probe.py"
    tree = ast.parse(source)
    monkeypatch.setattr("tests.security.test_lints._trees", lambda: iter([(path, tree)]))
    if expected:
        with pytest.raises(AssertionError):
            test_no_form_or_schema_takes_all_fields_or_excludes_some()
    else:
        test_no_form_or_schema_takes_all_fields_or_excludes_some()
