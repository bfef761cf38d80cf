"""Apps contribute from one discovered module, declaratively; optional source capabilities are
typed protocols; reporting categories belong to the source that counts them."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from perspectives.core import registry
from perspectives.core.indicators import (
    PeriodLabelledPersons,
    PreCountedFigures,
    PreCountedPersons,
)
from perspectives.core.registry import (
    Contributions,
    MenuEntry,
    ReportingCategory,
    contribute,
    discover_contributions,
    indicator_sources,
    list_reporting_categories,
)

SRC = Path(__file__).resolve().parents[2]
REGISTRIES = [value for value in vars(registry).values() if isinstance(value, registry.Registry)]


@pytest.fixture
def restored_registries():
    """Whatever a test contributes is gone afterwards."""
    saved = [(r, dict(r._items)) for r in REGISTRIES]
    yield
    for r, items in saved:
        r._items = items


def _project_apps() -> list[str]:
    return [c.name for c in apps.get_app_configs() if c.name.startswith("perspectives.")]


def test_every_app_with_shared_contributions_declares_them_in_its_contributions_module():
    found = discover_contributions(_project_apps())
    assert {name.split(".")[1] for name in found} == {
        "core",
        "accounts",
        "people",
        "activities",
        "coaching",
        "reach",
        "funding",
        "impact",
        "privacy",
    }


def test_no_app_registers_anything_by_hand():
    """Only core.registry writes the registries: an app's part is data in contributions.py."""
    names = {name for name, value in vars(registry).items() if isinstance(value, registry.Registry)}
    findings = []
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "registry.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "register"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in names
            ):
                findings.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert findings == []


def test_a_discovered_module_must_declare_a_contributions_value(tmp_path, monkeypatch):
    package = tmp_path / "made_up_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "contributions.py").write_text("contributions = {'menu': []}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(TypeError, match="made_up_app.contributions"):
        discover_contributions(["made_up_app"])


def test_an_app_without_a_contributions_module_is_skipped():
    assert discover_contributions(["django.contrib.humanize"]) == []


def test_contributing_the_same_twice_is_harmless_and_a_clash_is_refused(restored_registries):
    entry = MenuEntry("made-up", 99, "core:home", "Made up")
    contribute(Contributions(menu=[entry]))
    contribute(Contributions(menu=[entry]))
    assert registry.staff_menu.get("made-up") == (99, "core:home", "Made up")
    with pytest.raises(ValueError, match="registered twice"):
        contribute(Contributions(menu=[MenuEntry("made-up", 98, "core:home", "Other")]))


def test_activities_declares_the_categories_it_counts():
    values = [c.value for c in list_reporting_categories(source="activities.registrations")]
    assert values == ["starters", "professionals", "knowledge_events", "business_coaching"]
    kinds = [c.value for c in list_reporting_categories(source="coaching.trajectories")]
    assert kinds == ["career", "business"]


def test_a_new_source_adds_a_category_without_touching_activities(restored_registries):
    before = list_reporting_categories(source="activities.registrations")
    completions = ReportingCategory(
        source="academy.completions",
        value="starters",
        label="Starters",
        words={"nl": "afgeronde cursussen", "en": "completed courses"},
    )
    contribute(Contributions(reporting_categories=[completions]))
    assert list_reporting_categories(source="academy.completions") == [completions]
    assert list_reporting_categories(source="activities.registrations") == before
    assert completions in list_reporting_categories()


def test_the_registrations_source_names_and_checks_categories_from_its_declarations():
    source = indicator_sources.get("activities.registrations")
    assert "starters upskilling" in source.describe({"categories": ["starters"]}, language="en")
    assert "bijscholing starters" in source.describe({"categories": ["starters"]}, language="nl")
    source.validate_params({"categories": ["business_coaching"]})
    with pytest.raises(ValueError, match="unknown values"):
        source.validate_params({"categories": ["completed_courses"]})


@pytest.mark.parametrize(
    ("key", "capabilities"),
    [
        (
            "activities.registrations",
            {PreCountedFigures, PeriodLabelledPersons, PreCountedPersons},
        ),
        ("coaching.trajectories", set()),
        ("reach.online", set()),
    ],
)
def test_optional_capabilities_of_sources_are_typed_protocols(key, capabilities):
    source = indicator_sources.get(key)
    found = {
        protocol
        for protocol in (PreCountedFigures, PeriodLabelledPersons, PreCountedPersons)
        if isinstance(source, protocol)
    }
    assert found == capabilities


def test_a_source_lacking_a_capability_is_not_taken_for_one():
    class Plain:
        def refresh(self):  # only one of the three
            pass

    assert isinstance(Plain(), PreCountedFigures)
    assert not isinstance(Plain(), PreCountedPersons)
    assert not isinstance(Plain(), PeriodLabelledPersons)
