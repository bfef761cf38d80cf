"""The Django admin's view of accounts: MFA authenticators without their secrets."""

from django.contrib import admin


class AuthenticatorAdmin(admin.ModelAdmin):
    """allauth's authenticators, without the `data` field that holds the (encrypted) secrets.

    Replaces allauth's own registration, which shows and edits `data` (AccountsConfig.ready).
    An administrator may see that someone has an authenticator and delete it (the person then
    enrols again); nobody adds or edits one here, so no secret is ever on an admin page.
    """

    raw_id_fields = ("user",)
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type", "created_at", "last_used_at")
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
