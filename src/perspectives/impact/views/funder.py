"""The funder pages at /financier/: the reports with small cells hidden, and their downloads.

Funders see figures only. Every participants figure passes through
`perspectives.impact.suppression`; the funding report holds amounts, no persons. No page here
lists people, names, e-mail addresses or registrations, and the charts and year-to-date
comparison of the staff dashboard are left out: they would show figures that were not checked
against the threshold.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from perspectives.core.security_log import log_security_event

from ..exports import FORMATS, render_funding, render_participants
from ..forms import ParticipantsReportForm
from ..selectors import build_funding_report, build_participants_report
from ..selectors.funder import is_funder
from ..services import refresh_report_figures
from ..suppression import (
    SUPPRESSED_MARK,
    UNIQUE_PERSONS,
    get_suppression_threshold,
    suppress_participants_report,
)

FUNDER_FORMATS = ("csv", "xlsx", "pdf", "json")
KINDS = ("participants", "funding")


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _form(data: QueryDict) -> ParticipantsReportForm:
    if "years" not in data:
        data = data.copy()
        data["years"] = ParticipantsReportForm.initial_years()
    return ParticipantsReportForm(data)


class FunderOnlyMixin:
    """Funders only. Others who are logged in get 403; the anonymous go to log-in first.

    403 rather than 404: the address of the funder pages is no secret, and staff who follow a
    funder's link should learn that the page exists but is not theirs.
    """

    def dispatch(self, request, *args, **kwargs):
        if not is_funder(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FunderDashboardView(FunderOnlyMixin, TemplateView):
    template_name = "impact/funder/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = _form(self.request.GET)
        context["form"] = form
        context["threshold"] = get_suppression_threshold()
        context["mark"] = SUPPRESSED_MARK
        if not form.is_valid():
            return context
        parameters = form.parameters()
        language = _language()
        refresh_report_figures()
        report = suppress_participants_report(
            report=build_participants_report(**parameters, language=language)
        )
        context["report"] = report
        context["columns"] = [report.year_label(year, language=language) for year in report.years]
        people = {row.code for row in report.rows if row.counts_people}
        context["table_rows"] = [
            {
                "row": row,
                "name": row.name(language),
                "describes_persons": row.code in people or bool(people & set(row.sum_of)),
                "cells": [
                    {"value": row.values[y], "hidden": report.is_suppressed(row.code, y)}
                    for y in report.years
                ],
            }
            for row in report.all_rows
        ]
        context["unique_persons"] = [
            {"value": report.unique_persons[y], "hidden": report.is_suppressed(UNIQUE_PERSONS, y)}
            for y in report.years
        ]
        context["funding"] = build_funding_report(years=parameters["years"])
        query = self.request.GET.copy()
        query["years"] = form.data["years"]
        context["query"] = query.urlencode()
        context["formats"] = FUNDER_FORMATS
        return context


class FunderDownloadView(FunderOnlyMixin, View):
    """One report in one format; the participants report always with small cells hidden."""

    def get(self, request, kind: str):
        fmt = request.GET.get("format", "csv")
        if kind not in KINDS or fmt not in FUNDER_FORMATS:
            raise Http404
        form = _form(request.GET)
        if not form.is_valid():
            return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
        parameters = form.parameters()
        language = _language()
        if kind == "participants":
            refresh_report_figures()
            content = render_participants(
                build_participants_report(**parameters, language=language),
                format=fmt,
                language=language,
                suppress_below=get_suppression_threshold(),
            )
        else:
            report = build_funding_report(years=parameters["years"])
            content = render_funding(report, format=fmt, language=language)
        content_type, extension = FORMATS[fmt]
        years = parameters["years"]
        log_security_event(
            request=request,
            action="export.report",
            result="success",
            actor_id=request.user.pk,
            object=f"report:{kind}:{fmt}",
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{kind}-{years[0]}-{years[-1]}.{extension}"'
        )
        return response
