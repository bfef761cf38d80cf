"""Newsletter mails go out in the language the person used on the site."""

import pytest
from django.core import mail
from django.urls import reverse

from perspectives.reach.newsletters.models import Subscription

from .factories import NewsletterListFactory

pytestmark = pytest.mark.django_db(transaction=True)


def subscribe_through_the_page(client, *, code: str, email: str, language: str):
    client.cookies["django_language"] = language
    page = client.get(reverse("reach:subscribe", kwargs={"code": code}))
    form = page.context["form"]
    data = {"email": email}
    for name, field in form.fields.items():
        if name != "email" and field.required:
            data[name] = "on"
    return client.post(reverse("reach:subscribe", kwargs={"code": code}), data)


@pytest.mark.parametrize(
    ("language", "subject"),
    [("en", "Confirm your subscription to"), ("nl", "Bevestig je aanmelding voor")],
    ids=["en", "nl"],
)
def test_the_confirmation_mail_is_in_the_language_of_the_page(client, language, subject):
    newsletter = NewsletterListFactory()
    response = subscribe_through_the_page(
        client, code=newsletter.code, email="lezer@example.org", language=language
    )
    assert response.status_code == 302
    assert Subscription.objects.get(email="lezer@example.org").language == language
    assert mail.outbox[-1].subject.startswith(subject)
