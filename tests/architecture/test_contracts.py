"""The import contracts in pyproject.toml say what they claim: every built app is a required
layer, and the public-interface contract breaks on an import of another app's private module."""

import tomllib
from pathlib import Path

import grimp
import pytest

from .contracts import find_illegal_imports, is_public

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
PUBLIC = {"models", "services", "selectors", "signals", "contributions"}


def _contract(type_name: str) -> dict:
    (contract,) = [c for c in CONFIG["contracts"] if c["type"] == type_name]
    return contract


def _packages() -> set[str]:
    source = ROOT / "src" / "perspectives"
    return {
        path.name for path in source.iterdir() if path.is_dir() and (path / "__init__.py").exists()
    } | {path.stem for path in source.glob("*.py") if path.stem != "__init__"}


def test_every_built_package_is_a_required_layer_and_the_contract_is_exhaustive():
    layers = _contract("layers")
    members = [m.strip() for layer in layers["layers"] for m in layer.split("|")]
    required = {m for m in members if not m.startswith("(")}
    optional = {m.strip("()") for m in members if m.startswith("(")}
    assert layers["exhaustive"] is True
    assert _packages() - set(layers.get("exhaustive_ignores", [])) <= required
    assert not optional & _packages(), "a built app is still marked optional"
    assert {"portal", "network", "innovation", "annotation"} <= optional


def _graph(*imports: tuple[str, str]) -> grimp.ImportGraph:
    graph = grimp.ImportGraph()
    for module in [
        "perspectives",
        "perspectives.core",
        "perspectives.core.periods",
        "perspectives.config",
        "perspectives.config.urls",
        "perspectives.activities",
        "perspectives.activities.models",
        "perspectives.activities.views",
        "perspectives.activities.services",
        "perspectives.activities.services.seats",
        "perspectives.activities.tallies",
        "perspectives.activities.tallies.sql",
        "perspectives.activities.tallies.selectors",
        "perspectives.activities.tests",
        "perspectives.activities.tests.factories",
        "perspectives.impact",
        "perspectives.impact.selectors",
        "perspectives.impact.tests",
        "perspectives.impact.tests.test_x",
    ]:
        graph.add_module(module)
    for number, (importer, imported) in enumerate(imports, 1):
        graph.add_import(
            importer=f"perspectives.{importer}",
            imported=f"perspectives.{imported}",
            line_number=number,
            line_contents="import",
        )
    return graph


def _illegal(graph: grimp.ImportGraph) -> list[tuple[str, str]]:
    found = find_illegal_imports(
        graph,
        containers={"perspectives"},
        public=PUBLIC,
        allowed_importers={"perspectives.config"},
        tests_may_import={"tests.factories"},
        shared_kernels={"perspectives.core"},
    )
    return [(link["importer"], link["imported"]) for link in found]


@pytest.mark.parametrize(
    "imported",
    ["activities.views", "activities.tallies.sql", "activities.tests.factories"],
)
def test_another_apps_private_module_breaks_the_contract(imported):
    graph = _graph(("impact.selectors", imported))
    assert _illegal(graph) == [("perspectives.impact.selectors", f"perspectives.{imported}")]


@pytest.mark.parametrize(
    "imported",
    [
        "activities",
        "activities.models",
        "activities.services",
        "activities.services.seats",
        "activities.tallies.selectors",
        "core.periods",
    ],
)
def test_the_public_interface_and_the_shared_kernel_may_be_imported(imported):
    assert _illegal(_graph(("impact.selectors", imported))) == []


def test_an_app_imports_its_own_private_modules_and_the_composition_root_anything():
    graph = _graph(
        ("activities.services.seats", "activities.tallies.sql"),
        ("config.urls", "activities.views"),
    )
    assert _illegal(graph) == []


def test_tests_may_import_other_apps_factories_but_not_their_views():
    graph = _graph(
        ("impact.tests.test_x", "activities.tests.factories"),
        ("impact.tests.test_x", "activities.views"),
    )
    assert _illegal(graph) == [
        ("perspectives.impact.tests.test_x", "perspectives.activities.views")
    ]


def test_public_names_are_matched_as_whole_path_parts():
    app = "perspectives.activities"
    assert is_public(f"{app}.services.seats", app=app, public=PUBLIC)
    assert not is_public(f"{app}.servicesx", app=app, public=PUBLIC)
    assert not is_public(f"{app}.views.models_like", app=app, public=PUBLIC)


def test_the_configured_public_names_are_the_ones_tested_here():
    assert set(_contract("public_interface")["public_modules"]) == PUBLIC
