"""Career and business coaching trajectories of the demo, planned in memory."""

import datetime as dt
import random
from dataclasses import dataclass

from .names import BUSINESS_COACHES, COACHES
from .people import DemoPerson, Population
from .targets import CAREER_TRAJECTORIES, THROUGH

CAREER_GOALS = (
    "Van lineaire televisie naar online video: nieuwe vaardigheden en een nieuw netwerk.",
    "Na een reorganisatie op zoek naar werk als editor of producer.",
    "Als zzp'er de overstap maken naar data-journalistiek.",
    "Werk behouden bij de automatisering van de eindregie.",
    "Een loopbaanplan voor de komende vijf jaar, met bijscholing in audio.",
)
ESF_GOAL = "ESF-project Duurzaam aan het werk: "
BUSINESS_GOALS = (
    "Een verdienmodel voor een podcastnetwerk.",
    "De eerste klant bij een omroep binnenhalen.",
    "Financiering vinden voor een VR-productie.",
)


@dataclass(frozen=True)
class PlannedTrajectory:
    person: DemoPerson
    kind: str
    started_on: dt.date
    coach_name: str
    goal: str
    outcome: str  # "active", "completed" or "cancelled"
    ended_on: dt.date | None


# Trajectories started in 2020 after the cut-off, and cancelled ones: in the records, not counted.
CAREER_AFTER_CUT_OFF = 3
CANCELLED_CAREER = {2018: 3, 2019: 5, 2020: 1}
BUSINESS = {2019: 6, 2020: 4}


def plan_trajectories(*, rng: random.Random, population: Population) -> list[PlannedTrajectory]:
    """Every trajectory of the demo; the counted career ones equal CAREER_TRAJECTORIES."""
    plans: list[PlannedTrajectory] = []
    for year, counted in CAREER_TRAJECTORIES.items():
        last_day = THROUGH if year == THROUGH.year else dt.date(year, 12, 31)
        cancelled = CANCELLED_CAREER[year]
        people = population.sample(
            {"employees": 0.45, "freelancers": 0.3, "job_seekers": 0.25}, counted + cancelled
        )
        for index, person in enumerate(people):
            started_on = _day_in(dt.date(year, 1, 7), last_day, rng=rng)
            outcome = "cancelled" if index >= counted else _outcome(started_on)
            plans.append(_career(person, started_on, outcome, year, rng=rng))
    late = population.sample({"employees": 0.6, "job_seekers": 0.4}, CAREER_AFTER_CUT_OFF)
    for person in late:
        started_on = _day_in(THROUGH + dt.timedelta(days=1), dt.date(2020, 12, 18), rng=rng)
        plans.append(_career(person, started_on, "active", 2020, rng=rng))
    for year, count in BUSINESS.items():
        for person in population.sample({"entrepreneurs": 1.0}, count):
            started_on = _day_in(dt.date(year, 2, 1), dt.date(year, 10, 30), rng=rng)
            outcome = _outcome(started_on)
            plans.append(
                PlannedTrajectory(
                    person=person,
                    kind="business",
                    started_on=started_on,
                    coach_name=rng.choice(BUSINESS_COACHES),
                    goal=rng.choice(BUSINESS_GOALS),
                    outcome=outcome,
                    ended_on=_ended_on(started_on, outcome, rng=rng),
                )
            )
    return plans


def _career(person, started_on, outcome, year, *, rng) -> PlannedTrajectory:
    goal = rng.choice(CAREER_GOALS)
    return PlannedTrajectory(
        person=person,
        kind="career",
        started_on=started_on,
        coach_name=rng.choice(COACHES),
        goal=f"{ESF_GOAL}{goal}" if year < 2020 else goal,
        outcome=outcome,
        ended_on=_ended_on(started_on, outcome, rng=rng),
    )


def _day_in(first: dt.date, last: dt.date, *, rng: random.Random) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _outcome(started_on: dt.date) -> str:
    # Trajectories take three to eight months: those of the last half year still run.
    return "completed" if started_on < dt.date(2020, 5, 1) else "active"


def _ended_on(started_on: dt.date, outcome: str, *, rng: random.Random) -> dt.date | None:
    if outcome == "completed":
        return started_on + dt.timedelta(days=rng.randint(90, 240))
    if outcome == "cancelled":
        return started_on + dt.timedelta(days=rng.randint(14, 80))
    return None
