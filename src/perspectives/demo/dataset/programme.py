"""The demo's activities with their registrations, planned in memory before anything is written.

Every counted activity gets its share of the letter's figure for its category and year as
attended registrations; around those come no-shows, cancellations and a waiting list, as in
real records. Nothing here touches the database.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from .agenda import uncounted_entries, upcoming_entries
from .catalogue import (
    AUDIENCES,
    CATEGORY_PILLAR,
    counted_entries,
)
from .people import DemoPerson, Population, split_exact
from .targets import THROUGH, registration_target

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# Registrations of upcoming activities are dated before this day, so none lies in the future.
DEMO_TODAY = dt.date(2026, 11, 20)

TYPE_CODES = {
    "training": "trn",
    "workshop": "ws",
    "knowledge_event": "cmc",
    "hackathon": "hack",
    "talent_programme": "talent",
    "webinar": "web",
    "micro_learning": "micro",
    "field_lab": "lab",
    "hr_meeting": "hr",
}
PRICES = {"training": (Decimal("295"), Decimal("195")), "workshop": (Decimal("95"), Decimal("65"))}
FREE_EVENT_TYPES = {"knowledge_event", "webinar", "field_lab", "hr_meeting", "micro_learning"}


@dataclass
class PlannedRegistration:
    person: DemoPerson
    status: str
    registered_at: dt.datetime


@dataclass
class PlannedActivity:
    fields: dict  # keyword arguments of activities.services.create_activity
    audience: str
    registrations: list[PlannedRegistration] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.fields["code"]


def plan_activities(*, rng: random.Random, population: Population) -> list[PlannedActivity]:
    """Every activity of the demo with its registrations, deterministic for a seeded `rng`."""
    counted = counted_entries()
    _assign_targets(counted)
    entries = [*counted, *uncounted_entries(), *upcoming_entries()]
    entries.sort(key=lambda entry: (entry["date"], entry["title"]))
    codes: set[str] = set()
    plans = []
    for entry in entries:
        plan = _plan_activity(entry, codes)
        _plan_registrations(plan, entry, rng=rng, population=population)
        plans.append(plan)
    return plans


def _assign_targets(entries: list[dict]) -> None:
    groups: dict[tuple[str, int], list[dict]] = {}
    for entry in entries:
        if entry["date"] > THROUGH:
            raise ValueError(f"counted entry {entry['title']!r} lies after the cut-off")
        groups.setdefault((entry["category"], entry["date"].year), []).append(entry)
    for (category, year), group in groups.items():
        shares = split_exact(
            registration_target(category, year), [entry["weight"] for entry in group]
        )
        for entry, attended in zip(group, shares, strict=True):
            entry["attended"] = attended


def _plan_activity(entry: dict, codes: set[str]) -> PlannedActivity:
    type = entry["type"]
    base = f"{TYPE_CODES[type]}-{entry['date']:%Y%m%d}"
    code, number = base, 1
    while code in codes:
        number += 1
        code = f"{base}-{number}"
    codes.add(code)
    price, freelancer_price = (
        PRICES.get(type, (Decimal("0"), None)) if entry.get("price") else (Decimal("0"), None)
    )
    online = entry.get("online", False)
    ends_in = entry.get("ends_in")
    fields = {
        "code": code,
        "title": entry["title"],
        "type": type,
        "pillar": entry.get("pillar") or CATEGORY_PILLAR.get(entry["category"], "both"),
        "category": entry["category"],
        "starts_on": entry["date"],
        "ends_on": entry["date"] + dt.timedelta(days=ends_in) if ends_in else None,
        "location": "Online" if online else entry.get("location", "Hilversum"),
        "is_closed": entry.get("closed", False),
        "is_online": online,
        "capacity": entry.get("capacity"),
        "price_amount": price,
        "freelancer_price_amount": freelancer_price,
        "organiser": entry.get("organiser", ""),
    }
    audience = entry.get("audience") or (
        "starters" if entry["category"] == "starters" else "professionals"
    )
    return PlannedActivity(fields=fields, audience=audience)


def _plan_registrations(
    plan: PlannedActivity, entry: dict, *, rng: random.Random, population: Population
) -> None:
    fields = plan.fields
    upcoming = fields["starts_on"] > DEMO_TODAY
    counts: dict[str, int]
    if upcoming:
        wanted = entry["registered"]
        capacity = fields["capacity"]
        seated = min(wanted, capacity) if capacity else wanted
        counts = {
            "registered": seated,
            "waitlisted": wanted - seated,
            "cancelled": rng.randint(0, max(1, wanted // 12)),
        }
    else:
        attended = entry["attended"]
        free = fields["type"] in FREE_EVENT_TYPES or fields["price_amount"] == 0
        no_show_rate = rng.uniform(0.10, 0.18) if free else rng.uniform(0.02, 0.07)
        no_show = round(attended * no_show_rate)
        counts = {
            "attended": attended,
            "no_show": no_show,
            "cancelled": round(attended * rng.uniform(0.03, 0.09)),
        }
        if not fields["is_online"] and fields["type"] not in {"hr_meeting", "field_lab"}:
            # A physical room fills up: the seats were taken, latecomers waited in vain.
            fields["capacity"] = attended + no_show + rng.randint(0, 3)
            counts["waitlisted"] = rng.choice((0, 0, 1, 2, 4, 6))
    people = population.sample(AUDIENCES[plan.audience], sum(counts.values()))
    statuses = [status for status, count in counts.items() for _ in range(count)]
    for person, status in zip(people, statuses, strict=True):
        plan.registrations.append(
            PlannedRegistration(
                person=person,
                status=status,
                registered_at=_registered_at(fields["starts_on"], rng=rng),
            )
        )


def _registered_at(starts_on: dt.date, *, rng: random.Random) -> dt.datetime:
    day = min(starts_on, DEMO_TODAY) - dt.timedelta(days=rng.randint(1, 42))
    moment = dt.datetime.combine(day, dt.time(rng.randint(7, 22), rng.randint(0, 59)))
    return moment.replace(tzinfo=AMSTERDAM)
