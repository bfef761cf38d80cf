"""Views of accounts: the log-in page (allauth's, answering 429 when locked) and the
participant's own page."""

from allauth.account.views import LoginView as AllauthLoginView
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import TemplateView

from .models import Role
from .selectors import list_participant_sections


class LoginView(AllauthLoginView):
    def form_invalid(self, form):
        response = super().form_invalid(form)
        # Bar 8: a locked-out e-mail or address gets 429, with the lockout message in the page.
        if form.has_error("__all__", code="too_many_login_attempts"):
            response.status_code = 429
        return response


class AccountHomeView(TemplateView):
    """The own page of a logged-in person whose role has no home of its own: who they are, and
    their security settings. Participants have their own page."""

    template_name = "accounts/account_home.html"

    def dispatch(self, request, *args, **kwargs):
        if getattr(request.user, "role", None) == Role.PARTICIPANT:
            return redirect("accounts:participant-home")
        return super().dispatch(request, *args, **kwargs)


class ParticipantHomeView(TemplateView):
    """What a participant sees after logging in: who they are; their data and requests."""

    template_name = "accounts/participant_home.html"

    def dispatch(self, request, *args, **kwargs):
        if getattr(request.user, "role", None) != Role.PARTICIPANT:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sections=list_participant_sections(user=self.request.user), **kwargs
        )
