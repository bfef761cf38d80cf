"""An activity as other programs read it: schema.org Event JSON-LD and an iCalendar file."""

import datetime as dt
import json
from decimal import Decimal
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Activity

SCHEMA = "https://schema.org/"
# The characters that could end a <script> element or open a comment inside it, as JSON escapes
# (the same set as Django's json_script).
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _price(amount: Decimal) -> str:
    return f"{amount:.2f}"


def build_event_data(
    *, activity: Activity, url: str, seats_left: int | None, is_open: bool
) -> dict:
    """The schema.org Event of an activity, as a dict ready for JSON."""
    end = activity.ends_on or activity.starts_on
    if activity.is_online:
        mode = "OnlineEventAttendanceMode"
        location = {"@type": "VirtualLocation", "url": url}
    else:
        mode = "OfflineEventAttendanceMode"
        location = {"@type": "Place", "name": activity.location or activity.title}
        if activity.location:
            location["address"] = activity.location
    availability = "InStock" if is_open and seats_left != 0 else "SoldOut"
    offers = [
        {
            "@type": "Offer",
            "price": _price(activity.price_amount),
            "priceCurrency": "EUR",
            "availability": SCHEMA + availability,
            "url": url,
        }
    ]
    if activity.freelancer_price_amount is not None:
        offers.append(
            {
                **offers[0],
                "price": _price(activity.freelancer_price_amount),
                "eligibleCustomerType": "freelancer",
                "name": "freelancer",
            }
        )
    organiser = activity.organiser.name if activity.organiser else "Perspectives"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.title,
        "startDate": activity.starts_on.isoformat(),
        "endDate": end.isoformat(),
        "eventStatus": SCHEMA + "EventScheduled",
        "eventAttendanceMode": SCHEMA + mode,
        "location": location,
        "offers": offers if len(offers) > 1 else offers[0],
        "organizer": {"@type": "Organization", "name": organiser, "url": settings.SITE_URL},
        "url": url,
    }
    if activity.description:
        data["description"] = activity.description
    return data


def render_json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element; the JSON cannot break out of it."""
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def build_ics(*, activity: Activity, url: str) -> bytes:
    """An iCalendar file with the activity as one all-day event (activities have no times)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Perspectives//activities//NL")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"{activity.code}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", activity.starts_on)
    # DTEND of an all-day event is exclusive: the day after the last day.
    event.add("dtend", (activity.ends_on or activity.starts_on) + dt.timedelta(days=1))
    event.add("summary", activity.title)
    if activity.description:
        event.add("description", activity.description)
    location = "Online" if activity.is_online else activity.location
    if location:
        event.add("location", location)
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()
