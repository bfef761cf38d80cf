"""Forms of the log-in flow that differ from allauth's."""

from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm

from .models import Role
from .selectors import is_known_address
from .services import create_participant_account


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """A log-in code by e-mail, for participants only.

    Privileged roles log in with password and TOTP; for them the form behaves exactly as for
    an unknown address (no mail with a code), so the page tells nobody which role an address has.
    An address the foundation knows (a registration, a subscription, an import) without an
    account gets a participant account here: the code mailed to it is what proves it.
    """

    def clean_email(self) -> str:
        email = super().clean_email()
        user = getattr(self, "_user", None)
        if user is None and is_known_address(email):
            user = self._user = create_participant_account(email=email)
        if user is not None and user.role != Role.PARTICIPANT:
            self._user = None
        return email
