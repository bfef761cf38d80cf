"""How allauth behaves for us: no self-service sign-up, role-aware landing, logged failures,
mails limited per address, kept out of the outbox page and sent by a background task."""

import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.urls import reverse

from perspectives.core.outbox import SUBJECT_ONLY, SUBJECT_ONLY_HEADER
from perspectives.core.ratelimit import may_mail_address
from perspectives.core.registry import login_landings
from perspectives.core.security_log import log_security_event

from .encryption import decrypt_secret, encrypt_secret
from .mail import queue_account_mail
from .models import Role, User
from .selectors import enrolled_within, has_totp

# Mails that anyone can have sent to any address by typing it into a public form (the log-in
# code and password reset pages, also for an address without an account): each address gets at
# most RATELIMIT_ACCOUNT_MAIL_PER_EMAIL of them together, whoever asks (issue 13, item 4).
ADDRESS_LIMITED_MAILS = frozenset(
    {
        "account/email/login_code",
        "account/email/password_reset_key",
        "account/email/password_reset_code",
        "account/email/unknown_account",
        "account/email/account_already_exists",
    }
)
ADDRESS_LIMIT_GROUP = "accounts.mail.per_email"


def _user_id_for(email: str) -> int | None:
    return User.objects.filter(email__iexact=email.strip()).values_list("pk", flat=True).first()


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Staff create accounts (accounts.services.create_user); nobody signs up.
        return False

    def get_login_redirect_url(self, request) -> str:
        if getattr(request.user, "role", None) == Role.PARTICIPANT:
            return reverse("accounts:participant-home")
        for _key, landing in login_landings.items():
            url = landing(request.user)
            if url:
                return url
        if getattr(request.user, "is_foundation_staff", False):
            return super().get_login_redirect_url(request)
        # A role without pages of its own still needs somewhere to land that is not a 403.
        return reverse("accounts:home")

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Over the address's budget nothing is sent, and the flow goes on as if it had been: the
        # page answers the same, so it tells nobody that the limit (or the account) exists.
        if template_prefix in ADDRESS_LIMITED_MAILS and not may_mail_address(
            group=ADDRESS_LIMIT_GROUP,
            email=email,
            rate_setting="RATELIMIT_ACCOUNT_MAIL_PER_EMAIL",
            request=allauth_context.request,
        ):
            return
        # As allauth's own send_mail renders it (same context, in the request and its language),
        # but queued for the worker instead of sent here (accounts.mail).
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        queue_account_mail(kind=template_prefix, email=email, message=message)

    def render_mail(self, template_prefix, email, context, headers=None):
        # Every account mail (log-in codes, reset and verification links, notices about an
        # account) is marked where it is made: the staff outbox page shows its subject only.
        headers = {**(headers or {}), SUBJECT_ONLY_HEADER: SUBJECT_ONLY}
        return super().render_mail(template_prefix, email, context, headers=headers)

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            log_security_event(
                request=request,
                action="login.lockout",
                result="refused",
                actor_id=_user_id_for(credentials.get("email", "")),
                object="accounts.user",
            )
            raise

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth prefixes the address with the request's host; one installation has one site,
        # and without the host erasure finds the count again (accounts.selectors.list_login_limit_keys).
        return (credentials.get("email") or credentials.get("username") or "").strip().lower()

    def authentication_failed(self, request, **credentials) -> None:
        log_security_event(
            request=request,
            action="login.password",
            result="failure",
            actor_id=_user_id_for(credentials.get("email", "")),
            object="accounts.user",
        )

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # The first TOTP enrolment, which the MFA middleware forces right after log-in, and the
        # recovery codes shown right after it count the log-in itself as the re-authentication
        # when it happened within the time-out: asking for the password again there is a
        # detour on the first log-in, not a protection.
        request = self.request
        user = getattr(request, "user", None)
        if app == "allauth.mfa" and user is not None and user.is_authenticated:
            timeout = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
            records = get_authentication_records(request, user)
            recent = bool(records) and time.time() - records[-1]["at"] < timeout
            if recent and (not has_totp(user) or enrolled_within(user, seconds=timeout)):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    """allauth's MFA with its secrets (TOTP secret, recovery-code seed) encrypted at rest."""

    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)
