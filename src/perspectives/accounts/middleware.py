"""Rules for privileged sessions: MFA before anything protected, idle and absolute time-outs."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .selectors import has_totp, is_privileged

# While enrolling, a person must still be able to enrol, re-authenticate, log out and read.
MFA_ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "accounts:logout",
        "set_language",
    }
)
SESSION_STARTED_KEY = "perspectives_session_started_at"
SESSION_SEEN_KEY = "perspectives_session_seen_at"


class MfaRequiredMiddleware:
    """Send a privileged user without an authenticator to TOTP enrolment from protected URLs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        user = request.user
        if not (user.is_authenticated and is_privileged(user)):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in MFA_ENROLMENT_URL_NAMES:
            return None
        if request.path.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            return None
        if has_totp(user):
            return None
        return redirect("mfa_activate_totp")


class SessionTimeoutMiddleware:
    """Privileged sessions end after 30 idle minutes and 12 hours in all (settings)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and is_privileged(user):
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            seen = request.session.get(SESSION_SEEN_KEY, now)
            if (
                now - seen > settings.SESSION_IDLE_TIMEOUT_SECONDS
                or now - started > settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect_to_login(request.get_full_path())
            # Saving the session on every request would cost a write each; a minute is precise
            # enough for a 30-minute limit.
            if now - seen >= 60 or SESSION_SEEN_KEY not in request.session:
                request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)
