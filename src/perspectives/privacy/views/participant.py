"""A participant's own data: see it, download it, ask for its erasure."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from perspectives.core.security_log import log_security_event

from .. import selectors, services
from . import json_download


class ParticipantOnlyMixin:
    """A logged-in participant whose e-mail matches a Person; anyone else gets 404 here."""

    def dispatch(self, request, *args, **kwargs):
        if getattr(request.user, "role", None) != "participant":
            raise PermissionDenied
        self.person = selectors.get_own_person(request.user)
        if self.person is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class MyDataView(ParticipantOnlyMixin, TemplateView):
    template_name = "privacy/my_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            open_request=selectors.get_open_erasure_request(person=self.person),
            **kwargs,
        )


class MyDataDownloadView(ParticipantOnlyMixin, View):
    def get(self, request):
        data = services.export_person_data(person=self.person)
        services.log_export(person=self.person, actor=request.user)
        log_security_event(
            request=request,
            action="export.person",
            result="success",
            actor_id=request.user.pk,
            object=f"person:{self.person.pk}",
        )
        return json_download(data=data, filename=f"mijn-gegevens-{timezone.localdate()}.json")


class MyErasureRequestView(ParticipantOnlyMixin, View):
    def post(self, request):
        services.request_erasure(person=self.person, actor=request.user)
        messages.success(
            request,
            _("Your request has been received. We erase your data within a month."),
        )
        return redirect("privacy:my-data")
