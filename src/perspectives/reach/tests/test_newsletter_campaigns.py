import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from perspectives.core.models import AuditEntry
from perspectives.reach.models import Campaign, CampaignDelivery
from perspectives.reach.newsletters import services
from perspectives.reach.newsletters.rendering import render_markdown
from perspectives.reach.newsletters.tasks import send_campaign_task
from perspectives.reach.newsletters.tokens import read_unsubscribe_token
from perspectives.reach.tests.factories import NewsletterListFactory, subscribe_confirmed

pytestmark = pytest.mark.django_db

BASE = "https://perspectives.example.org/"


@pytest.fixture(autouse=True)
def site_url(settings):
    """Links in mail are built from SITE_URL, whatever host a request came in on."""
    settings.SITE_URL = BASE.rstrip("/")


class Crash(BaseException):
    """Stands for the worker process dying: not an error the sending loop may catch."""


class CrashingBackend:
    """A mail backend that delivers to the locmem outbox and dies at the n-th message."""

    crash_at = 3

    def __init__(self, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.inner = EmailBackend(**kwargs)

    def send_messages(self, messages):
        if len(mail.outbox) + 1 == self.crash_at:
            raise Crash
        return self.inner.send_messages(messages)


def campaign_for(newsletter, staff_user, *, body="# Hallo\n\nNieuws."):
    return services.create_campaign(
        newsletter_list=newsletter, subject="Nieuws", body_markdown=body, actor=staff_user
    )


def after_test_send(campaign, staff_user):
    services.send_campaign_test(campaign=campaign, actor=staff_user)
    return Campaign.objects.get(pk=campaign.pk)


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "# Kop\n\n**vet** [link](https://example.org)\n\n<script>alert(1)</script>\n\n"
        '<img src="x.png" onerror="alert(1)"> [kwaad](javascript:alert(1)) '
        '<a href="https://example.org" onclick="steal()">a</a> <a href="javascript:alert(2)">b</a>'
    )
    assert "<h1>Kop</h1>" in html and "<strong>vet</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert 'href="javascript:' not in html


def test_the_real_send_is_refused_before_a_test_send(staff_user):
    campaign = campaign_for(NewsletterListFactory(), staff_user)
    with pytest.raises(ValidationError):
        services.start_campaign_send(campaign=campaign, actor=staff_user)


def test_the_test_goes_to_the_staff_member_only(staff_user, django_capture_on_commit_callbacks):
    newsletter = NewsletterListFactory()
    subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    campaign = campaign_for(newsletter, staff_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = after_test_send(campaign, staff_user)
    assert campaign.status == "test_sent"
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert mail.outbox[0].subject.startswith("[TEST]")


def test_changing_the_text_after_the_test_asks_for_a_new_test(staff_user):
    campaign = after_test_send(campaign_for(NewsletterListFactory(), staff_user), staff_user)
    changed = services.update_campaign(
        campaign=campaign, subject="Nieuws", body_markdown="Anders.", actor=staff_user
    )
    assert changed.status == "draft"
    with pytest.raises(ValidationError):
        services.start_campaign_send(campaign=changed, actor=staff_user)


def test_sending_mails_every_active_subscriber_once_with_one_click_unsubscribe(
    staff_user, django_capture_on_commit_callbacks
):
    newsletter = NewsletterListFactory()
    anna = subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    subscribe_confirmed(newsletter_list=newsletter, email="bert@example.org")
    gone = subscribe_confirmed(newsletter_list=newsletter, email="cees@example.org")
    services.unsubscribe(subscription=gone)
    subscribe_confirmed(newsletter_list=NewsletterListFactory(), email="dirk@example.org")
    campaign = after_test_send(campaign_for(newsletter, staff_user, body="**Vet**"), staff_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.start_campaign_send(campaign=campaign, actor=staff_user)
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bert@example.org"]
    message = next(m for m in mail.outbox if m.to == ["anna@example.org"])
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith(f"<{BASE}nieuwsbrief/afmelden/") and link.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = link.removeprefix(f"<{BASE}nieuwsbrief/afmelden/").removesuffix("/>")
    assert read_unsubscribe_token(token) == anna.pk
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>Vet</strong>" in html
    assert "**Vet**" in message.body and token in message.body
    campaign.refresh_from_db()
    assert campaign.status == "sent" and campaign.sent_at is not None
    assert CampaignDelivery.objects.filter(campaign=campaign, sent_at__isnull=False).count() == 2
    assert AuditEntry.objects.filter(action="reach.campaign.sent").count() == 1


def test_batches_follow_the_rate(staff_user, settings):
    settings.NEWSLETTER_SEND_RATE_PER_MINUTE = 2
    newsletter = NewsletterListFactory()
    for n in range(5):
        subscribe_confirmed(newsletter_list=newsletter, email=f"lid{n}@example.org")
    campaign = after_test_send(campaign_for(newsletter, staff_user), staff_user)
    services.start_campaign_send(campaign=campaign, actor=staff_user)
    mail.outbox.clear()
    results = [services.send_campaign_batch(campaign=campaign) for _ in range(4)]
    assert [(r.sent, r.remaining) for r in results] == [(2, 3), (2, 1), (1, 0), (0, 0)]
    assert len(mail.outbox) == 5
    campaign.refresh_from_db()
    assert campaign.status == "sent" and campaign.rate_per_minute == 2


def test_a_send_restarted_after_a_crash_mails_nobody_twice(staff_user, settings):
    newsletter = NewsletterListFactory()
    for n in range(6):
        subscribe_confirmed(newsletter_list=newsletter, email=f"lid{n}@example.org")
    campaign = after_test_send(campaign_for(newsletter, staff_user), staff_user)
    services.start_campaign_send(campaign=campaign, actor=staff_user)
    mail.outbox.clear()
    settings.EMAIL_BACKEND = f"{__name__}.CrashingBackend"
    with pytest.raises(Crash):
        send_campaign_task.call(campaign_id=campaign.pk)
    assert len(mail.outbox) == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_campaign_task.call(campaign_id=campaign.pk)
    send_campaign_task.call(campaign_id=campaign.pk)  # and once more: nothing
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 5  # the one in flight at the crash is skipped
    assert CampaignDelivery.objects.filter(campaign=campaign).count() == 6
    campaign.refresh_from_db()
    assert campaign.status == "sent"


def test_a_refused_address_is_recorded_and_the_rest_still_sent(staff_user, settings):
    newsletter = NewsletterListFactory()
    for n in range(3):
        subscribe_confirmed(newsletter_list=newsletter, email=f"lid{n}@example.org")
    campaign = after_test_send(campaign_for(newsletter, staff_user), staff_user)
    services.start_campaign_send(campaign=campaign, actor=staff_user)
    mail.outbox.clear()
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    services.send_campaign_batch(campaign=campaign)
    errors = list(CampaignDelivery.objects.exclude(error="").values_list("error", flat=True))
    assert len(errors) == 1 and "refused" in errors[0]
    assert len(mail.outbox) == 2


class RefusingBackend(CrashingBackend):
    def send_messages(self, messages):
        if messages[0].to == ["lid1@example.org"]:
            raise OSError("550 mailbox refused")
        return self.inner.send_messages(messages)


# Staff pages


PAGES = [
    ("get", "reach:campaign-list", False),
    ("get", "reach:campaign-create", False),
    ("get", "reach:newsletter-list-create", False),
    ("get", "reach:campaign-detail", True),
    ("post", "reach:campaign-test", True),
    ("get", "reach:campaign-send", True),
    ("post", "reach:campaign-send", True),
    ("get", "reach:campaign-schedule", True),
    ("post", "reach:campaign-schedule", True),
    ("post", "reach:campaign-unschedule", True),
]


@pytest.mark.parametrize(("method", "name", "needs_pk"), PAGES)
def test_newsletter_staff_pages_need_staff(client, staff_user, method, name, needs_pk):
    from perspectives.accounts.models import Role
    from perspectives.accounts.services import create_user

    campaign = campaign_for(NewsletterListFactory(), staff_user)
    url = reverse(name, args=[campaign.pk] if needs_pk else [])
    response = getattr(client, method)(url)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    client.force_login(create_user(email="p@example.org", password=None, role=Role.PARTICIPANT))
    assert getattr(client, method)(url).status_code == 403


def test_staff_write_preview_test_and_send_a_campaign(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    newsletter = NewsletterListFactory(name="Mediawerk")
    subscribe_confirmed(newsletter_list=newsletter, email="anna@example.org")
    data = {
        "newsletter_list": newsletter.pk,
        "subject": "Juni",
        "body_markdown": "**Hallo** <script>x()</script>",
    }
    preview = staff_client.post(reverse("reach:campaign-create"), {**data, "preview": "1"})
    html = preview.content.decode()
    assert "<strong>Hallo</strong>" in html and "<script>x()" not in html
    assert not Campaign.objects.exists()
    response = staff_client.post(reverse("reach:campaign-create"), data)
    campaign = Campaign.objects.get()
    assert response.url == reverse("reach:campaign-detail", args=[campaign.pk])
    assert staff_client.get(response.url).status_code == 200
    mail.outbox.clear()
    staff_client.post(reverse("reach:campaign-send", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("reach:campaign-test", args=[campaign.pk]))
        staff_client.post(reverse("reach:campaign-send", args=[campaign.pk]))
    assert [m.to for m in mail.outbox] == [[staff_user.email], ["anna@example.org"]]
    campaign.refresh_from_db()
    assert campaign.status == "sent"
    page = staff_client.get(reverse("reach:campaign-list")).content.decode()
    assert "Juni" in page and "Mediawerk" in page


def test_staff_create_a_list(staff_client):
    response = staff_client.post(
        reverse("reach:newsletter-list-create"), {"code": "mediawerk", "name": "Mediawerk"}
    )
    assert response.status_code == 302
    assert staff_client.get(reverse("reach:subscribe", args=["mediawerk"])).status_code == 200


def test_each_subscriber_gets_the_campaign_frame_in_their_own_language(staff_user):
    newsletter = NewsletterListFactory(name="Mediabrief")
    for email, language in [("en@example.org", "en"), ("nl@example.org", "nl")]:
        subscription = subscribe_confirmed(newsletter_list=newsletter, email=email)
        type(subscription).objects.filter(pk=subscription.pk).update(language=language)
    campaign = after_test_send(campaign_for(newsletter, staff_user), staff_user)
    services.start_campaign_send(campaign=campaign, actor=staff_user)
    mail.outbox.clear()
    services.send_campaign_batch(campaign=campaign)
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "You receive Mediabrief because you subscribed to it." in bodies["en@example.org"]
    assert "You receive Mediabrief" not in bodies["nl@example.org"]
