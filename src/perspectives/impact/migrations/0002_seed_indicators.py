from django.db import migrations

REGISTRATIONS = "activities.registrations"
CLOSED = "Besloten bijeenkomsten (HR-overleg, fieldlabs) tellen niet mee; alleen aanwezigen tellen, geen afmeldingen of no-shows."

INDICATORS = [
    {
        "code": "starters",
        "name_nl": "Bijscholing starters",
        "name_en": "Starters upskilling",
        "pillar": "talent",
        "position": 10,
        "kind": "count",
        "description": "Elke activiteit die studenten en starters de sector in helpt: toepassingstrainingen, het talentontwikkelprogramma, hackathons.",
        "definition": {
            "sources": [{"source": REGISTRATIONS, "params": {"categories": ["starters"]}}],
            "unit": "participations",
            "exclusions": CLOSED,
        },
    },
    {
        "code": "professionals",
        "name_nl": "Leven Lang Ontwikkelen, professionals",
        "name_en": "Lifelong learning, professionals",
        "pillar": "talent",
        "position": 20,
        "kind": "count",
        "description": "Trainingen, workshops en loopbaancoaching die de inzetbaarheid van werknemers en zzp'ers vergroten.",
        "definition": {
            "sources": [
                {"source": REGISTRATIONS, "params": {"categories": ["professionals"]}},
                {"source": "coaching.trajectories", "params": {"kinds": ["career"]}},
            ],
            "unit": "participations",
            "exclusions": CLOSED,
        },
    },
    {
        "code": "knowledge_events",
        "name_nl": "Kennisevents",
        "name_en": "Knowledge events",
        "pillar": "both",
        "position": 30,
        "kind": "count",
        "description": "Kortere bijeenkomsten die kennis delen over ontwikkelingen die mediabanen veranderen.",
        "definition": {
            "sources": [{"source": REGISTRATIONS, "params": {"categories": ["knowledge_events"]}}],
            "unit": "participations",
            "exclusions": CLOSED,
        },
    },
    {
        "code": "online_sharing",
        "name_nl": "Online kennisdeling",
        "name_en": "Online knowledge sharing",
        "pillar": "both",
        "position": 40,
        "kind": "count",
        "description": "Unieke bezoekers van vacatureportal, academy en kennisbank, plus abonnees van de inhoudelijke nieuwsbrieven aan het eind van de periode.",
        "definition": {
            "sources": [{"source": "reach.online", "params": {}}],
            "unit": "participations",
            "exclusions": "Het totaal van de website telt niet mee, alleen de genoemde onderdelen.",
        },
    },
    {
        "code": "business_coaching",
        "name_nl": "Bedrijfscoaching",
        "name_en": "Business coaching",
        "pillar": "innovation",
        "position": 50,
        "kind": "count",
        "description": "Workshops voor innovatieve ondernemers uit de regio.",
        "definition": {
            "sources": [{"source": REGISTRATIONS, "params": {"categories": ["business_coaching"]}}],
            "unit": "participations",
            "exclusions": CLOSED,
        },
    },
    {
        "code": "participants_training_and_events",
        "name_nl": "Deelnemers trainingen en kennisevents",
        "name_en": "Participants in training and knowledge events",
        "pillar": "",
        "position": 60,
        "kind": "sum",
        "description": "De vier rijen behalve online kennisdeling opgeteld.",
        "definition": {
            "sum_of": ["starters", "professionals", "knowledge_events", "business_coaching"],
            "exclusions": "",
        },
    },
    {
        "code": "online_visitors",
        "name_nl": "Online bezoekers",
        "name_en": "Online visitors",
        "pillar": "",
        "position": 70,
        "kind": "sum",
        "description": "Online kennisdeling.",
        "definition": {"sum_of": ["online_sharing"], "exclusions": ""},
    },
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("impact", "Indicator")
    IndicatorVersion = apps.get_model("impact", "IndicatorVersion")
    for spec in INDICATORS:
        spec = dict(spec)
        definition = spec.pop("definition")
        description = spec.pop("description")
        indicator, created = Indicator.objects.get_or_create(code=spec.pop("code"), defaults=spec)
        if created:
            IndicatorVersion.objects.create(
                indicator=indicator, number=1, definition=definition, description=description
            )


def unseed(apps, schema_editor):
    Indicator = apps.get_model("impact", "Indicator")
    IndicatorVersion = apps.get_model("impact", "IndicatorVersion")
    codes = [spec["code"] for spec in INDICATORS]
    IndicatorVersion.objects.filter(indicator__code__in=codes).delete()
    Indicator.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
