"""What the foundation organised in 2018-2020 that its letter counts: titles, dates, audiences.

Each counted entry has a weight; the demo splits the letter's figure for its category and year
over the entries by weight. What the letter leaves out, and the upcoming agenda, are in
`agenda.py` with sizes of their own.
"""

import datetime as dt

# Audiences: how an activity's participants are drawn from the population's segments.
AUDIENCES = {
    "starters": {"students": 0.85, "starters": 0.15},
    "professionals": {"employees": 0.6, "freelancers": 0.32, "teachers": 0.04, "job_seekers": 0.04},
    "teachers": {"teachers": 1.0},
    "employers": {"employees": 1.0},
    "knowledge": {
        "employees": 0.5,
        "freelancers": 0.22,
        "students": 0.08,
        "entrepreneurs": 0.05,
        "public": 0.15,
    },
    "business": {"entrepreneurs": 1.0},
    "hr": {"hr": 1.0},
    "field_lab": {"students": 0.35, "employees": 0.4, "entrepreneurs": 0.25},
}

CATEGORY_PILLAR = {
    "starters": "talent",
    "professionals": "talent",
    "knowledge_events": "both",
    "business_coaching": "innovation",
}

MAIN_VENUE = "Mediapark-paviljoen, Hilversum"

PROFESSIONAL_COURSES = (
    ("training", "Training Mobiele journalistiek", "Publieke Omroep Horizon"),
    ("workshop", "Workshop Podcasts maken", "Klankkast Audio"),
    ("training", "Training Adobe Premiere Pro voor zzp'ers", "Postproductiehuis De Montagekamer"),
    ("workshop", "Workshop Storytelling met data", "DataDuif"),
    ("training", "Training Leidinggeven aan jong talent", "Mediagroep Vecht & Eem"),
    ("training", "Training Agile werken in mediaproducties", "Kanaal Zeven Media"),
    ("workshop", "Workshop Ondertiteling en toegankelijkheid", "Ondertiteling op Maat"),
    ("training", "Masterclass Virtual production", "Beeldfabriek Gooi"),
    ("workshop", "Workshop Social video voor omroepen", "Omroepvereniging De Toren"),
    ("training", "Training Licht en camera voor docenten", "Licht & Geluid Facilities Laren"),
    ("workshop", "Workshop Auteursrecht voor makers", "Mediabond"),
    ("training", "Training Projectleiding in de media", "Studio Zuiderhei"),
)

CMC_TOPICS = {
    2018: (
        "nieuwsconsumptie van jongeren",
        "de podcastgolf",
        "data in de redactie",
        "streaming en de kijker van morgen",
        "inclusie voor en achter de camera",
        "audio als merk",
        "de robotjournalist",
        "terugblik op het mediajaar",
    ),
    2019: (
        "gepersonaliseerde televisie",
        "virtual production in Hilversum",
        "de creator economy",
        "deepfakes en vertrouwen",
        "toegankelijke media",
        "smart speakers en radio",
        "het mediajaar 2019",
    ),
    2020: ("tien jaar streaming", "AI in de montage"),
}

WEBINARS_2020 = (
    ("2020-04-16", "Webinar: thuis produceren in tijden van corona"),
    ("2020-05-07", "Webinar: live-evenementen online"),
    ("2020-05-28", "Webinar: zzp in de media en de coronasteun"),
    ("2020-06-25", "Webinar: de omroep na de lockdown"),
    ("2020-09-17", "Webinar: hybride evenementen"),
    ("2020-10-08", "Webinar: algoritmes en publieke waarden"),
)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def counted_entries() -> list[dict]:
    """Activities whose attended registrations make up the letter's figures (through 31-10-2020)."""
    entries: list[dict] = []

    def add(date, category, type, title, weight=1.0, **options):
        entries.append(
            {
                "date": _d(date),
                "category": category,
                "type": type,
                "title": title,
                "weight": weight,
                **options,
            }
        )

    # Starters: application training, hackathons, the talent programme.
    add(
        "2018-04-12",
        "starters",
        "training",
        "Sollicitatietraining: je eerste baan in de media",
        organiser="Mediacollege Gooi en Vecht",
    )
    add(
        "2018-10-05",
        "starters",
        "hackathon",
        "Hackathon: de omroep van morgen",
        1.4,
        ends_in=1,
        organiser="Publieke Omroep Horizon",
    )
    add(
        "2018-11-08",
        "starters",
        "training",
        "Sollicitatietraining: je eerste baan in de media",
        organiser="ROC Eemland, opleidingen Media",
    )
    add(
        "2019-03-14",
        "starters",
        "training",
        "Sollicitatietraining voor hbo-studenten",
        organiser="Hogeschool Eemvallei",
    )
    add(
        "2019-05-17",
        "starters",
        "hackathon",
        "Hackathon: nieuws voor de TikTok-generatie",
        1.5,
        ends_in=1,
        organiser="Kanaal Zeven Media",
    )
    add(
        "2019-09-05",
        "starters",
        "talent_programme",
        "Talentprogramma Media 2019-2020",
        0.8,
        ends_in=270,
    )
    add(
        "2019-11-07",
        "starters",
        "training",
        "Sollicitatietraining: je eerste baan in de media",
        organiser="Mediacollege Gooi en Vecht",
    )
    add(
        "2020-02-13",
        "starters",
        "training",
        "Sollicitatietraining: je eerste baan in de media",
        organiser="Mediacollege Gooi en Vecht",
    )
    add(
        "2020-04-23",
        "starters",
        "training",
        "Online sollicitatietraining voor mbo-studenten",
        1.3,
        online=True,
    )
    add(
        "2020-06-11",
        "starters",
        "training",
        "Online sollicitatietraining voor hbo-studenten",
        1.2,
        online=True,
    )
    add(
        "2020-09-03",
        "starters",
        "talent_programme",
        "Talentprogramma Media 2020-2021",
        0.8,
        ends_in=280,
    )
    add("2020-09-24", "starters", "training", "Online sollicitatieweek", 1.4, online=True)
    # A weekend hackathon that starts on the cut-off day itself: it counts (inclusive).
    add(
        "2020-10-31",
        "starters",
        "hackathon",
        "Online hackathon: media na corona",
        1.6,
        ends_in=1,
        online=True,
        organiser="Publieke Omroep Horizon",
    )

    # Professionals: trainings and workshops (career coaching trajectories come on top).
    courses_2018 = [
        "2018-03-15",
        "2018-05-24",
        "2018-06-07",
        "2018-09-20",
        "2018-10-18",
        "2018-11-22",
    ]
    courses_2019 = [
        "2019-01-24",
        "2019-02-07",
        "2019-02-21",
        "2019-03-07",
        "2019-03-28",
        "2019-04-11",
        "2019-04-25",
        "2019-05-16",
        "2019-06-06",
        "2019-06-20",
        "2019-09-12",
        "2019-09-26",
        "2019-10-03",
        "2019-10-17",
        "2019-10-31",
        "2019-11-14",
        "2019-11-28",
        "2019-12-05",
        "2019-12-12",
    ]
    for index, date in enumerate(courses_2018 + courses_2019):
        type, title, organiser = PROFESSIONAL_COURSES[index % len(PROFESSIONAL_COURSES)]
        audience = (
            "teachers"
            if "docenten" in title
            else ("employers" if "Leidinggeven" in title else "professionals")
        )
        add(date, "professionals", type, title, audience=audience, organiser=organiser, price=True)
    add(
        "2020-02-06",
        "professionals",
        "training",
        "Training Mobiele journalistiek",
        organiser="Publieke Omroep Horizon",
        price=True,
    )
    add(
        "2020-09-10",
        "professionals",
        "workshop",
        "Online workshop Podcasts maken",
        online=True,
        organiser="Klankkast Audio",
        price=True,
    )

    # Knowledge events: the Cross Media Café, and from spring 2020 webinars.
    cmc_dates = {
        2018: [
            "2018-01-25",
            "2018-03-22",
            "2018-04-19",
            "2018-06-14",
            "2018-09-13",
            "2018-10-11",
            "2018-11-15",
            "2018-12-13",
        ],
        2019: [
            "2019-01-31",
            "2019-03-21",
            "2019-05-23",
            "2019-06-27",
            "2019-09-19",
            "2019-11-21",
            "2019-12-19",
        ],
        2020: ["2020-01-23", "2020-02-27"],
    }
    for year, dates in cmc_dates.items():
        for date, topic in zip(dates, CMC_TOPICS[year], strict=True):
            add(
                date,
                "knowledge_events",
                "knowledge_event",
                f"Cross Media Café: {topic}",
                audience="knowledge",
                location=MAIN_VENUE,
            )
    for date, title in WEBINARS_2020:
        add(date, "knowledge_events", "webinar", title, 1.9, audience="knowledge", online=True)

    # Business coaching workshops for innovative entrepreneurs.
    business = {
        2018: ["2018-02-15", "2018-05-17", "2018-09-27", "2018-11-29"],
        2019: ["2019-02-14", "2019-04-04", "2019-06-13", "2019-09-12", "2019-11-07"],
        2020: ["2020-06-18"],
    }
    titles = (
        "Van idee naar verdienmodel",
        "Pitchen bij een omroep",
        "Financiering voor start-ups",
        "Intellectueel eigendom",
        "Opschalen zonder kopzorgen",
    )
    for year, dates in business.items():
        for index, date in enumerate(dates):
            online = year == 2020
            add(
                date,
                "business_coaching",
                "workshop",
                f"{'Online business' if online else 'Business'}coachingworkshop: "
                f"{titles[index % len(titles)]}",
                audience="business",
                online=online,
                organiser="",
            )
    return entries
