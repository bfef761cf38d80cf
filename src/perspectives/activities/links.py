"""Absolute addresses of the public pages, for e-mails and structured data.

A background task has no request to take the host from, so every absolute link is built from
the SITE_URL setting.
"""

from django.urls import reverse

from perspectives.core.links import absolute_url

from .tokens import make_again_token, make_cancel_token, make_checkin_token


def activity_url(*, code: str) -> str:
    return absolute_url(reverse("activities:public-activity-detail", kwargs={"code": code}))


def calendar_url(*, code: str) -> str:
    return absolute_url(reverse("activities:activity-ics", kwargs={"code": code}))


def cancel_url(*, registration_id: int) -> str:
    token = make_cancel_token(registration_id=registration_id)
    return absolute_url(reverse("activities:public-registration-cancel", kwargs={"token": token}))


def checkin_url(*, registration_id: int) -> str:
    token = make_checkin_token(registration_id=registration_id)
    return absolute_url(reverse("activities:checkin-scan", kwargs={"token": token}))


def confirm_sign_up_url(*, token: str) -> str:
    return absolute_url(reverse("activities:registration-confirm", kwargs={"token": token}))


def sign_up_again_url(*, registration_id: int) -> str:
    token = make_again_token(registration_id=registration_id)
    return absolute_url(reverse("activities:registration-again", kwargs={"token": token}))
