"""Forms of the log-in flow that differ from allauth's."""

from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm

from .models import Role


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """A log-in code by e-mail, for participants only.

    Privileged roles log in with password and TOTP; for them the form behaves exactly as for
    an unknown address (no mail with a code), so the page tells nobody which role an address has.
    """

    def clean_email(self) -> str:
        email = super().clean_email()
        user = getattr(self, "_user", None)
        if user is not None and user.role != Role.PARTICIPANT:
            self._user = None
        return email
