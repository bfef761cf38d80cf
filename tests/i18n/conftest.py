import pytest
from django.db import transaction

from perspectives.demo.dataset import load_demo_data
from tests.security.conftest import client_for, make_role_user  # noqa: F401  (a fixture)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo records, loaded once per module and rolled back at its end: pages with data."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert load_demo_data() is True
        yield
        transaction.set_rollback(True)


@pytest.fixture
def rich_objects(demo, db):
    """The objects the role matrix's URL arguments name (see tests/security/conftest.py), taken
    from the demo records where there are some, so that the pages show data."""
    from perspectives.activities.models import Activity, Registration
    from perspectives.activities.tokens import (
        make_again_token,
        make_cancel_token,
        make_result_token,
        make_sign_up_token,
    )
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
        created_by=author,
    )
    return {
        "activity": activity.pk,
        "activity_code": activity.code,
        "result_token": make_result_token(registration_id=registration.pk, created=True),
        "cancel_token": make_cancel_token(registration_id=registration.pk),
        "again_token": make_again_token(registration_id=registration.pk),
        "sign_up_token": make_sign_up_token(
            activity_id=activity.pk,
            email="nieuw@example.org",
            first_name="Nieuw",
            last_name="Lid",
            participant_type="employee",
            organisation="",
            source="form",
            language="nl",
        ),
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
