"""The demo's population: pools of fictional people, each with a weight for how often they come.

A few regulars come to many activities, most people to one or two (a Pareto weight), so that
returning participants and people in several categories arise as they do in real records.
"""

import heapq
import random
import unicodedata
from dataclasses import dataclass

from .names import (
    EMPLOYERS,
    FIRST_NAMES,
    HR_NETWORK,
    LAST_NAMES,
    PRIVATE_DOMAINS,
    SCHOOLS,
    STARTUPS,
)


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    participant_type: str
    organisation: str  # name, or "" for none
    weight: float


# segment: (participant type, how many, where they work or study)
SEGMENTS = {
    "students": ("student", 460, SCHOOLS),
    "starters": ("starter", 90, EMPLOYERS),
    "employees": ("employee", 1500, EMPLOYERS),
    "freelancers": ("freelancer", 700, ()),
    "teachers": ("teacher", 80, SCHOOLS),
    "job_seekers": ("job_seeker", 110, ()),
    "entrepreneurs": ("entrepreneur", 150, STARTUPS),
    "hr": ("employee", 36, HR_NETWORK),
    "public": ("other", 650, ()),
}


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


class Population:
    """Every demo person by segment; e-mail addresses are unique and at example domains."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.segments: dict[str, list[DemoPerson]] = {}
        self._emails: set[str] = set()
        for segment, (participant_type, size, organisations) in SEGMENTS.items():
            self.segments[segment] = [
                self._make(participant_type, organisations) for _ in range(size)
            ]

    def _make(self, participant_type: str, organisations: tuple) -> DemoPerson:
        rng = self.rng
        first = rng.choice(FIRST_NAMES)
        particle, surname = rng.choice(LAST_NAMES)
        last = f"{particle} {surname}".strip()
        organisation = rng.choice(organisations) if organisations else None
        if organisation is not None and rng.random() < 0.8:
            domain = organisation[3]
        else:
            domain = rng.choice(PRIVATE_DOMAINS)
        local = f"{_ascii(first)}.{_ascii(particle)}{_ascii(surname)}"
        email, number = f"{local}@{domain}", 1
        while email in self._emails:
            number += 1
            email = f"{local}{number}@{domain}"
        self._emails.add(email)
        return DemoPerson(
            email=email,
            first_name=first,
            last_name=last,
            participant_type=participant_type,
            organisation=organisation[0] if organisation else "",
            weight=min(rng.paretovariate(1.6), 12.0),
        )

    def sample(self, mix: dict[str, float], size: int) -> list[DemoPerson]:
        """`size` different people drawn from the segments in `mix` (weights), regulars first.

        Weighted sampling without replacement (Efraimidis-Spirakis): each person gets the key
        u ** (1 / weight) and the largest keys win.
        """
        total = sum(mix.values())
        wanted = split_exact(size, [mix[segment] / total for segment in mix])
        chosen: list[DemoPerson] = []
        for segment, count in zip(mix, wanted, strict=True):
            pool = self.segments[segment]
            if count > len(pool):
                raise ValueError(f"segment {segment!r} has {len(pool)} people, {count} asked")
            chosen.extend(
                heapq.nlargest(
                    count, pool, key=lambda person: self.rng.random() ** (1 / person.weight)
                )
            )
        self.rng.shuffle(chosen)
        return chosen


def split_exact(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, in whole numbers that add up exactly."""
    if total < 0:
        raise ValueError("cannot split a negative total")
    weight_sum = sum(weights)
    raw = [total * weight / weight_sum for weight in weights]
    parts = [int(value) for value in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for index in order[: total - sum(parts)]:
        parts[index] += 1
    return parts
