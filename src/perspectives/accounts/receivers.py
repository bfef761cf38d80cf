"""Security events from allauth's and Django's authentication signals (bar 27).

allauth is another context (a library); its documented signals are how it tells us what
happened. Each receiver writes exactly one event line.
"""

import time

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from perspectives.core.security_log import log_security_event

from .middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from .services import verify_email_address


def _authenticator_object(authenticator) -> str:
    return f"mfa.authenticator:{authenticator.type}"


@receiver(auth_signals.user_logged_in, dispatch_uid="accounts.session_started")
def start_session_clock(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now


@receiver(account_signals.user_logged_in, dispatch_uid="accounts.security.login")
def log_login(sender, request, user, **kwargs) -> None:
    log_security_event(
        request=request, action="login", result="success", actor_id=user.pk, object="session"
    )


@receiver(mfa_signals.authenticator_used, dispatch_uid="accounts.security.mfa_used")
def log_mfa_used(sender, request, user, authenticator, **kwargs) -> None:
    log_security_event(
        request=request,
        action="mfa.reauthentication" if kwargs.get("reauthenticated") else "mfa.authentication",
        result="success",
        actor_id=user.pk,
        object=_authenticator_object(authenticator),
    )


@receiver(mfa_signals.authentication_failed, dispatch_uid="accounts.security.mfa_failed")
def log_mfa_failed(sender, request, user, authenticator, **kwargs) -> None:
    log_security_event(
        request=request,
        action="mfa.reauthentication" if kwargs.get("reauthentication") else "mfa.authentication",
        result="failure",
        actor_id=user.pk,
        object=_authenticator_object(authenticator),
    )


def _log_mfa_change(change: str):
    def log(sender, request, user, authenticator, **kwargs) -> None:
        log_security_event(
            request=request,
            action=f"mfa.{change}",
            result="success",
            actor_id=user.pk,
            object=_authenticator_object(authenticator),
        )

    return log


log_mfa_added = _log_mfa_change("added")
log_mfa_removed = _log_mfa_change("removed")
log_mfa_reset = _log_mfa_change("reset")
mfa_signals.authenticator_added.connect(log_mfa_added, dispatch_uid="accounts.security.mfa_added")
mfa_signals.authenticator_removed.connect(
    log_mfa_removed, dispatch_uid="accounts.security.mfa_removed"
)
mfa_signals.authenticator_reset.connect(log_mfa_reset, dispatch_uid="accounts.security.mfa_reset")


def _log_password(action: str):
    def log(sender, request, user, **kwargs) -> None:
        log_security_event(
            request=request, action=action, result="success", actor_id=user.pk, object="password"
        )

    return log


log_password_changed = _log_password("password.changed")
log_password_set = _log_password("password.set")
log_password_reset = _log_password("password.reset")
account_signals.password_changed.connect(
    log_password_changed, dispatch_uid="accounts.security.password_changed"
)
account_signals.password_set.connect(
    log_password_set, dispatch_uid="accounts.security.password_set"
)
account_signals.password_reset.connect(
    log_password_reset, dispatch_uid="accounts.security.password_reset"
)


@receiver(account_signals.password_reset, dispatch_uid="accounts.password_reset.verifies")
def verify_address_by_reset_link(sender, request, user, **kwargs) -> None:
    # The set-password link of `createuser` and of "forgot password" is a one-time secret that
    # reached the person through their address: using it proves the address.
    verify_email_address(user=user)
