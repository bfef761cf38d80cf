"""Staff privacy tools: the register, a person's export and erasure."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from perspectives.core.security_log import log_security_event
from perspectives.core.views import StaffOnlyMixin, query_text

from .. import selectors, services
from ..inventory import list_inventory
from ..statement import (
    describe_basis,
    describe_data_class,
    describe_retention,
    describe_roles,
    retention_periods,
)
from . import json_download


class StaffPrivacyView(StaffOnlyMixin, TemplateView):
    template_name = "privacy/staff_home.html"

    def get_context_data(self, **kwargs):
        search = query_text(self.request, "q")
        return super().get_context_data(
            search=search,
            people=selectors.search_people(search=search),
            requests=selectors.list_open_erasure_requests(),
            inventory=[
                {
                    "row": row,
                    "data_class": describe_data_class(row.use.data_class),
                    "basis": describe_basis(row.use.basis),
                    "retention": describe_retention(row.use.retention),
                    "roles": describe_roles(row.use.roles),
                }
                for row in list_inventory()
            ],
            retention=retention_periods(),
            **kwargs,
        )


class PersonExportView(StaffOnlyMixin, View):
    def get(self, request, pk: int):
        person = selectors.access_person_for_staff(user=request.user, person_id=pk)
        data = services.export_person_data(person=person)
        services.log_export(person=person, actor=request.user)
        log_security_event(
            request=request,
            action="export.person",
            result="success",
            actor_id=request.user.pk,
            object=f"person:{person.pk}",
        )
        return json_download(data=data, filename=f"persoon-{person.pk}.json")


class PersonEraseView(StaffOnlyMixin, TemplateView):
    template_name = "privacy/person_erase.html"

    def get_context_data(self, **kwargs):
        person = selectors.access_person_for_staff(
            user=self.request.user, person_id=self.kwargs["pk"]
        )
        return super().get_context_data(
            person=person, open_request=selectors.get_open_erasure_request(person=person), **kwargs
        )

    def post(self, request, pk: int):
        person = selectors.access_person_for_staff(user=request.user, person_id=pk)
        if request.POST.get("confirm") != "erase":
            messages.error(request, _("Tick the box to confirm the erasure."))
            return redirect("privacy:person-erase", pk=pk)
        reason = (
            services.ErasureReason.REQUEST
            if selectors.get_open_erasure_request(person=person)
            else services.ErasureReason.STAFF
        )
        erased = services.erase_person(person=person, actor=request.user, reason=reason)
        log_security_event(
            request=request,
            action="erasure.person",
            result="success" if erased else "no-op",
            actor_id=request.user.pk,
            object=f"person:{person.pk}",
        )
        if erased:
            messages.success(request, _("The person's data have been erased."))
        else:
            messages.info(request, _("This person's data were erased already."))
        return redirect("privacy:home")
