"""The e-mails of the newsletters: confirmation, already-subscribed notice and campaign mails."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from perspectives.core.languages import mail_language
from perspectives.core.links import absolute_url

from .models import Campaign, NewsletterList
from .rendering import render_markdown
from .tokens import make_unsubscribe_token


def build_confirmation_email(
    *,
    newsletter_list: NewsletterList,
    email: str,
    token: str | None,
    language: str = "",
) -> EmailMultiAlternatives:
    """The double opt-in mail; without a token it tells an active subscriber nothing changed."""
    context = {
        "newsletter_list": newsletter_list,
        "confirm_url": absolute_url(reverse("reach:confirm", kwargs={"token": token}))
        if token
        else "",
        "subscribe_url": absolute_url(
            reverse("reach:subscribe", kwargs={"code": newsletter_list.code})
        ),
    }
    with translation.override(mail_language(language)):
        subject = render_to_string("reach/newsletters/confirm_email_subject.txt", context).strip()
        body = render_to_string("reach/newsletters/confirm_email.txt", context)
    return EmailMultiAlternatives(subject=subject, body=body, to=[email])


def unsubscribe_url(*, subscription_id: int) -> str:
    token = make_unsubscribe_token(subscription_id=subscription_id)
    return absolute_url(reverse("reach:unsubscribe", kwargs={"token": token}))


def build_campaign_email(
    *,
    campaign: Campaign,
    email: str,
    subscription_id: int | None,
    is_test: bool = False,
    language: str = "",
) -> EmailMultiAlternatives:
    """A campaign mail in plain text and HTML; real ones carry RFC 8058 one-click unsubscribe.

    The campaign's own text is in the language staff wrote it in; the frame around it
    (unsubscribe line, footer) follows the subscriber's language."""
    link = unsubscribe_url(subscription_id=subscription_id) if subscription_id is not None else ""
    context = {
        "campaign": campaign,
        "newsletter_list": campaign.newsletter_list,
        "body_html": render_markdown(campaign.body_markdown),
        "body_text": campaign.body_markdown,
        "unsubscribe_url": link,
        "is_test": is_test,
    }
    with translation.override(mail_language(language)):
        text = render_to_string("reach/newsletters/campaign_email.txt", context)
        html = render_to_string("reach/newsletters/campaign_email.html", context)
    headers = {}
    if link:
        headers = {
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    subject = f"[TEST] {campaign.subject}" if is_test else campaign.subject
    message = EmailMultiAlternatives(subject=subject, body=text, to=[email], headers=headers)
    message.attach_alternative(html, "text/html")
    return message
