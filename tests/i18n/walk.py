"""The pages of the site as the role matrix reaches them, and objects for their URL arguments."""

from pathlib import Path

import yaml

from tests.security.conftest import link_tokens, make_role_user
from tests.security.inventory import Route, build_path, find_entry, walk_routes

MATRIX = yaml.safe_load((Path(__file__).parents[1] / "security" / "role_matrix.yaml").read_text())
ADMITTED = (200, "admitted")
# The first role that the matrix lets in renders the page; staff first, the Django admin never
# (its texts are Django's own).
ROLE_ORDER = ("staff", "funder", "coach", "employer", "participant", "anonymous", "administrator")


def _pages():
    seen = set()
    for route in reversed(walk_routes()):
        if route.key in seen or route.key.startswith(("admin:", "<unnamed admin")):
            continue
        seen.add(route.key)
        entry = find_entry(MATRIX["urls"], route.key, MATRIX["name_patterns"])
        if entry is None:
            continue
        role = next((role for role in ROLE_ORDER if entry["GET"][role] in ADMITTED), None)
        if role is None:
            continue
        yield route, entry, role


PAGES = list(_pages())


def page_path(route: Route, entry: dict, objects: dict) -> str:
    arguments = {name: objects.get(value, value) for name, value in entry.get("kwargs", {}).items()}
    return build_path(route, arguments)


def make_sample_objects() -> dict:
    """The objects the role matrix's URL arguments name (see tests/security/conftest.py), taken
    from the demo records (load them first), so that the pages show data."""
    from perspectives.activities.models import Activity, Registration
    from perspectives.coaching.models import Trajectory
    from perspectives.funding.models import BudgetYear, Funder, Grant, PolicyRule
    from perspectives.impact.models import ReportKind, ReportSnapshot
    from perspectives.people.models import Organisation
    from perspectives.reach.newsletters.services import create_campaign
    from perspectives.reach.tests.factories import NewsletterListFactory

    author = make_role_user("staff", suffix="-author")
    activity = Activity.objects.filter(registrations__isnull=False).order_by("-starts_on").first()
    registration = Registration.objects.filter(activity=activity).order_by("pk").first()
    campaign = create_campaign(
        newsletter_list=NewsletterListFactory(),
        subject="Nieuws",
        body_markdown="Hallo",
        actor=author,
    )
    return {
        "activity": activity.pk,
        "activity_code": activity.code,
        **link_tokens(activity=activity, registration=registration),
        "registration": registration.pk,
        "person": registration.person_id,
        "funder": Funder.objects.order_by("pk").first().pk,
        "grant": Grant.objects.order_by("pk").first().pk,
        "budget_year": BudgetYear.objects.order_by("-year").first().year,
        "rule": PolicyRule.objects.order_by("code").first().code,
        "campaign": campaign.pk,
        "user": author.pk,
        "trajectory": Trajectory.objects.order_by("pk").first().pk,
        "organisation": Organisation.objects.order_by("pk").first().pk,
        "report": ReportSnapshot.objects.create(
            label="sample report", kind=ReportKind.PARTICIPANTS
        ).pk,
    }
