"""Named extension points: an app contributes to a shared feature without core knowing it.

Each app declares what it contributes in one module, `<app>/contributions.py`, holding a
`contributions = Contributions(...)` value (Wagtail's `wagtail_hooks.py`, made declarative).
CoreConfig.ready() discovers these modules for every installed app and fills the registries
below; consumers (impact, privacy, the staff menu and home, imports, reach, the log-in flow)
read the registries and never import the contributing apps.
"""

import importlib
import importlib.util
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, key: str, item: T) -> T:
        if key in self._items and self._items[key] != item:
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


# Sources that indicators count: objects that follow perspectives.core.indicators.IndicatorSource
# (and any of its optional capability protocols).
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

# Sections of a participant's own page: (order, build). `build(user=..., email=...)` returns a
# dict with at least `title` and `template` (the rest is that template's context), read through
# the app's selectors for the participant's own address only.
participant_sections: Registry[tuple[int, Callable[..., dict]]] = Registry("participant sections")

# Sections of the staff page of one person: (order, build). `build(request=..., person=...)`
# returns a dict with at least `title` and `template` (the rest is that template's context), or
# None when the section has nothing to show this user. It lets an upper app (coaching: the
# person's trajectories) show itself on people's page without people importing it.
person_page_sections: Registry[tuple[int, Callable[..., dict | None]]] = Registry(
    "person page sections"
)

# Whether an e-mail address belongs to someone the foundation knows (a registration, a newsletter
# subscription, an import): `known(email)` -> bool. Such a person may log in with an e-mailed
# code; their participant account is made then.
known_addresses: Registry[Callable[[str], bool]] = Registry("known addresses")

# Reporting categories: the groups a source counts under, declared by the context that counts
# them (`ReportingCategory`), keyed "source key:value". A new source adds its own categories
# without an edit in any other app.
reporting_categories: Registry["ReportingCategory"] = Registry("reporting categories")

# What a background task does, for staff reading the failed work: task path -> label.
task_labels: Registry[Any] = Registry("task labels")

# Sections of the public sites that reach counts apart: `ReachSection` keyed by path prefix.
reach_sections: Registry["ReachSection"] = Registry("reach sections")


@dataclass(frozen=True)
class MenuEntry:
    """An entry of the staff menu; shown when its URL name resolves."""

    key: str
    order: int
    url_name: str
    label: Any


@dataclass(frozen=True)
class ParticipantSection:
    """A section of the participant's own page; `build(user=..., email=...)` gives its context."""

    key: str
    order: int
    build: Callable[..., dict]


@dataclass(frozen=True)
class PersonPageSection:
    """A section of a person's staff page; `build(request=..., person=...)` gives its context."""

    key: str
    order: int
    build: Callable[..., dict | None]


def build_person_page_sections(*, request, person) -> list[dict]:
    """The contributed sections of one person's staff page, in order."""
    ordered = sorted(person_page_sections.items(), key=lambda item: item[1][0])
    built = (build(request=request, person=person) for _key, (_order, build) in ordered)
    return [section for section in built if section]


@dataclass(frozen=True)
class HomePanel:
    """A panel of the staff home page; `build(request=...)` returns its context (see above)."""

    key: str
    order: int
    build: Callable[..., dict]


@dataclass(frozen=True)
class ReportingCategory:
    """A category that `source` counts under: `params` value `value`, named in both languages.

    `words` holds the names printed in a definition's description ({"nl": ..., "en": ...}),
    independent of the request's language; `label` is the translatable name for forms.
    """

    source: str
    value: str
    label: Any
    words: Mapping[str, str]

    @property
    def key(self) -> str:
        return f"{self.source}:{self.value}"


@dataclass(frozen=True)
class ReachSection:
    """Public pages under `prefix` count as reach section `section` (a reach Section value)."""

    prefix: str
    section: str


@dataclass(frozen=True)
class Ordered:
    """A callable run in order among those of other apps (exporters, erasers)."""

    order: int
    call: Callable[..., Any]


@dataclass(frozen=True)
class Contributions:
    """Everything one app contributes to the shared features; every part is optional.

    Keys are the registry keys (unique across apps): `personal_data` by "app_label.Model",
    the others by a name of the app's choosing, usually its label.
    """

    indicator_sources: Sequence[Any] = ()
    reporting_categories: Sequence[ReportingCategory] = ()
    importers: Sequence[Any] = ()
    menu: Sequence[MenuEntry] = ()
    home_panels: Sequence[HomePanel] = ()
    reach_sections: Sequence[ReachSection] = ()
    login_landings: Mapping[str, Callable[[Any], str | None]] = field(default_factory=dict)
    participant_sections: Sequence[ParticipantSection] = ()
    person_page_sections: Sequence[PersonPageSection] = ()
    known_addresses: Mapping[str, Callable[[str], bool]] = field(default_factory=dict)
    personal_data: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    personal_data_exporters: Mapping[str, Ordered] = field(default_factory=dict)
    personal_data_erasers: Mapping[str, Ordered] = field(default_factory=dict)
    retention_purgers: Mapping[str, Callable[..., dict[str, int]]] = field(default_factory=dict)
    person_activity: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    task_labels: Mapping[str, Any] = field(default_factory=dict)


def contribute(contributions: Contributions) -> None:
    """Enter one app's contributions in the registries (twice the same is harmless)."""
    for source in contributions.indicator_sources:
        indicator_sources.register(source.key, source)
    for category in contributions.reporting_categories:
        reporting_categories.register(category.key, category)
    for kind in contributions.importers:
        importers.register(kind.name, kind)
    for entry in contributions.menu:
        staff_menu.register(entry.key, (entry.order, entry.url_name, entry.label))
    for panel in contributions.home_panels:
        staff_home_panels.register(panel.key, (panel.order, panel.build))
    for section in contributions.reach_sections:
        reach_sections.register(section.prefix, section)
    for key, landing in contributions.login_landings.items():
        login_landings.register(key, landing)
    for section in contributions.participant_sections:
        participant_sections.register(section.key, (section.order, section.build))
    for section in contributions.person_page_sections:
        person_page_sections.register(section.key, (section.order, section.build))
    for key, known in contributions.known_addresses.items():
        known_addresses.register(key, known)
    for key, fields in contributions.personal_data.items():
        personal_data.register(key, fields)
    for key, exporter in contributions.personal_data_exporters.items():
        personal_data_exporters.register(key, (exporter.order, exporter.call))
    for key, eraser in contributions.personal_data_erasers.items():
        personal_data_erasers.register(key, (eraser.order, eraser.call))
    for key, purge in contributions.retention_purgers.items():
        retention_purgers.register(key, purge)
    for key, recent in contributions.person_activity.items():
        person_activity.register(key, recent)
    for key, label in contributions.task_labels.items():
        task_labels.register(key, label)


CONTRIBUTIONS_MODULE = "contributions"


def discover_contributions(app_names: Sequence[str]) -> list[str]:
    """Import `<app>.contributions` of each app that has one and contribute what it declares.

    Called from CoreConfig.ready(), when every model is loaded; returns the modules found.
    """
    found = []
    for app_name in app_names:
        module_name = f"{app_name}.{CONTRIBUTIONS_MODULE}"
        if importlib.util.find_spec(app_name) is None:
            continue
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        declared = getattr(module, "contributions", None)
        if not isinstance(declared, Contributions):
            raise TypeError(f"{module_name}.contributions must be a Contributions instance")
        contribute(declared)
        found.append(module_name)
    return found


def list_reporting_categories(*, source: str | None = None) -> list[ReportingCategory]:
    """The declared reporting categories, of one source or of all, in declaration order."""
    return [
        category
        for category in reporting_categories._items.values()
        if source is None or category.source == source
    ]
