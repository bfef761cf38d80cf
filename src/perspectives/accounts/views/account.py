"""The own page of a logged-in person whose role has no home of its own."""

from django.shortcuts import redirect
from django.views.generic import TemplateView

from ..models import Role


class AccountHomeView(TemplateView):
    """The own page of a logged-in person whose role has no home of its own: who they are, and
    their security settings. Participants have their own page."""

    template_name = "accounts/account_home.html"

    def dispatch(self, request, *args, **kwargs):
        if getattr(request.user, "role", None) == Role.PARTICIPANT:
            return redirect("accounts:participant-home")
        return super().dispatch(request, *args, **kwargs)
