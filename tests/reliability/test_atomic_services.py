"""Bar 36: every service that writes more than one row, or mails, is all or nothing.

For each service the database refuses its 1st, 2nd, ... k-th write in turn (see `faults.py`);
after each refusal every table is as before, and no mail and no task went out. A service that
does not surface the fault, or leaves a row behind, fails here. Erasure has its own, per
eraser, in `privacy/tests/test_erasure.py`.
"""

import datetime as dt
from decimal import Decimal

import pytest

from perspectives.accounts.models import Role, User
from perspectives.activities.models import Registration, RegistrationStatus
from perspectives.activities.tests.factories import ActivityFactory, RegistrationFactory
from perspectives.coaching.models import Trajectory
from perspectives.coaching.tests.factories import TrajectoryFactory
from perspectives.funding.models import Grant
from perspectives.funding.tests.factories import FunderFactory, GrantFactory
from perspectives.people.tests.factories import OrganisationFactory, PersonFactory
from perspectives.reach.newsletters.models import Campaign
from perspectives.reach.tests.factories import NewsletterListFactory

from .faults import assert_all_or_nothing

pytestmark = pytest.mark.django_db
CONSENT = {
    "consent_text": "Ik wil de nieuwsbrief ontvangen.",
    "consent_text_version": "test",
}


def accounts_create_user(staff):
    from perspectives.accounts.services import create_user

    return lambda: create_user(
        email="nieuw@example.org", password=None, role=Role.COACH, actor=staff
    )


def accounts_change_role(staff):
    from perspectives.accounts.services import change_role, create_user

    user = create_user(email="rol@example.org", password=None, role=Role.PARTICIPANT)
    # Each run from the stored row: a failed run leaves the in-memory object changed.
    return lambda: change_role(user=User.objects.get(pk=user.pk), role=Role.COACH, actor=staff)


def accounts_enrol_totp(staff):
    from perspectives.accounts.services import create_user, enrol_totp

    user = create_user(email="totp@example.org", password=None, role=Role.COACH)
    return lambda: enrol_totp(user=user)


def activities_create_activity(staff):
    from perspectives.activities.services import create_activity

    return lambda: create_activity(
        actor=staff,
        code="nieuw-1",
        title="Workshop",
        type="workshop",
        pillar="talent",
        starts_on=dt.date(2021, 3, 1),
    )


def activities_duplicate_activity(staff):
    from perspectives.activities.services import duplicate_activity

    original = ActivityFactory(code="origineel")
    return lambda: duplicate_activity(activity=original, code="kopie", actor=staff)


def activities_publish_activity(staff):
    from perspectives.activities.models import Activity
    from perspectives.activities.services import publish_activity

    draft = ActivityFactory(is_draft=True)
    return lambda: publish_activity(activity=Activity.objects.get(pk=draft.pk), actor=staff)


def activities_register_participant(staff):
    from perspectives.activities.services import register_participant

    activity, person = ActivityFactory(capacity=10), PersonFactory()
    return lambda: register_participant(activity=activity, person=person, actor=staff)


def activities_set_status_frees_a_seat(staff):
    from perspectives.activities.services import set_registration_status

    activity = ActivityFactory(capacity=1, starts_on=dt.date.today() + dt.timedelta(days=30))
    seated = RegistrationFactory(activity=activity, status=RegistrationStatus.REGISTERED)
    RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLISTED)
    return lambda: set_registration_status(
        registration=Registration.objects.get(pk=seated.pk),
        status=RegistrationStatus.CANCELLED,
        actor=staff,
    )


def activities_mark_attendance(staff):
    from perspectives.activities.services import mark_attendance

    activity = ActivityFactory()
    ids = [
        RegistrationFactory(activity=activity, status=RegistrationStatus.REGISTERED).pk
        for _ in range(3)
    ]
    return lambda: mark_attendance(
        activity=activity,
        registration_ids=ids,
        status=RegistrationStatus.ATTENDED,
        actor=staff,
    )


def activities_sign_up(staff):
    from perspectives.activities.services import sign_up

    activity = ActivityFactory(capacity=5, starts_on=dt.date.today() + dt.timedelta(days=30))
    return lambda: sign_up(
        activity=activity,
        email="deelnemer@example.org",
        first_name="Dee",
        last_name="Lnemer",
        participant_type="student",
        organisation="Omroep Zuid",
        source="form",
    )


def activities_cancel_registration(staff):
    from perspectives.activities.services import cancel_registration

    activity = ActivityFactory(capacity=1, starts_on=dt.date.today() + dt.timedelta(days=30))
    seated = RegistrationFactory(activity=activity, status=RegistrationStatus.REGISTERED)
    RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLISTED)
    return lambda: cancel_registration(
        registration=Registration.objects.get(pk=seated.pk), actor=staff
    )


def activities_import(staff):
    from perspectives.core.imports import run_import

    data = (
        b"code,title,type,pillar,starts_on,organiser\n"
        b"imp-1,Eerste,workshop,talent,2021-01-05,Omroep Een\n"
        b"imp-2,Tweede,training,talent,2021-02-05,Omroep Twee\n"
    )
    return lambda: run_import(kind="activities", file=data, file_name="a.csv", actor=staff)


def registrations_import(staff):
    from perspectives.core.imports import run_import

    activity = ActivityFactory(code="reg-1")
    # New rows go in with COPY on PostgreSQL, which no execute wrapper sees; the changed row
    # (an UPDATE) and the audit entry are writes the fault can hit on both databases.
    RegistrationFactory(
        activity=activity,
        person=PersonFactory(email="oud@example.org"),
        status=RegistrationStatus.REGISTERED,
    )
    data = (
        b"activity_code,email,first_name,last_name,status\n"
        b"reg-1,een@example.org,Een,Persoon,attended\n"
        b"reg-1,twee@example.org,Twee,Persoon,registered\n"
        b"reg-1,oud@example.org,Oud,Persoon,attended\n"
    )
    return lambda: run_import(kind="registrations", file=data, file_name="r.csv", actor=staff)


def coaching_start_trajectory(staff):
    from perspectives.coaching.services import start_trajectory

    person = PersonFactory()
    return lambda: start_trajectory(
        person=person, kind="career", started_on=dt.date(2021, 1, 4), actor=staff
    )


def coaching_update_trajectory(staff):
    from perspectives.coaching.services import update_trajectory

    trajectory = TrajectoryFactory()
    return lambda: update_trajectory(
        trajectory=Trajectory.objects.get(pk=trajectory.pk),
        kind="business",
        started_on=dt.date(2020, 1, 1),
        coach_name="Coach",
        actor=staff,
    )


def coaching_complete_trajectory(staff):
    from perspectives.coaching.services import complete_trajectory

    trajectory = TrajectoryFactory()
    return lambda: complete_trajectory(
        trajectory=Trajectory.objects.get(pk=trajectory.pk),
        ended_on=dt.date(2021, 6, 1),
        actor=staff,
    )


def funding_record_grant(staff):
    from perspectives.funding.services import record_grant

    funder = FunderFactory()
    return lambda: record_grant(
        funder=funder, year=2021, amount=Decimal("1000"), status="granted", actor=staff
    )


def funding_update_grant(staff):
    from perspectives.funding.services import update_grant

    grant = GrantFactory()
    return lambda: update_grant(
        grant=Grant.objects.get(pk=grant.pk),
        funder=grant.funder,
        year=grant.year,
        amount=grant.amount + 1,
        status=grant.status,
        actor=staff,
    )


def funding_set_budget_year(staff):
    from perspectives.funding.services import set_budget_year

    return lambda: set_budget_year(year=2022, total_amount=Decimal("50000"), actor=staff)


def impact_update_indicator_definition(staff):
    from perspectives.impact.models import Indicator
    from perspectives.impact.services import update_indicator_definition

    indicator = Indicator.objects.get(code="knowledge_events")
    definition = {
        "sources": [
            {
                "source": "activities.registrations",
                "params": {"categories": ["knowledge_events", "starters"]},
            }
        ]
    }
    return lambda: update_indicator_definition(
        indicator=Indicator.objects.get(pk=indicator.pk), definition=definition, actor=staff
    )


def impact_freeze_report(staff):
    from perspectives.impact.services import freeze_report

    RegistrationFactory(activity=ActivityFactory(category="knowledge_events"))
    return lambda: freeze_report(
        label="brief-2019", kind="participants", parameters={"years": [2019]}, actor=staff
    )


def impact_record_published_figures(staff):
    from perspectives.impact.services import record_published_figures

    rows = [
        {"indicator": "knowledge_events", "period": "2019", "value": Decimal(2)},
        {"indicator": "starters", "period": "2019", "value": Decimal(3)},
    ]
    return lambda: record_published_figures(report="jaarverslag", rows=rows, actor=staff)


def people_create_person_with_organisation(staff):
    from perspectives.people.services import create_person

    organisation = OrganisationFactory()
    return lambda: create_person(
        email="iemand@example.org", first_name="Iemand", organisation=organisation, actor=staff
    )


def people_affiliate_person(staff):
    from perspectives.people.services import affiliate_person

    person, organisation = PersonFactory(), OrganisationFactory()
    return lambda: affiliate_person(person=person, organisation=organisation, actor=staff)


def privacy_request_erasure(staff):
    from perspectives.privacy.services import request_erasure

    person = PersonFactory()
    return lambda: request_erasure(person=person, actor=staff)


def reach_import_figures(staff):
    from perspectives.core.imports import run_import

    data = (
        b"period_start,period_end,channel,value,method\n"
        b"2021-01-01,2021-12-31,newsletter_subscribers,120,imported\n"
        b"2021-01-01,2021-12-31,vacancy_portal,800,imported\n"
    )
    return lambda: run_import(kind="reach", file=data, file_name="r.csv", actor=staff)


def reach_request_subscription(staff):
    from perspectives.reach.newsletters.services import request_subscription

    newsletter = NewsletterListFactory()
    return lambda: request_subscription(
        newsletter_list=newsletter, email="lezer@example.org", **CONSENT
    )


def reach_confirm_subscription(staff):
    from perspectives.reach.newsletters.services import (
        confirm_subscription,
        request_subscription,
    )
    from perspectives.reach.newsletters.tokens import new_confirmation_token

    newsletter = NewsletterListFactory()
    request_subscription(newsletter_list=newsletter, email="lezer@example.org", **CONSENT)
    # The mailed token is sent on commit, which a test transaction never reaches; one stored the
    # way the service stores it stands in (as in reach's factories).
    token, token_hash = new_confirmation_token()
    newsletter.subscriptions.update(token_hash=token_hash)
    return lambda: confirm_subscription(token=token)


def reach_campaign_test_send(staff):
    from perspectives.reach.newsletters.services import create_campaign, send_campaign_test

    campaign = create_campaign(
        newsletter_list=NewsletterListFactory(),
        subject="Nieuws",
        body_markdown="Hallo",
        actor=staff,
    )
    return lambda: send_campaign_test(campaign=Campaign.objects.get(pk=campaign.pk), actor=staff)


def reach_start_campaign_send(staff):
    from perspectives.reach.newsletters.services import (
        create_campaign,
        send_campaign_test,
        start_campaign_send,
    )

    campaign = create_campaign(
        newsletter_list=NewsletterListFactory(),
        subject="Nieuws",
        body_markdown="Hallo",
        actor=staff,
    )
    send_campaign_test(campaign=campaign, actor=staff)
    return lambda: start_campaign_send(campaign=Campaign.objects.get(pk=campaign.pk), actor=staff)


def reach_schedule_campaign(staff):
    from django.test import override_settings

    from perspectives.reach.newsletters.services import (
        create_campaign,
        schedule_campaign,
        send_campaign_test,
    )

    campaign = create_campaign(
        newsletter_list=NewsletterListFactory(),
        subject="Nieuws",
        body_markdown="Hallo",
        actor=staff,
    )
    send_campaign_test(campaign=campaign, actor=staff)

    # The database queue, whose task row is one of the writes that must roll back together.
    @override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
    def run():
        return schedule_campaign(
            campaign=Campaign.objects.get(pk=campaign.pk),
            send_at=dt.datetime(2999, 1, 1, 9, 0, tzinfo=dt.UTC),
            actor=staff,
        )

    return run


SERVICES = [
    accounts_create_user,
    accounts_change_role,
    accounts_enrol_totp,
    activities_create_activity,
    activities_duplicate_activity,
    activities_publish_activity,
    activities_register_participant,
    activities_set_status_frees_a_seat,
    activities_mark_attendance,
    activities_sign_up,
    activities_cancel_registration,
    activities_import,
    registrations_import,
    coaching_start_trajectory,
    coaching_update_trajectory,
    coaching_complete_trajectory,
    funding_record_grant,
    funding_update_grant,
    funding_set_budget_year,
    impact_update_indicator_definition,
    impact_freeze_report,
    impact_record_published_figures,
    people_create_person_with_organisation,
    people_affiliate_person,
    privacy_request_erasure,
    reach_import_figures,
    reach_request_subscription,
    reach_confirm_subscription,
    reach_campaign_test_send,
    reach_start_campaign_send,
    reach_schedule_campaign,
]


@pytest.mark.parametrize("service", SERVICES, ids=lambda f: f.__name__)
def test_a_fault_at_any_write_leaves_nothing_half_written_and_sends_nothing(
    service, staff_user, django_capture_on_commit_callbacks
):
    run = service(staff_user)

    writes = assert_all_or_nothing(run, django_capture_on_commit_callbacks)

    assert writes >= 2


def test_the_harness_catches_a_service_that_writes_in_two_transactions(
    staff_user, django_capture_on_commit_callbacks
):
    from perspectives.people.services import affiliate_person, create_person

    organisation = OrganisationFactory()

    def two_transactions():
        person = create_person(email="half@example.org", actor=staff_user)
        affiliate_person(person=person, organisation=organisation, actor=staff_user)

    with pytest.raises(AssertionError, match="half written"):
        assert_all_or_nothing(two_transactions, django_capture_on_commit_callbacks)
