"""Monthly online reach figures 2018-2020, as the foundation's web statistics reported them.

The sums match the letter: visitors of the vacancy portal, the academy and the knowledge base
over the months of the year, plus newsletter subscribers at the year's end (at the end of
October for 2020). November and December 2020 are recorded too; the cut-off leaves them out.
"""

import calendar
import datetime as dt
import random
from dataclasses import dataclass

from .people import split_exact
from .targets import PARTICIPANTS, THROUGH

VISITOR_CHANNELS = {"vacancy_portal": 0.55, "academy": 0.14, "knowledge_base": 0.31}
VISITOR_METHOD = "Webstatistieken, unieke bezoekers per maand"
VISITOR_SOURCE = "Maandrapport webstatistieken (export)"
SUBSCRIBER_METHOD = "Nieuwsbriefsysteem, aantal abonnees op de laatste dag van de maand"
SUBSCRIBER_SOURCE = "Export nieuwsbriefsysteem"
WEBSITE_METHOD = "Webstatistieken, unieke bezoekers van de hele website per maand"

# Subscribers of the content newsletters at the end of each year (October for 2020).
SUBSCRIBERS_AT_END = {2018: 1480, 2019: 2215, 2020: 2750}
SUBSCRIBERS_AT_START = 910
# Visits dip in the summer and around Christmas.
SEASON = (1.05, 1.1, 1.1, 1.0, 0.95, 0.9, 0.72, 0.78, 1.08, 1.12, 1.1, 0.85)
# Unique visitors after the cut-off (November, December 2020).
LATE_2020_VISITORS = {11: 7420, 12: 6310}


@dataclass(frozen=True)
class PlannedFigure:
    period_start: dt.date
    period_end: dt.date
    channel: str
    value: int
    method: str
    source: str


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def plan_reach_figures(*, rng: random.Random) -> list[PlannedFigure]:
    figures: list[PlannedFigure] = []
    subscribers_before = SUBSCRIBERS_AT_START
    for year, end_subscribers in SUBSCRIBERS_AT_END.items():
        counted_months = THROUGH.month if year == THROUGH.year else 12
        visitors = PARTICIPANTS["online_sharing"][year] - end_subscribers
        monthly = split_exact(
            visitors, [SEASON[m] * rng.uniform(0.92, 1.08) for m in range(counted_months)]
        )
        growth = split_exact(
            end_subscribers - subscribers_before,
            [rng.uniform(0.6, 1.4) for _ in range(counted_months)],
        )
        if year == THROUGH.year:
            monthly += [LATE_2020_VISITORS[11], LATE_2020_VISITORS[12]]
            growth += [38, 44]
        subscribers = subscribers_before
        for index, total in enumerate(monthly):
            start, end = _month(year, index + 1)
            weights = [share * rng.uniform(0.9, 1.1) for share in VISITOR_CHANNELS.values()]
            for channel, value in zip(VISITOR_CHANNELS, split_exact(total, weights), strict=True):
                figures.append(
                    PlannedFigure(start, end, channel, value, VISITOR_METHOD, VISITOR_SOURCE)
                )
            website = round(total * rng.uniform(1.7, 1.9))
            figures.append(
                PlannedFigure(start, end, "website_total", website, WEBSITE_METHOD, VISITOR_SOURCE)
            )
            subscribers += growth[index]
            figures.append(
                PlannedFigure(
                    start,
                    end,
                    "newsletter_subscribers",
                    subscribers,
                    SUBSCRIBER_METHOD,
                    SUBSCRIBER_SOURCE,
                )
            )
        subscribers_before = subscribers
    return figures
