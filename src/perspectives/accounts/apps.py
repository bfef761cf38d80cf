from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "perspectives.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        from . import receivers  # noqa: F401  (connects the security-event receivers)

        # The Django admin's own log-in form would bypass the rate limits and MFA: send it
        # through allauth's log-in instead (bar 8).
        admin.site.login = secure_admin_login(admin.site.login)
