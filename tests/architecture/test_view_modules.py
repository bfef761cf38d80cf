"""Views live in their app's `views/` package (docs/architecture.md, "Conventions"): `public.py`,
`staff.py`, a module per further audience, and modules beside `staff.py` when it grows."""

import inspect
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.module_loading import import_string

SOURCE = Path(__file__).resolve().parents[2] / "src" / "perspectives"


def _is_view_file_name(stem: str) -> bool:
    return stem == "views" or stem.startswith("views_") or stem.endswith("_views")


def stray_view_files(source: Path) -> list[str]:
    """Modules named like views (views.py, views_x.py, x_views.py) outside a `views/` package."""
    return sorted(
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if _is_view_file_name(path.stem)
        and path.parent.name != "views"
        and not {"tests", "migrations"} & set(path.parts)
    )


def view_module(callback) -> str:
    view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    return view.__module__


def misplaced_views(modules) -> list[str]:
    """The modules of our apps, among `modules`, that are not inside their app's views package."""
    misplaced = []
    for module in sorted(set(modules)):
        config = apps.get_containing_app_config(module)
        if config is None or not config.name.startswith("perspectives."):
            continue
        package = f"{config.name}.views"
        if not module.startswith(package + "."):
            misplaced.append(module)
    return misplaced


def _callbacks(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _callbacks(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry.callback


def _project_view_modules() -> list[str]:
    modules = [view_module(callback) for callback in _callbacks(get_resolver().url_patterns)]
    resolver = get_resolver()
    handlers = [resolver.resolve_error_handler(status) for status in (400, 403, 404, 500)]
    handlers.append(import_string(settings.CSRF_FAILURE_VIEW))
    return modules + [view_module(handler) for handler in handlers]


def test_no_module_named_like_views_lies_outside_a_views_package():
    assert stray_view_files(SOURCE) == []


def test_every_view_the_project_serves_comes_from_its_apps_views_package():
    modules = _project_view_modules()
    assert misplaced_views(modules) == []
    assert {
        "perspectives.activities.views.public",
        "perspectives.core.views.errors",
        "perspectives.reach.views.public",
    } <= set(modules)


@pytest.mark.parametrize(
    "path", ["privacy/views.py", "core/views_import.py", "reach/newsletters/views_public.py"]
)
def test_a_view_module_outside_a_views_package_is_found(tmp_path, path):
    for name in (path, "activities/views/public.py", "activities/tests/views_stub.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).touch()
    assert stray_view_files(tmp_path) == [path]


def test_a_view_served_from_outside_the_views_package_is_found():
    modules = [
        "perspectives.reach.integrations.webhooks",
        "perspectives.core.views",
        "perspectives.activities.views.checkin",
        "allauth.account.views",
    ]
    assert misplaced_views(modules) == [
        "perspectives.core.views",
        "perspectives.reach.integrations.webhooks",
    ]
