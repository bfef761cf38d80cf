"""The participant's own page."""

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView

from ..models import Role
from ..selectors import list_participant_sections


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
