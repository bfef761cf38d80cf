"""What reach shows on a participant's own page (core.registry.participant_sections)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ..newsletters.models import SubscriptionStatus
from ..newsletters.selectors import list_subscriptions_of
from ..newsletters.tokens import make_unsubscribe_token


def build_subscriptions_section(*, user, email: str) -> dict:
    """The person's newsletter subscriptions, each active one with its unsubscribe link."""
    subscriptions = list(list_subscriptions_of(email=email))
    for subscription in subscriptions:
        subscription.unsubscribe_path = (
            reverse(
                "reach:unsubscribe",
                kwargs={"token": make_unsubscribe_token(subscription_id=subscription.pk)},
            )
            if subscription.status == SubscriptionStatus.ACTIVE
            else ""
        )
    return {
        "title": _("Your newsletters"),
        "template": "reach/participant_section.html",
        "subscriptions": subscriptions,
    }
