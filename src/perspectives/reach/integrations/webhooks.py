"""The e-mail provider's tracking webhook: bounces and complaints reach us through anymail.

anymail parses and verifies the provider's request (HTTP basic auth with the
`ANYMAIL_WEBHOOK_SECRET`) and sends its `tracking` signal, which `mail_tracking` receives. The
view (`reach.views.public.tracking_webhook_view`) is public because the provider cannot log
in; without a secret it does not exist (404), so nobody can post fake bounces to stop mail to
an address.
"""

from anymail.webhooks.brevo import BrevoTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.mailjet import MailjetTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from anymail.webhooks.sparkpost import SparkPostTrackingWebhookView

# The providers we accept tracking from, by the name in the webhook's address.
TRACKING_VIEWS = {
    "brevo": BrevoTrackingWebhookView.as_view(),
    "mailgun": MailgunTrackingWebhookView.as_view(),
    "mailjet": MailjetTrackingWebhookView.as_view(),
    "postmark": PostmarkTrackingWebhookView.as_view(),
    "sendgrid": SendGridTrackingWebhookView.as_view(),
    "sparkpost": SparkPostTrackingWebhookView.as_view(),
}
