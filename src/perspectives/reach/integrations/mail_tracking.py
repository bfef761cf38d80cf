"""Bounces and complaints from the mail provider, through django-anymail's `tracking` signal.

Anymail turns each provider's webhook into an AnymailTrackingEvent; a hard bounce or a spam
complaint means the address must not be mailed again, on any list.
"""

from anymail.signals import AnymailTrackingEvent, tracking

from ..newsletters.services import suppress_address

SUPPRESSING_EVENTS = {"bounced": "bounced", "complained": "complained"}


def receive_tracking_event(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    reason = SUPPRESSING_EVENTS.get(event.event_type)
    if reason and event.recipient:
        suppress_address(email=event.recipient, reason=reason)


def connect() -> None:
    tracking.connect(receive_tracking_event, dispatch_uid="perspectives.reach.mail_tracking")
