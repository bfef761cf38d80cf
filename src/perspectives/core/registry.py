"""Named extension points: an app contributes to a shared feature without core knowing it.

Apps register in their AppConfig.ready(); consumers (impact, privacy, the staff menu) read the
registry and never import the contributing apps.
"""

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, key: str, item: T) -> T:
        if key in self._items and self._items[key] is not item:
            raise ValueError(f"{self.name}: {key!r} is registered twice")
        self._items[key] = item
        return item

    def get(self, key: str) -> T:
        try:
            return self._items[key]
        except KeyError:
            raise KeyError(f"{self.name}: nothing registered as {key!r}") from None

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))

    def items(self) -> list[tuple[str, T]]:
        return sorted(self._items.items())


# Sources that indicators count. Each item is an object with `label`, `describe(params)` and
# `count(period=..., params=..., unit=...)`; see perspectives.impact for the protocol.
indicator_sources: Registry[Any] = Registry("indicator sources")

# Entries of the staff menu: (order, url name, label).
staff_menu: Registry[tuple[int, str, Any]] = Registry("staff menu")

# Panels of the staff home page: (order, build). `build(request=...)` returns a dict with at
# least `title` and `template` (the rest is that template's context); the app's selectors do
# the reading, so core shows domain figures without knowing the domain.
staff_home_panels: Registry[tuple[int, Callable[..., dict]]] = Registry("staff home panels")

Callback = Callable[..., Any]

# Import kinds for `perspectives import KIND FILE` and the upload page: `ImportKind` instances
# keyed by their name; see perspectives.core.imports for the protocol.
importers: Registry[Any] = Registry("importers")

# Personal-data inventory: "app_label.ModelName" -> {field name: perspectives.core.privacy.FieldUse}.
# Every concrete field of every model of our apps is in it (a test checks); privacy shows it.
personal_data: Registry[dict[str, Any]] = Registry("personal data")

# What one person may take with them: (order, export). `export(person=...)` returns a JSON-safe
# dict of that person's rows in the app, keyed by section name.
personal_data_exporters: Registry[tuple[int, Callable[..., dict]]] = Registry(
    "personal data exporters"
)

# Erasure of people, called in order inside one transaction by privacy's erase_people:
# (order, erase). `erase(people=..., now=...)` removes the personal data of every person in the
# `people` queryset (one or thousands; set-based, no loop per person) and must leave every
# counted row (and so every report) as it was. The Person rows themselves are scrubbed last, so
# that earlier erasers still see the e-mail addresses.
personal_data_erasers: Registry[tuple[int, Callable[..., Any]]] = Registry("personal data erasers")

# Retention, enforced by privacy's purge_expired_data: `purge(today=...)` deletes what an app
# keeps longer than its RETENTION_* setting allows and returns {what: rows}; idempotent.
retention_purgers: Registry[Callable[..., dict[str, int]]] = Registry("retention purgers")

# Recent activity of people: `recent_person_ids(since=...)` returns a queryset of person ids
# active on or after that date; a person active in no app is past RETENTION_PERSON_INACTIVE_DAYS.
person_activity: Registry[Callable[..., Any]] = Registry("person activity")

# Where a user lands after log-in: `landing(user)` returns a URL for users it knows, else None.
# The first answer wins; without one the log-in flow uses LOGIN_REDIRECT_URL. It lets an upper
# app (impact, for funders) choose a landing page without accounts importing it.
login_landings: Registry[Callable[[Any], str | None]] = Registry("log-in landings")
