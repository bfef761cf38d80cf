"""Fixtures of the security tests: one user per role, logged-in clients, sample objects."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from perspectives.accounts.models import Role
from perspectives.accounts.services import create_user

ANONYMOUS = "anonymous"
# Behind the reverse proxy the app learns of HTTPS from this header (SECURE_PROXY_SSL_HEADER).
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}
ROLES = [ANONYMOUS, *[role.value for role in Role]]


def give_totp_if_required(client: Client, user) -> None:
    """Privileged roles must enrol in MFA; when the app asks for that, enrol the user.

    Checked at run time so that these tests hold before and after MFA enforcement exists.
    """
    try:
        enrol_path = reverse("mfa_activate_totp")
    except NoReverseMatch:
        return
    response = client.get(reverse("core:home"))
    if response.status_code == 302 and response["Location"].split("?")[0] == enrol_path:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(user, generate_totp_secret())


def make_role_user(role: str, *, suffix: str = ""):
    return create_user(
        email=f"{role}{suffix}@example.org",
        password=None,
        role=role,
        full_name=f"Test {role}{suffix}",
    )


@pytest.fixture
def client_for(db):
    """client_for(role) -> a Client(**HTTPS) logged in as a fresh user of that role."""
    made: dict[str, Client] = {}

    def make(role: str) -> Client:
        if role in made:
            return made[role]
        client = Client(**HTTPS)
        if role != ANONYMOUS:
            user = make_role_user(role)
            client.force_login(user)
            give_totp_if_required(client, user)
            client.user = user
        made[role] = client
        return client

    return make


def link_tokens(*, activity, registration) -> dict[str, str]:
    """The tokens that public links of a sign-up carry, for URL arguments of the walks."""
    from perspectives.activities.tokens import (
        make_again_token,
        make_cancel_token,
        make_result_token,
        make_sign_up_token,
    )

    return {
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
    }


@pytest.fixture
def sample_objects(db):
    """One object of each kind that a URL argument can name, for the role matrix."""
    from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
    from perspectives.coaching.tests.factories import TrajectoryFactory
    from perspectives.funding.models import PolicyRule
    from perspectives.funding.tests.factories import BudgetYearFactory, GrantFactory
    from perspectives.impact.models import ReportKind, ReportSnapshot
    from perspectives.people.tests.factories import OrganisationFactory, PersonFactory
    from perspectives.reach.newsletters.services import create_campaign
    from perspectives.reach.tests.factories import NewsletterListFactory

    author = make_role_user(Role.STAFF, suffix="-author")
    activity = ActivityFactory()
    person = PersonFactory()
    registration = RegistrationFactory(activity=activity, person=person)
    grant = GrantFactory()
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
        "person": person.pk,
        "funder": grant.funder.pk,
        "grant": grant.pk,
        "budget_year": BudgetYearFactory(year=2019).year,
        "rule": PolicyRule.objects.order_by("code").first().code,
        "campaign": campaign.pk,
        "user": author.pk,
        "trajectory": TrajectoryFactory(person=person).pk,
        "organisation": OrganisationFactory().pk,
        "report": ReportSnapshot.objects.create(
            label="sample report", kind=ReportKind.PARTICIPANTS
        ).pk,
    }
