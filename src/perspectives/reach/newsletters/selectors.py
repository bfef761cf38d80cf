"""Reads of the newsletters: subscriber counts from the history, campaigns and their progress."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from perspectives.core.access import access_object, foundation_staff_only

from .models import (
    Campaign,
    CampaignDelivery,
    NewsletterList,
    Subscription,
    SubscriptionEvent,
    SubscriptionEventType,
    SubscriptionStatus,
)
from .tokens import hash_confirmation_token, read_unsubscribe_token


def _end_of_day(day: dt.date) -> dt.datetime:
    """The first moment after `day` in the foundation's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


def count_active_subscribers(*, list: NewsletterList | None = None, on: dt.date) -> int:  # noqa: A002
    """Active subscribers at the end of `on`, from the history, in one query.

    A subscription counts when its last event up to that moment is a confirmation. Without a
    list: the sum over all active lists (an address on two lists counts twice).
    """
    last_event = (
        SubscriptionEvent.objects.filter(subscription=OuterRef("pk"), at__lt=_end_of_day(on))
        .order_by("-at", "-id")
        .values("event")[:1]
    )
    subscriptions = Subscription.objects.all()
    if list is not None:
        subscriptions = subscriptions.filter(newsletter_list=list)
    else:
        subscriptions = subscriptions.filter(newsletter_list__is_active=True)
    return (
        subscriptions.annotate(last_event=Subquery(last_event))
        .filter(last_event=SubscriptionEventType.CONFIRMED)
        .count()
    )


def get_first_subscription_day() -> dt.date | None:
    """The day of the earliest subscription event on an active list: where the history starts."""
    first = (
        SubscriptionEvent.objects.filter(subscription__newsletter_list__is_active=True)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    return first.astimezone(ZoneInfo(settings.TIME_ZONE)).date() if first else None


def list_subscribers_by_month_end(*, today: dt.date, months: int = 12) -> list[dict]:
    """Active subscribers at each of the last `months` month ends (this month: today), newest first."""
    rows = []
    month_start = today.replace(day=1)
    for offset in range(months):
        day = today if offset == 0 else month_start - dt.timedelta(days=1)
        if offset:
            month_start = day.replace(day=1)
        rows.append({"day": day, "subscribers": count_active_subscribers(on=day)})
    return rows


def list_newsletter_lists() -> QuerySet[NewsletterList]:
    """All lists with their number of active subscribers now."""
    return NewsletterList.objects.annotate(
        active_subscribers=Count("subscriptions", filter=Q(subscriptions__status="active"))
    ).order_by("name")


def get_active_newsletter_list(*, code: str) -> NewsletterList:
    """The active list with this code; raises NewsletterList.DoesNotExist."""
    return NewsletterList.objects.get(code=code, is_active=True)


def list_campaigns(*, search: str = "") -> QuerySet[Campaign]:
    """Campaigns, newest first, with their list and delivery counts.

    search: every word in the subject or the list's name.
    """
    campaigns = Campaign.objects.select_related("newsletter_list").annotate(
        delivered=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)),
        failed=Count("deliveries", filter=~Q(deliveries__error="")),
    )
    for term in search.split():
        campaigns = campaigns.filter(
            Q(subject__icontains=term) | Q(newsletter_list__name__icontains=term)
        )
    return campaigns


def get_campaign(*, campaign_id: int) -> Campaign:
    """One campaign with its list; raises Campaign.DoesNotExist."""
    return Campaign.objects.select_related("newsletter_list").get(pk=campaign_id)


def access_campaign(*, user, campaign_id: int) -> Campaign:
    """One campaign with its list, for staff; 404 when missing or not allowed."""
    return access_object(
        user=user,
        queryset=Campaign.objects.select_related("newsletter_list"),
        object_id=campaign_id,
        kind="campaign",
        may_see=foundation_staff_only,
    )


def list_campaign_recipients(*, campaign: Campaign) -> QuerySet[Subscription]:
    """Whom a campaign goes to: the subscriptions of its list that are active now."""
    return Subscription.objects.filter(
        newsletter_list_id=campaign.newsletter_list_id, status=SubscriptionStatus.ACTIVE
    )


def count_campaign_deliveries(*, campaign: Campaign) -> dict[str, int]:
    """Deliveries of a campaign: sent, failed and claimed but not confirmed sent (interrupted)."""
    return CampaignDelivery.objects.filter(campaign=campaign).aggregate(
        sent=Count("id", filter=Q(sent_at__isnull=False)),
        failed=Count("id", filter=~Q(error="")),
        interrupted=Count("id", filter=Q(sent_at__isnull=True, error="")),
    )


def find_subscription_by_confirmation_token(*, token: str) -> Subscription | None:
    """The subscription a confirmation link belongs to, if any (confirmed or not)."""
    return (
        Subscription.objects.select_related("newsletter_list")
        .filter(token_hash=hash_confirmation_token(token))
        .first()
    )


def find_subscription_by_unsubscribe_token(*, token: str) -> Subscription | None:
    """The subscription an unsubscribe link names, or None for a forged or stale link."""
    subscription_id = read_unsubscribe_token(token)
    if subscription_id is None:
        return None
    return Subscription.objects.select_related("newsletter_list").filter(pk=subscription_id).first()


def list_subscriptions_of(*, email: str) -> QuerySet[Subscription]:
    """The confirmed and ended subscriptions of one address (pending ones prove nothing yet)."""
    return (
        Subscription.objects.select_related("newsletter_list")
        .filter(email__iexact=(email or "").strip())
        .exclude(status=SubscriptionStatus.PENDING)
        .order_by("newsletter_list__name")
    )


def has_confirmed_subscription(email: str) -> bool:
    """Whether this address confirmed a subscription to any list (core.registry.known_addresses)."""
    return Subscription.objects.filter(
        email__iexact=(email or "").strip(), status=SubscriptionStatus.ACTIVE
    ).exists()
