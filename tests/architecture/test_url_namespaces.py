"""One URL namespace per app, named after its label (docs/architecture.md, "Conventions").

An app with several audiences (public, staff, funders) still has one namespace: its urls.py
mounts each audience under its prefix. The composition root registers only the namespaces of
third parties (Django's admin, ninja's API).
"""

from collections import Counter
from types import ModuleType

import pytest
from django.apps import apps
from django.urls import URLResolver, get_resolver, include, path

ROOT_URLCONF = "perspectives.config.urls"
THIRD_PARTY_AT_ROOT = {"admin", "api"}
APPS_WITH_PAGES = {
    "accounts",
    "activities",
    "coaching",
    "core",
    "funding",
    "impact",
    "people",
    "privacy",
    "reach",
}


def _our_app(module: str | None) -> str | None:
    config = apps.get_containing_app_config(module) if module else None
    return config.label if config and config.name.startswith("perspectives.") else None


def namespace_faults(patterns, *, owner: str | None = ROOT_URLCONF) -> tuple[list[str], Counter]:
    """(faults, namespaces per app) of a URL tree; a namespace belongs to the module listing it."""
    faults: list[str] = []
    per_app: Counter = Counter()

    def walk(entries, owner: str | None, outer: str) -> None:
        for entry in entries:
            if not isinstance(entry, URLResolver):
                continue
            module = entry.urlconf_module
            # include((patterns, "name")) lists its patterns in the module that calls include().
            inner_owner = module.__name__ if isinstance(module, ModuleType) else owner
            inner = outer
            if entry.namespace:
                inner = f"{outer}:{entry.namespace}" if outer else entry.namespace
                app = _our_app(inner_owner)
                if app is not None:
                    per_app[app] += 1
                    if inner != app:
                        faults.append(f"{inner_owner} registers '{inner}', not '{app}'")
                elif inner_owner == ROOT_URLCONF and inner not in THIRD_PARTY_AT_ROOT:
                    faults.append(f"{ROOT_URLCONF} registers '{inner}' for no app")
            walk(entry.url_patterns, inner_owner, inner)

    walk(patterns, owner, "")
    faults += [f"'{app}' is registered {n} times" for app, n in per_app.items() if n > 1]
    return faults, per_app


def test_every_app_with_pages_has_exactly_one_namespace_named_after_it():
    faults, per_app = namespace_faults(get_resolver().url_patterns)
    assert faults == []
    assert set(per_app) == APPS_WITH_PAGES


@pytest.mark.parametrize(
    ("extra", "fault"),
    [
        (
            include(("perspectives.activities.urls_public", "public")),
            "perspectives.activities.urls_public registers 'public', not 'activities'",
        ),
        (
            include("perspectives.activities.urls", namespace="activities-public"),
            "perspectives.activities.urls registers 'activities-public', not 'activities'",
        ),
        (include("perspectives.activities.urls"), "'activities' is registered 2 times"),
        (
            include(([], "funders")),
            "perspectives.config.urls registers 'funders' for no app",
        ),
    ],
    ids=["second-namespace", "renamed-include", "included-twice", "root-namespace"],
)
def test_a_second_or_misnamed_namespace_is_a_fault(extra, fault):
    patterns = [path("", include("perspectives.activities.urls")), path("x/", extra)]
    faults, _ = namespace_faults(patterns)
    assert fault in faults


def test_third_party_namespaces_at_the_root_are_no_fault():
    patterns = [path("api/", include(([], "ninja"), namespace="api"))]
    assert namespace_faults(patterns)[0] == []
