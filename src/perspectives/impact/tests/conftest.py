import pytest

from perspectives.impact.models import Indicator, IndicatorVersion


@pytest.fixture
def registrations_only(db):
    """Define the seeded indicators through activity registrations only.

    The coaching and reach sources are written by other apps; these tests exercise the counting
    of registrations and the report machinery without depending on them being installed.
    """
    professionals = Indicator.objects.get(code="professionals")
    latest = professionals.versions.order_by("-number").first()
    definition = dict(latest.definition)
    definition["sources"] = [
        s for s in definition["sources"] if s["source"] == "activities.registrations"
    ]
    # Written directly: the fixture stands in for an earlier state of the definitions.
    latest.definition = definition
    latest.save()
    online = Indicator.objects.get(code="online_sharing").versions.order_by("-number").first()
    online.definition = {
        "sources": [{"source": "activities.registrations", "params": {"types": ["webinar"]}}],
        "unit": "participations",
        "exclusions": "",
    }
    online.save()
    return IndicatorVersion.objects.all()
