"""Staff pages of online reach: figures by year and channel, and entering one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from perspectives.core.views import StaffOnlyMixin

from .. import selectors, services
from ..forms import ReachFigureForm, ReachFilterForm


class ReachFigureListView(StaffOnlyMixin, TemplateView):
    template_name = "reach/figure_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = ReachFilterForm(self.request.GET or None, years=selectors.list_reach_years())
        year, channel = None, ""
        if filters.is_valid():
            year, channel = filters.cleaned_data["year"], filters.cleaned_data["channel"]
        context.update(
            filters=filters,
            figures=selectors.list_reach_figures(year=year, channel=channel),
            visitors=selectors.get_visitor_overview(today=timezone.localdate()),
        )
        return context


class ReachFigureCreateView(StaffOnlyMixin, FormView):
    template_name = "reach/figure_form.html"
    form_class = ReachFigureForm

    def form_valid(self, form):
        try:
            figure = services.record_reach_figure(**form.cleaned_data, actor=self.request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Figure saved: %(figure)s.") % {"figure": figure},
        )
        return redirect("reach:figure-list")
