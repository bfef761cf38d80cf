import datetime as dt

import factory
from django.utils import timezone

from perspectives.reach.models import DailyVisitors, ReachFigure


class ReachFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReachFigure

    period_start = dt.date(2019, 1, 1)
    period_end = dt.date(2019, 1, 31)
    channel = "vacancy_portal"
    value = 100
    method = "unique visitors per month"
    source = ""
    recorded_at = factory.LazyFunction(timezone.now)


class DailyVisitorsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyVisitors

    day = dt.date(2021, 3, 1)
    section = "academy"
    unique_visitors = 10


class NewsletterListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reach.NewsletterList"

    code = factory.Sequence(lambda n: f"lijst-{n}")
    name = factory.Sequence(lambda n: f"Nieuwsbrief {n}")


def subscribe_confirmed(*, newsletter_list, email: str, at: dt.datetime | None = None):
    """A subscription requested and confirmed through the services, as a visitor would."""
    from perspectives.reach.newsletters import services
    from perspectives.reach.newsletters.tokens import new_confirmation_token

    at = at or timezone.now()
    services.request_subscription(
        newsletter_list=newsletter_list,
        email=email,
        consent_text="Ik wil de nieuwsbrief ontvangen.",
        consent_text_version="test",
        now=at,
    )
    # The mail with the real token goes out on commit, which a test transaction never reaches;
    # a token of our own, stored the way the service stores one, stands in for it.
    token, token_hash = new_confirmation_token()
    newsletter_list.subscriptions.filter(email=email.lower()).update(token_hash=token_hash)
    return services.confirm_subscription(token=token, now=at)


def confirmation_token_of(subscription) -> str:
    """The token of the latest confirmation mail to the subscription's address (locmem outbox)."""
    from django.core import mail

    for message in reversed(mail.outbox):
        if message.to == [subscription.email] and "/nieuwsbrief/bevestigen/" in message.body:
            return message.body.split("/nieuwsbrief/bevestigen/")[1].split("/")[0]
    raise AssertionError(f"no confirmation mail to {subscription.email}")
