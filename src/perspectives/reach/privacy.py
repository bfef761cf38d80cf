"""Reach's part of the personal-data inventory, export, erasure and retention.

Visitor counting holds no personal data once a day is over (its salt is destroyed); newsletter
subscriptions hold an e-mail address, which erasure replaces while the subscription history,
from which subscriber counts come, stays.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from perspectives.core.privacy import (
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
    BOOKKEEPING,
    CONSENT,
    EVERYONE,
    IDENTIFYING,
    LEGITIMATE_INTEREST,
    NONE,
    NOT_APPLICABLE,
    PSEUDONYMOUS,
    FieldUse,
    email_addresses_of,
    export_fields,
    placeholder_email_column,
    uses,
)

from .models import (
    Campaign,
    CampaignDelivery,
    DailyVisitors,
    NewsletterList,
    ReachFigure,
    Subscription,
    SubscriptionEvent,
    SubscriptionEventType,
    SubscriptionStatus,
)
from .newsletters.services import normalise_email
from .services import compact_visitor_hits

SUBSCRIPTION_RETENTION = "RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS"
FIGURES = FieldUse(
    NONE, gettext_noop("report online reach"), NOT_APPLICABLE, AS_LONG_AS_RECORD, EVERYONE
)
NEWSLETTER = FieldUse(
    NONE, gettext_noop("publish newsletters"), NOT_APPLICABLE, AS_LONG_AS_RECORD, BACK_OFFICE
)
SUBSCRIPTION_HISTORY = FieldUse(
    PSEUDONYMOUS,
    gettext_noop("send the newsletter to who asked; count subscribers over time"),
    CONSENT,
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
)

INVENTORY = {
    "reach.ReachFigure": uses([f.name for f in ReachFigure._meta.concrete_fields], FIGURES),
    "reach.DailyVisitors": uses([f.name for f in DailyVisitors._meta.concrete_fields], FIGURES),
    "reach.VisitorSalt": {
        **uses(["id", "day"], BOOKKEEPING),
        "secret": FieldUse(
            NONE,
            gettext_noop("key of one day's visitor hashes; destroyed after the day"),
            NOT_APPLICABLE,
            "RETENTION_VISITOR_HITS_DAYS",
            (),
            exported=False,
        ),
    },
    "reach.VisitorHit": {
        **uses(["id", "day", "section"], BOOKKEEPING),
        "visitor_hash": FieldUse(
            PSEUDONYMOUS,
            gettext_noop("count unique visitors per day without cookies"),
            LEGITIMATE_INTEREST,
            "RETENTION_VISITOR_HITS_DAYS",
            (),
        ),
        "address_hash": FieldUse(
            PSEUDONYMOUS,
            gettext_noop("count one client address as at most a few visitors per day"),
            LEGITIMATE_INTEREST,
            "RETENTION_VISITOR_HITS_DAYS",
            (),
        ),
    },
    "reach.NewsletterList": uses(
        [f.name for f in NewsletterList._meta.concrete_fields], NEWSLETTER
    ),
    "reach.Campaign": {
        **uses([f.name for f in Campaign._meta.concrete_fields], NEWSLETTER),
        "created_by": FieldUse(
            PSEUDONYMOUS,
            gettext_noop("know which staff member wrote a campaign"),
            LEGITIMATE_INTEREST,
            AS_LONG_AS_RECORD,
            BACK_OFFICE,
        ),
    },
    "reach.Subscription": {
        **uses(["id", "created_at"], BOOKKEEPING),
        **uses(
            ["newsletter_list", "status", "confirmed_at", "ended_at", "token_expires_at"],
            SUBSCRIPTION_HISTORY,
        ),
        "email": FieldUse(
            IDENTIFYING,
            gettext_noop("send the newsletter"),
            CONSENT,
            SUBSCRIPTION_RETENTION,
            BACK_OFFICE,
        ),
        "language": FieldUse(
            PSEUDONYMOUS,
            gettext_noop("write to the person in the language they used"),
            CONSENT,
            SUBSCRIPTION_RETENTION,
            BACK_OFFICE,
        ),
        **uses(
            ["consent_text_version", "consent_text", "consented_at"],
            FieldUse(
                PSEUDONYMOUS,
                gettext_noop("prove consent (AVG art. 7)"),
                CONSENT,
                AS_LONG_AS_RECORD,
                BACK_OFFICE,
            ),
        ),
        "token_hash": FieldUse(
            PSEUDONYMOUS,
            gettext_noop("check the confirmation link"),
            CONSENT,
            SUBSCRIPTION_RETENTION,
            (),
            exported=False,
        ),
    },
    "reach.SubscriptionEvent": uses(
        [f.name for f in SubscriptionEvent._meta.concrete_fields], SUBSCRIPTION_HISTORY
    ),
    "reach.CampaignDelivery": {
        **uses(["id", "campaign", "subscription", "claimed_at", "sent_at"], SUBSCRIPTION_HISTORY),
        "error": FieldUse(
            PSEUDONYMOUS,
            gettext_noop("see why a mail failed (may quote the address; erased with it)"),
            CONSENT,
            AS_LONG_AS_RECORD,
            BACK_OFFICE,
        ),
    },
}


def _subscriptions_of(person):
    email = normalise_email(getattr(person, "email", "") or "")
    return Subscription.objects.filter(email=email) if email else Subscription.objects.none()


def export_subscriptions(*, person) -> dict[str, Any]:
    """Subscriptions of the person's e-mail address, with their history and deliveries."""
    rows = []
    subscriptions = _subscriptions_of(person).select_related("newsletter_list")
    for subscription in subscriptions.prefetch_related("events", "deliveries__campaign"):
        row = export_fields(subscription, INVENTORY["reach.Subscription"])
        row["newsletter_name"] = subscription.newsletter_list.name
        row["events"] = [
            export_fields(event, INVENTORY["reach.SubscriptionEvent"])
            for event in subscription.events.all()
        ]
        row["deliveries"] = [
            {
                **export_fields(delivery, INVENTORY["reach.CampaignDelivery"]),
                "campaign_subject": delivery.campaign.subject,
            }
            for delivery in subscription.deliveries.all()
        ]
        rows.append(row)
    return {"newsletter_subscriptions": rows}


def erase_subscriptions(*, people, now: dt.datetime) -> None:
    """Replace the address on every subscription of the people's e-mail addresses.

    Pending requests were never counted and go. The others keep their history: counts up to
    today stay the same. A subscription still running ends at the next midnight, so today's
    counts hold and later ones no longer count someone nobody can mail.
    """
    subscriptions = Subscription.objects.filter(email__in=email_addresses_of(people))
    subscriptions.filter(status=SubscriptionStatus.PENDING).delete()
    # Fixed before the addresses change: afterwards `subscriptions` would match nothing.
    ids = list(subscriptions.values_list("pk", flat=True))
    end = timezone.make_aware(
        dt.datetime.combine(timezone.localdate(now) + dt.timedelta(days=1), dt.time.min)
    )
    running = Subscription.objects.filter(pk__in=ids, status=SubscriptionStatus.ACTIVE)
    SubscriptionEvent.objects.bulk_create(
        SubscriptionEvent(subscription_id=pk, event=SubscriptionEventType.UNSUBSCRIBED, at=end)
        for pk in running.values_list("pk", flat=True)
    )
    running.update(status=SubscriptionStatus.UNSUBSCRIBED, ended_at=end)
    Subscription.objects.filter(pk__in=ids).update(
        email=placeholder_email_column(), token_hash="", token_expires_at=None
    )
    CampaignDelivery.objects.filter(subscription_id__in=ids).exclude(error="").update(error="")


def purge_unconfirmed_subscriptions(*, today: dt.date) -> dict[str, int]:
    """Subscription requests not confirmed within RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS."""
    cutoff_day = today - dt.timedelta(days=settings.RETENTION_UNCONFIRMED_SUBSCRIPTION_DAYS)
    cutoff = timezone.make_aware(dt.datetime.combine(cutoff_day, dt.time.min))
    expired = Subscription.objects.filter(status=SubscriptionStatus.PENDING, created_at__lt=cutoff)
    # Set-based: QuerySet.delete() loads every row to cascade by hand (100,000 rows took 18 s).
    # The rows that point at a subscription go first, each in one statement; then nothing is
    # left to cascade to, and the subscriptions go in one statement too.
    SubscriptionEvent.objects.filter(subscription__in=expired).delete()
    CampaignDelivery.objects.filter(subscription__in=expired).delete()
    deleted = expired._raw_delete(expired.db)
    return {"unconfirmed_subscriptions": deleted}


def purge_visitor_hits(*, today: dt.date) -> dict[str, int]:
    """Count and drop raw hits older than RETENTION_VISITOR_HITS_DAYS (1: once the day is over)."""
    before_day = today - dt.timedelta(days=settings.RETENTION_VISITOR_HITS_DAYS - 1)
    result = compact_visitor_hits(before_day=min(before_day, timezone.localdate()))
    return {"visitor_hits": result["hits"], "visitor_salts": result["salts_deleted"]}
