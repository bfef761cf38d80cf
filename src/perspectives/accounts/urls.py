"""/account/: allauth's log-in, password, code and MFA pages, plus our own names.

`accounts:login` (LOGIN_URL) and `accounts:logout` keep the Dutch paths; allauth reverses its own
un-namespaced names (`account_login`, `mfa_activate_totp`, ...), so its URLs are included
outside our namespace. Our log-in view also takes allauth's `login/` path, so both log-in
addresses answer 429 when locked; the password change view is wrapped likewise. The two forms
that mail an address anyone can type (log-in code, password reset) take allauth's paths with a
rate limit per client address in front (one budget for both, `RATELIMIT_ACCOUNT_MAIL`).
"""

from allauth.account.decorators import reauthentication_required
from allauth.account.views import LogoutView, password_change, password_reset, request_login_code
from django.urls import include, path

from perspectives.core.ratelimit import rate_limited

from .views.account import AccountHomeView
from .views.participant import ParticipantHomeView
from .views.public import LoginView

limit_account_mail = rate_limited(group="accounts.mail", rate_setting="RATELIMIT_ACCOUNT_MAIL")

own_patterns = [
    path("inloggen/", LoginView.as_view(), name="login"),
    path("uitloggen/", LogoutView.as_view(), name="logout"),
    path("start/", AccountHomeView.as_view(), name="home"),
    path("mijn/", ParticipantHomeView.as_view(), name="participant-home"),
]

urlpatterns = [
    path("", include((own_patterns, "accounts"))),
    path("login/", LoginView.as_view(), name="account_login"),
    # Bar 14: besides the current password, a password change needs a log-in in the last 5 min.
    path(
        "password/change/",
        reauthentication_required(password_change),
        name="account_change_password",
    ),
    path("password/reset/", limit_account_mail(password_reset), name="account_reset_password"),
    path("login/code/", limit_account_mail(request_login_code), name="account_request_login_code"),
    path("", include("allauth.urls")),
]
