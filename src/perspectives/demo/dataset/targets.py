"""The figures of the foundation's accountability letter (autumn 2020) that the demo reproduces.

The same figures as shared/reference/letter-2020.json; 2020 is counted through 31 October.
"""

import datetime as dt
from decimal import Decimal

YEARS = (2018, 2019, 2020)
THROUGH = dt.date(2020, 10, 31)
LETTER_REPORT = "letter-2020"
LETTER_SOURCE = "Verantwoordingsbrief aan de gemeente Hilversum, najaar 2020"

PARTICIPANTS = {
    "starters": {2018: 42, 2019: 59, 2020: 206},
    "professionals": {2018: 165, 2019: 496, 2020: 36},
    "knowledge_events": {2018: 1539, 2019: 1266, 2020: 2047},
    "online_sharing": {2018: 58209, 2019: 95888, 2020: 69296},
    "business_coaching": {2018: 61, 2019: 85, 2020: 6},
}
SUMMARY = {
    "participants_training_and_events": {2018: 1807, 2019: 1906, 2020: 2295},
    "online_visitors": {2018: 58209, 2019: 95888, 2020: 69296},
}

# Career coaching trajectories started each year (through the cut-off in 2020); they count
# under `professionals` beside the attended registrations of trainings and workshops.
CAREER_TRAJECTORIES = {2018: 38, 2019: 71, 2020: 7}

MUNICIPAL_SUBSIDY = {2018: 240_000, 2019: 300_000, 2020: 300_000, 2021: 250_000}
GRANT_STATUS = {2018: "settled", 2019: "settled", 2020: "granted", 2021: "requested"}
STATED_SHARE = {2018: 31, 2019: 26, 2020: 21, 2021: 23}
TOTAL_BUDGET = {2018: 1_098_229, 2019: 1_138_686, 2020: 1_399_270, 2021: 1_103_540}
COMPUTED_SHARE = {
    2018: Decimal("21.9"),
    2019: Decimal("26.3"),
    2020: Decimal("21.4"),
    2021: Decimal("22.7"),
}


def period_label(year: int) -> str:
    """The period as published: the cut-off year carries its cut-off date."""
    return f"{year} t/m {THROUGH.isoformat()}" if year == THROUGH.year else str(year)


def registration_target(category: str, year: int) -> int:
    """Attended registrations needed in a category and year (coaching trajectories aside)."""
    total = PARTICIPANTS[category][year]
    if category == "professionals":
        total -= CAREER_TRAJECTORIES[year]
    return total
