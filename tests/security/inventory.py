"""Every URL pattern of the project, walked from the root resolver, with sample arguments."""

import re
import uuid
from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

# Values for path arguments that no object stands behind: a request for them must be refused
# before any lookup, or answer 404.
SAMPLE_BY_CONVERTER = {
    "IntConverter": "1",
    "StringConverter": "sample",
    "SlugConverter": "sample",
    "PathConverter": "1",
    "UUIDConverter": str(uuid.UUID(int=1)),
}


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name", or None for an unnamed pattern
    route: str  # the full pattern text, for unnamed patterns and messages
    pattern: URLPattern
    arguments: tuple[str, ...]
    converters: dict

    @property
    def key(self) -> str:
        return self.name or f"<unnamed {self.route}>"

    @property
    def is_marked_public(self) -> bool:
        return getattr(self.pattern.callback, "login_required", True) is False


def walk_routes() -> list[Route]:
    """All URL patterns, depth first, with their namespaced names."""
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None, converters: dict) -> None:
        for entry in patterns:
            text = _pattern_text(entry.pattern)
            found = {**converters, **getattr(entry.pattern, "converters", {})}
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, prefix + text, inner, found)
            elif isinstance(entry, URLPattern):
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                full = prefix + text
                routes.append(Route(name, full, entry, _arguments(full), found))

    walk(get_resolver().url_patterns, "", None, {})
    return routes


def _pattern_text(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    if isinstance(pattern, RegexPattern):
        return pattern._regex.lstrip("^").rstrip("$").replace("\\Z", "")
    return str(pattern)


def _arguments(route: str) -> tuple[str, ...]:
    names = re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)
    return tuple(dict.fromkeys(names))


def sample_kwargs(route: Route, overrides: dict | None = None) -> dict[str, str]:
    """Path arguments for a request: the overrides where given, else a harmless sample."""
    overrides = overrides or {}
    kwargs = {}
    for argument in route.arguments:
        if argument in overrides:
            kwargs[argument] = str(overrides[argument])
            continue
        converter = route.converters.get(argument)
        kwargs[argument] = SAMPLE_BY_CONVERTER.get(type(converter).__name__, "1")
    return kwargs


def build_path(route: Route, overrides: dict | None = None) -> str:
    """The path of a route with sample (or given) arguments."""
    kwargs = sample_kwargs(route, overrides)
    if route.name:
        return reverse(route.name, kwargs=kwargs or None)
    path = route.route
    for argument, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{argument}>|\(\?P<{argument}>[^)]*\)", value, path)
    return "/" + path


def find_entry(table: dict, key: str, patterns: dict):
    """The entry of a table for a URL name: by exact name, else by the first matching glob."""
    if key in table:
        return table[key]
    for glob, entry in patterns.items():
        if fnmatchcase(key, glob):
            return entry
    return None
