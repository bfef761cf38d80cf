"""docs/architecture.md and its diagram name every built app, and the committed picture is the
rendering of its source (same nodes), so that CI need not render it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SOURCE = (DOCS / "architecture" / "contexts.dot").read_text()
PICTURE = (DOCS / "architecture" / "contexts.svg").read_text()
PAGE = (DOCS / "architecture.md").read_text()
APPS = sorted(
    path.name
    for path in (ROOT / "src" / "perspectives").iterdir()
    if (path / "apps.py").exists() and path.name != "demo"
)


def _source_nodes() -> set[str]:
    body = re.sub(r"//[^\n]*", "", SOURCE)
    body = re.sub(r'"[^"]*"', '""', body)
    declared = re.findall(r"(?:^|[;{\s])([a-z_]+)\s*(?:\[|;)", body)
    edges = re.findall(r"([a-z_]+)\s*->\s*([a-z_]+)", body)
    keywords = {"graph", "node", "edge", "label", "style", "fillcolor", "color", "digraph"}
    names = {name for name in declared if name not in keywords}
    return names | {name for edge in edges for name in edge}


def _picture_nodes() -> set[str]:
    return set(re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]+)</title>', PICTURE))


def test_the_committed_picture_shows_the_nodes_of_its_source():
    assert _picture_nodes() == _source_nodes()


def test_every_built_app_is_in_the_diagram_and_has_a_section_on_the_page():
    assert set(APPS) <= _source_nodes()
    for app in APPS:
        assert re.search(rf"^### {app}\b", PAGE, re.MULTILINE), app


def test_the_page_shows_the_picture():
    assert "](architecture/contexts.svg)" in PAGE
