"""Activities that the letter's figures leave out, and the upcoming agenda.

Closed meetings, uncategorised micro-learnings and everything after the cut-off of 31 October
2020 are in the records with their own sizes; the letter's figures must not depend on them.
"""

import datetime as dt

from .catalogue import MAIN_VENUE


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def uncounted_entries() -> list[dict]:
    """Activities with fixed sizes that the letter's figures must leave out."""
    entries: list[dict] = []

    def add(date, category, type, title, attended, **options):
        entries.append(
            {
                "date": _d(date),
                "category": category,
                "type": type,
                "title": title,
                "attended": attended,
                **options,
            }
        )

    # Closed meetings: they carry a category, yet closed activities never count.
    for date, attended in (
        ("2018-03-08", 14),
        ("2018-06-21", 16),
        ("2018-11-01", 18),
        ("2019-02-28", 17),
        ("2019-05-09", 19),
        ("2019-09-05", 21),
        ("2019-12-05", 20),
        ("2020-02-20", 18),
        ("2020-06-04", 22),
        ("2020-10-15", 23),
    ):
        add(
            date,
            "professionals",
            "hr_meeting",
            "HR-overleg mediawerkgevers",
            attended,
            closed=True,
            audience="hr",
            online=date.startswith("2020-0") and date > "2020-03",
            location=MAIN_VENUE,
        )
    for date, attended in (
        ("2018-09-06", 22),
        ("2019-03-21", 26),
        ("2019-10-10", 31),
        ("2020-09-29", 28),
    ):
        add(
            date,
            "knowledge_events",
            "field_lab",
            "Fieldlab Data & AI",
            attended,
            closed=True,
            pillar="innovation",
            audience="field_lab",
            organiser="Hogeschool Eemvallei",
        )
    # Micro-learnings are online lessons, not counted as participants in the letter.
    add(
        "2020-05-14",
        "",
        "micro_learning",
        "Microlearning: interviewen via een videoverbinding",
        64,
        online=True,
        audience="professionals",
        pillar="talent",
    )
    add(
        "2020-09-10",
        "",
        "micro_learning",
        "Microlearning: werken met een teleprompter-app",
        41,
        online=True,
        audience="professionals",
        pillar="talent",
    )
    # After the cut-off of 31 October 2020: in the records, not in the letter.
    add(
        "2020-11-03",
        "knowledge_events",
        "webinar",
        "Webinar: de mediabegroting 2021",
        212,
        online=True,
        audience="knowledge",
    )
    add(
        "2020-11-19",
        "starters",
        "training",
        "Online sollicitatietraining voor mbo-studenten",
        27,
        online=True,
    )
    add(
        "2020-11-26",
        "professionals",
        "workshop",
        "Online workshop Storytelling met data",
        15,
        online=True,
        organiser="DataDuif",
        price=True,
    )
    add(
        "2020-12-10",
        "knowledge_events",
        "webinar",
        "Webinar: terugblik op een bijzonder mediajaar",
        188,
        online=True,
        audience="knowledge",
    )
    add(
        "2020-12-03",
        "business_coaching",
        "workshop",
        "Online businesscoachingworkshop: Van idee naar verdienmodel",
        9,
        online=True,
        audience="business",
    )
    return entries


def upcoming_entries() -> list[dict]:
    """Activities on the public agenda: registrations open, nobody has attended yet."""
    entries: list[dict] = []

    def add(date, category, type, title, registered, **options):
        entries.append(
            {
                "date": _d(date),
                "category": category,
                "type": type,
                "title": title,
                "registered": registered,
                **options,
            }
        )

    add(
        "2026-12-10",
        "knowledge_events",
        "knowledge_event",
        "Cross Media Café: generatieve AI op de redactie",
        96,
        audience="knowledge",
        location=MAIN_VENUE,
        capacity=120,
    )
    add(
        "2027-01-21",
        "professionals",
        "training",
        "Training Virtual production voor zzp'ers",
        14,
        organiser="Beeldfabriek Gooi",
        price=True,
        capacity=12,
    )
    add(
        "2027-02-04",
        "knowledge_events",
        "webinar",
        "Webinar: de publieke omroep in 2030",
        143,
        online=True,
        audience="knowledge",
    )
    add(
        "2027-02-11",
        "business_coaching",
        "workshop",
        "Businesscoachingworkshop: pitchen bij een omroep",
        11,
        audience="business",
        capacity=16,
    )
    add(
        "2027-03-12",
        "starters",
        "hackathon",
        "Hackathon: toegankelijke media",
        24,
        ends_in=1,
        organiser="Kanaal Zeven Media",
        capacity=40,
    )
    add(
        "2027-04-15",
        "professionals",
        "workshop",
        "Workshop Podcasts maken",
        9,
        organiser="Klankkast Audio",
        price=True,
        capacity=15,
    )
    return entries
