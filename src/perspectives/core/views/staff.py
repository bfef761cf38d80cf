"""The staff home: the panels the apps contribute. Import, outbox and failed background work
have modules of their own beside this one."""

from django.views.generic import TemplateView

from ..registry import staff_home_panels
from . import StaffOnlyMixin


class StaffHomeView(StaffOnlyMixin, TemplateView):
    template_name = "core/staff_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ordered = sorted(staff_home_panels.items(), key=lambda item: item[1][0])
        context["panels"] = [build(request=self.request) for _key, (_order, build) in ordered]
        return context
