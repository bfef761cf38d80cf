from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "perspectives.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.decorators import secure_admin_login
        from allauth.mfa.models import Authenticator
        from django.contrib import admin

        from . import receivers  # noqa: F401  (connects the security-event receivers)
        from .admin import AuthenticatorAdmin

        # The Django admin's own log-in form would bypass the rate limits and MFA: send it
        # through allauth's log-in instead (bar 8).
        admin.site.login = secure_admin_login(admin.site.login)
        # allauth's admin shows and edits an authenticator's data, the TOTP secret among it:
        # ours leaves the data out (issue 13, item 9). The admin's autodiscovery, in its own
        # ready(), has already registered allauth's.
        if admin.site.is_registered(Authenticator):
            admin.site.unregister(Authenticator)
        admin.site.register(Authenticator, AuthenticatorAdmin)
