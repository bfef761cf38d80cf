"""A campaign asks for confirmation before it goes out, and can be scheduled (docs/decisions/0024)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from perspectives.core.models import AuditEntry
from perspectives.reach.models import Campaign, CampaignDelivery
from perspectives.reach.newsletters import services
from perspectives.reach.tests.factories import NewsletterListFactory, subscribe_confirmed

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Staff look at the form a week and a half before the moment in the brief's example.
TODAY = dt.datetime(2026, 12, 1, 10, 0, tzinfo=AMSTERDAM)
MOMENT = dt.datetime(2026, 12, 12, 9, 0, tzinfo=AMSTERDAM)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def database_queue():
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


@pytest.fixture
def newsletter():
    newsletter = NewsletterListFactory(name="Mediawerk")
    subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    subscribe_confirmed(newsletter_list=newsletter, email="bert@example.org")
    return newsletter


def a_tested_campaign(newsletter, staff_user, *, subject="Juni"):
    campaign = services.create_campaign(
        newsletter_list=newsletter, subject=subject, body_markdown="Nieuws.", actor=staff_user
    )
    services.send_campaign_test(campaign=campaign, actor=staff_user)
    return Campaign.objects.get(pk=campaign.pk)


def scheduled_campaign(newsletter, staff_user, *, send_at=MOMENT):
    campaign = a_tested_campaign(newsletter, staff_user)
    return services.schedule_campaign(
        campaign=campaign, send_at=send_at, actor=staff_user, now=TODAY
    )


def campaign_tasks(name: str):
    return DBTaskResult.objects.filter(task_path__endswith=f".{name}").order_by("enqueued_at")


# Services: sending once


def test_a_campaign_being_sent_or_sent_is_not_started_again(
    newsletter, staff_user, django_capture_on_commit_callbacks
):
    campaign = a_tested_campaign(newsletter, staff_user)
    services.start_campaign_send(campaign=campaign, actor=staff_user)  # sending: task not run
    with pytest.raises(ValidationError) as sending:
        services.start_campaign_send(campaign=campaign, actor=staff_user)
    assert sending.value.code == "started"
    services.send_campaign_batch(campaign=campaign)
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"
    mail.outbox.clear()
    with pytest.raises(ValidationError) as sent, django_capture_on_commit_callbacks(execute=True):
        services.start_campaign_send(campaign=campaign, actor=staff_user)
    assert sent.value.code == "started"
    assert mail.outbox == []
    assert CampaignDelivery.objects.filter(campaign=campaign).count() == 2
    assert AuditEntry.objects.filter(action="reach.campaign.send_started").count() == 1


def test_a_campaign_being_sent_or_sent_cannot_be_scheduled(newsletter, staff_user, database_queue):
    campaign = a_tested_campaign(newsletter, staff_user)
    services.start_campaign_send(campaign=campaign, actor=staff_user)
    with pytest.raises(ValidationError) as refused:
        services.schedule_campaign(campaign=campaign, send_at=MOMENT, actor=staff_user, now=TODAY)
    assert refused.value.code == "started"
    assert not campaign_tasks("start_scheduled_campaign_task").exists()


# Services: scheduling


def test_scheduling_needs_a_test_send_first(newsletter, staff_user, database_queue):
    campaign = services.create_campaign(
        newsletter_list=newsletter, subject="Juni", body_markdown="Nieuws.", actor=staff_user
    )
    with pytest.raises(ValidationError) as refused:
        services.schedule_campaign(campaign=campaign, send_at=MOMENT, actor=staff_user, now=TODAY)
    assert refused.value.code == "untested"


def test_a_moment_now_is_refused_and_one_a_minute_ahead_is_accepted(
    newsletter, staff_user, database_queue
):
    campaign = a_tested_campaign(newsletter, staff_user)
    with pytest.raises(ValidationError) as refused:
        services.schedule_campaign(campaign=campaign, send_at=TODAY, actor=staff_user, now=TODAY)
    assert refused.value.code == "past"
    assert Campaign.objects.get(pk=campaign.pk).status == "test_sent"
    scheduled = services.schedule_campaign(
        campaign=campaign, send_at=TODAY + MINUTE, actor=staff_user, now=TODAY
    )
    assert scheduled.status == "scheduled" and scheduled.scheduled_at == TODAY + MINUTE


def test_the_schedule_is_stored_and_a_task_is_queued_in_the_database_for_its_moment(
    newsletter, staff_user, database_queue
):
    campaign = scheduled_campaign(newsletter, staff_user)
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.status, stored.scheduled_at) == ("scheduled", MOMENT)
    (task,) = campaign_tasks("start_scheduled_campaign_task")
    assert task.status == "READY" and task.run_after == MOMENT
    assert task.task_result.kwargs == {"campaign_id": campaign.pk}
    entry = AuditEntry.objects.get(action="reach.campaign.scheduled")
    assert entry.data == {"scheduled_at": MOMENT.isoformat()}


def test_a_scheduled_campaign_is_not_started_a_minute_before_its_moment_but_at_it(
    newsletter, staff_user, database_queue
):
    campaign = scheduled_campaign(newsletter, staff_user)
    assert services.start_scheduled_campaign(campaign_id=campaign.pk, now=MOMENT - MINUTE) is False
    assert Campaign.objects.get(pk=campaign.pk).status == "scheduled"
    assert not campaign_tasks("send_campaign_task").exists()
    assert services.start_scheduled_campaign(campaign_id=campaign.pk, now=MOMENT) is True
    assert Campaign.objects.get(pk=campaign.pk).status == "sending"
    assert campaign_tasks("send_campaign_task").count() == 1
    # Its task, run again (a retry, a second worker), starts nothing a second time.
    assert services.start_scheduled_campaign(campaign_id=campaign.pk, now=MOMENT) is False
    assert campaign_tasks("send_campaign_task").count() == 1


def test_a_scheduled_campaign_whose_worker_was_down_starts_after_its_moment(
    newsletter, staff_user, database_queue
):
    campaign = scheduled_campaign(newsletter, staff_user)
    later = MOMENT + dt.timedelta(hours=3)
    assert services.start_scheduled_campaign(campaign_id=campaign.pk, now=later) is True
    entry = AuditEntry.objects.get(action="reach.campaign.send_started")
    assert entry.actor_id is None and entry.data["scheduled"] is True


def test_an_unscheduled_campaign_is_not_started_by_the_task_of_its_old_moment(
    newsletter, staff_user, database_queue
):
    campaign = scheduled_campaign(newsletter, staff_user)
    unscheduled = services.unschedule_campaign(campaign=campaign, actor=staff_user)
    assert (unscheduled.status, unscheduled.scheduled_at) == ("test_sent", None)
    assert services.start_scheduled_campaign(campaign_id=campaign.pk, now=MOMENT) is False
    assert Campaign.objects.get(pk=campaign.pk).status == "test_sent"
    with pytest.raises(ValidationError) as twice:
        services.unschedule_campaign(campaign=campaign, actor=staff_user)
    assert twice.value.code == "not_scheduled"


def test_a_rescheduled_campaign_starts_at_its_new_moment_only(
    newsletter, staff_user, database_queue
):
    campaign = scheduled_campaign(newsletter, staff_user)
    later = MOMENT + dt.timedelta(days=2)
    services.schedule_campaign(campaign=campaign, send_at=later, actor=staff_user, now=TODAY)
    assert [task.run_after for task in campaign_tasks("start_scheduled_campaign_task")] == [
        MOMENT,
        later,
    ]
    assert services.start_scheduled_campaign(campaign_id=campaign.pk, now=MOMENT) is False
    assert services.start_scheduled_campaign(campaign_id=campaign.pk, now=later - MINUTE) is False
    assert services.start_scheduled_campaign(campaign_id=campaign.pk, now=later) is True
    assert AuditEntry.objects.filter(action="reach.campaign.rescheduled").count() == 1


def test_sending_a_scheduled_campaign_now_drops_its_schedule(
    newsletter, staff_user, database_queue
):
    campaign = scheduled_campaign(newsletter, staff_user)
    sending = services.start_campaign_send(campaign=campaign, actor=staff_user)
    assert (sending.status, sending.scheduled_at) == ("sending", None)
    assert services.start_scheduled_campaign(campaign_id=campaign.pk, now=MOMENT) is False
    assert campaign_tasks("send_campaign_task").count() == 1


def test_a_scheduled_campaign_cannot_be_changed_or_tested_again(
    newsletter, staff_user, database_queue
):
    campaign = scheduled_campaign(newsletter, staff_user)
    with pytest.raises(ValidationError):
        services.update_campaign(
            campaign=campaign, subject="Anders", body_markdown="Anders.", actor=staff_user
        )
    with pytest.raises(ValidationError) as retest:
        services.send_campaign_test(campaign=campaign, actor=staff_user)
    assert retest.value.code == "not_editable"
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (stored.subject, stored.status) == ("Juni", "scheduled")


def test_without_a_queue_that_can_wait_scheduling_is_refused(newsletter, staff_user):
    # The test settings' immediate backend runs every task at once: it cannot wait for a moment.
    campaign = a_tested_campaign(newsletter, staff_user)
    with pytest.raises(ValidationError) as refused:
        services.schedule_campaign(campaign=campaign, send_at=MOMENT, actor=staff_user, now=TODAY)
    assert refused.value.code == "no_defer"
    assert Campaign.objects.get(pk=campaign.pk).status == "test_sent"


def test_the_database_refuses_a_scheduled_campaign_without_a_moment(newsletter, staff_user):
    campaign = a_tested_campaign(newsletter, staff_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(status="scheduled", scheduled_at=None)
    Campaign.objects.filter(pk=campaign.pk).update(status="scheduled", scheduled_at=MOMENT)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after a task
def test_a_worker_started_after_the_schedule_sends_at_the_moment_and_not_before(
    staff_user, database_queue
):
    newsletter = NewsletterListFactory(name="Mediawerk")
    subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    subscribe_confirmed(newsletter_list=newsletter, email="bert@example.org")
    with time_machine.travel(TODAY, tick=False):
        campaign = scheduled_campaign(newsletter, staff_user)
    mail.outbox.clear()
    # Nothing of the request's process is left: what the worker knows is in the database.
    with time_machine.travel(MOMENT - MINUTE, tick=False):
        call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
    assert Campaign.objects.get(pk=campaign.pk).status == "scheduled"
    assert mail.outbox == []
    with time_machine.travel(MOMENT, tick=False):
        call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
    campaign.refresh_from_db()
    assert campaign.status == "sent" and campaign.sent_at == MOMENT
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bert@example.org"]


# Staff pages


def test_send_shows_a_confirmation_page_and_only_its_post_sends(
    staff_client, newsletter, staff_user, django_capture_on_commit_callbacks
):
    campaign = a_tested_campaign(newsletter, staff_user)
    mail.outbox.clear()
    detail = staff_client.get(reverse("reach:campaign-detail", args=[campaign.pk])).content
    send_url = reverse("reach:campaign-send", args=[campaign.pk])
    assert f'href="{send_url}"'.encode() in detail and b"Versturen" in detail
    page = staff_client.get(send_url).content.decode()
    assert "Versturen bevestigen" in page
    assert "Juni" in page and "Mediawerk" in page and "2 actieve abonnees" in page
    assert "direct nadat je bevestigt" in page
    assert Campaign.objects.get(pk=campaign.pk).status == "test_sent" and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(send_url)
    assert response.url == reverse("reach:campaign-detail", args=[campaign.pk])
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bert@example.org"]


def test_the_confirmation_page_counts_in_the_dutch_way(staff_client, staff_user):
    newsletter = NewsletterListFactory()
    campaign = a_tested_campaign(newsletter, staff_user)
    subscription = subscribe_confirmed(newsletter_list=newsletter, email="een@example.org")
    rows = [
        type(subscription)(
            newsletter_list=newsletter,
            email=f"lid{n}@example.org",
            status="active",
            created_at=subscription.created_at,
        )
        for n in range(1233)
    ]
    type(subscription).objects.bulk_create(rows)
    page = staff_client.get(reverse("reach:campaign-send", args=[campaign.pk])).content.decode()
    assert "1.234 actieve abonnees" in page


def test_the_send_post_needs_the_csrf_token(newsletter, staff_user):
    campaign = a_tested_campaign(newsletter, staff_user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    response = client.post(reverse("reach:campaign-send", args=[campaign.pk]))
    assert response.status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).status == "test_sent"


def test_a_second_send_is_refused_with_a_message_and_mails_nobody(
    staff_client, newsletter, staff_user, django_capture_on_commit_callbacks
):
    campaign = a_tested_campaign(newsletter, staff_user)
    send_url = reverse("reach:campaign-send", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(send_url)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(send_url, follow=True)
    assert "hij gaat niet nog een keer uit" in response.content.decode()
    assert mail.outbox == []
    page = staff_client.get(send_url).content.decode()
    assert "hij gaat niet nog een keer uit" in page and "Ja, nu versturen" not in page


def test_an_untested_campaign_has_no_send_button_and_its_confirmation_page_says_why(
    staff_client, newsletter, staff_user
):
    campaign = services.create_campaign(
        newsletter_list=newsletter, subject="Juni", body_markdown="Nieuws.", actor=staff_user
    )
    send_url = reverse("reach:campaign-send", args=[campaign.pk])
    detail = staff_client.get(reverse("reach:campaign-detail", args=[campaign.pk])).content
    assert send_url.encode() not in detail
    page = staff_client.get(send_url).content.decode()
    assert "Stuur eerst een test naar jezelf" in page and "Ja, nu versturen" not in page


@time_machine.travel(TODAY)
def test_staff_schedule_in_dutch_time_confirm_it_and_see_it_on_the_campaign(
    staff_client, newsletter, staff_user, database_queue
):
    campaign = a_tested_campaign(newsletter, staff_user)
    url = reverse("reach:campaign-schedule", args=[campaign.pk])
    assert staff_client.get(url).status_code == 200
    confirm = staff_client.post(url, {"send_at": "2026-12-12T09:00"})
    page = confirm.content.decode()
    assert confirm.status_code == 200 and "Planning bevestigen" in page
    assert "Juni" in page and "Mediawerk" in page and "2 actieve abonnees" in page
    assert "vanaf 12-12-2026 09:00 (Nederlandse tijd)" in page
    assert Campaign.objects.get(pk=campaign.pk).status == "test_sent"
    response = staff_client.post(url, {"send_at": "2026-12-12T09:00", "confirm": "1"})
    assert response.url == reverse("reach:campaign-detail", args=[campaign.pk])
    stored = Campaign.objects.get(pk=campaign.pk)
    assert stored.status == "scheduled"
    assert stored.scheduled_at == dt.datetime(2026, 12, 12, 8, 0, tzinfo=dt.UTC)  # winter: +1
    detail = staff_client.get(response.url).content.decode()
    assert "Gepland voor 12-12-2026 09:00" in detail
    listing = staff_client.get(reverse("reach:campaign-list")).content.decode()
    assert "Gepland voor 12-12-2026 09:00" in listing
    again = staff_client.get(url).content.decode()
    assert 'value="2026-12-12T09:00"' in again  # rescheduling starts from the moment set


@time_machine.travel(TODAY)
def test_a_summer_moment_is_dutch_summer_time(staff_client, newsletter, staff_user, database_queue):
    campaign = a_tested_campaign(newsletter, staff_user)
    staff_client.post(
        reverse("reach:campaign-schedule", args=[campaign.pk]),
        {"send_at": "2027-07-01T09:00", "confirm": "1"},
    )
    stored = Campaign.objects.get(pk=campaign.pk)
    assert stored.scheduled_at == dt.datetime(2027, 7, 1, 7, 0, tzinfo=dt.UTC)


@time_machine.travel(TODAY)
@pytest.mark.parametrize("confirm", [{}, {"confirm": "1"}], ids=["form", "confirmation"])
def test_a_moment_in_the_past_is_a_translated_form_error(
    staff_client, newsletter, staff_user, database_queue, confirm
):
    campaign = a_tested_campaign(newsletter, staff_user)
    response = staff_client.post(
        reverse("reach:campaign-schedule", args=[campaign.pk]),
        {"send_at": "2026-12-01T09:59", **confirm},
    )
    assert response.status_code == 200
    assert "Kies een moment in de toekomst." in response.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).status == "test_sent"
    assert not campaign_tasks("start_scheduled_campaign_task").exists()


@time_machine.travel(TODAY)
def test_a_moment_that_is_not_a_date_is_a_translated_form_error(
    staff_client, newsletter, staff_user, database_queue
):
    campaign = a_tested_campaign(newsletter, staff_user)
    response = staff_client.post(
        reverse("reach:campaign-schedule", args=[campaign.pk]), {"send_at": "morgen"}
    )
    assert "Voer een geldige datum/tijd in." in response.content.decode()


@time_machine.travel(TODAY)
def test_staff_unschedule_a_campaign(staff_client, newsletter, staff_user, database_queue):
    campaign = scheduled_campaign(newsletter, staff_user)
    detail_url = reverse("reach:campaign-detail", args=[campaign.pk])
    response = staff_client.post(
        reverse("reach:campaign-unschedule", args=[campaign.pk]), follow=True
    )
    assert response.redirect_chain == [(detail_url, 302)]
    page = response.content.decode()
    assert "De planning is ingetrokken" in page and "Gepland voor" not in page
    assert Campaign.objects.get(pk=campaign.pk).status == "test_sent"


@time_machine.travel(TODAY)
def test_the_pages_speak_english_to_whoever_chose_it(
    client, staff_user, newsletter, database_queue
):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    campaign = scheduled_campaign(newsletter, staff_user)
    page = client.get(reverse("reach:campaign-send", args=[campaign.pk])).content.decode()
    assert "Confirm the send" in page and "2 active subscribers" in page
    detail = client.get(reverse("reach:campaign-detail", args=[campaign.pk])).content.decode()
    assert "Scheduled for 12-12-2026 09:00" in detail
    past = client.post(
        reverse("reach:campaign-schedule", args=[campaign.pk]), {"send_at": "2026-11-30T09:00"}
    )
    assert "Choose a moment in the future." in past.content.decode()
