"""/account/: allauth's log-in, password, code and MFA pages, plus our own names.

`accounts:login` (LOGIN_URL) and `accounts:logout` keep the Dutch paths; allauth reverses its own
un-namespaced names (`account_login`, `mfa_activate_totp`, ...), so its URLs are included
outside our namespace. Our log-in view also takes allauth's `login/` path, so both log-in
addresses answer 429 when locked; the password change view is wrapped likewise.
"""

from allauth.account.decorators import reauthentication_required
from allauth.account.views import LogoutView, password_change
from django.urls import include, path

from .views import AccountHomeView, LoginView, ParticipantHomeView

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
    path("", include("allauth.urls")),
]
