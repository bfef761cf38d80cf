"""The funder pages at /financier/: the reports with small cells hidden, and their downloads.

Funders see figures only, of fixed periods that have ended (whole years, quarters), never of a
cut-off date of their own. Every participants figure passes through
`perspectives.impact.suppression.build_funder_participants_report`, which hides the same cells
in every view and download; the funding report holds amounts, no persons. No page here
lists people, names, e-mail addresses or registrations, and the charts and year-to-date
comparison of the staff dashboard are left out: they would show figures that were not checked
against the threshold.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from perspectives.funding.models import GrantStatus

from ..exports import FORMATS, render_funding, render_participants
from ..forms import FunderReportForm
from ..models import ReportKind
from ..selectors import build_funding_report
from ..selectors.access import access_report_snapshot, list_visible_report_snapshots
from ..selectors.funder import is_funder
from ..selectors.snapshots import frozen_funding_years
from ..services import refresh_report_figures
from ..suppression import (
    SUPPRESSED_MARK,
    UNIQUE_PERSONS,
    build_funder_participants_report,
    build_funder_snapshot_report,
    get_suppression_threshold,
)
from . import log_report_download

FUNDER_FORMATS = ("csv", "xlsx", "pdf", "json")
KINDS = ("participants", "funding")


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _form(data: QueryDict) -> FunderReportForm:
    if "years" not in data:
        data = data.copy()
        data["years"] = FunderReportForm.initial_years()
    return FunderReportForm(data)


def _download_urls(url: str, query: QueryDict) -> list[tuple[str, str]]:
    urls = []
    for fmt in FUNDER_FORMATS:
        with_format = query.copy()
        with_format["format"] = fmt
        urls.append((fmt, f"{url}?{with_format.urlencode()}"))
    return urls


def participants_table(report, *, language: str) -> dict:
    """What the participants table of a funder page shows: rows of cells, hidden or not."""
    people = {row.code for row in report.rows if row.counts_people}
    return {
        "report": report,
        "columns": [report.year_label(year, language=language) for year in report.years],
        "table_rows": [
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
        ],
        "unique_persons": [
            {"value": report.unique_persons[y], "hidden": report.is_suppressed(UNIQUE_PERSONS, y)}
            for y in report.years
        ],
    }


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
        context["snapshots"] = list_visible_report_snapshots(user=self.request.user)
        if not form.is_valid():
            return context
        parameters = form.parameters()
        language = _language()
        refresh_report_figures()
        report = build_funder_participants_report(**parameters, language=language)
        context.update(participants_table(report, language=language))
        context["funding"] = build_funding_report(years=parameters["years"])
        context["grant_statuses"] = GrantStatus.choices
        query = self.request.GET.copy()
        query["years"] = form.data["years"]
        context["query"] = query.urlencode()
        context["formats"] = FUNDER_FORMATS
        context["download_urls"] = _download_urls(
            reverse("impact:funder-download", args=["participants"]), query
        )
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
                build_funder_participants_report(**parameters, language=language),
                format=fmt,
                language=language,
            )
        else:
            report = build_funding_report(years=parameters["years"])
            content = render_funding(report, format=fmt, language=language)
        content_type, extension = FORMATS[fmt]
        years = parameters["years"]
        log_report_download(request, kind=kind, fmt=fmt)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{kind}-{years[0]}-{years[-1]}.{extension}"'
        )
        return response


class FunderSnapshotView(FunderOnlyMixin, TemplateView):
    """A frozen report meant for this funder, as it was sent, small cells hidden (404 otherwise)."""

    template_name = "impact/funder/snapshot.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        snapshot = access_report_snapshot(user=self.request.user, snapshot_id=kwargs["pk"])
        language = _language()
        context.update(snapshot=snapshot, threshold=get_suppression_threshold())
        context["mark"] = SUPPRESSED_MARK
        if snapshot.kind == ReportKind.PARTICIPANTS:
            refresh_report_figures()
            report = build_funder_snapshot_report(snapshot=snapshot, language=language)
            context.update(participants_table(report, language=language))
            context["download_urls"] = _download_urls(
                reverse("impact:funder-report-download", args=[snapshot.pk]),
                QueryDict(mutable=True),
            )
        else:
            context["funding_years"] = frozen_funding_years(snapshot)
            context["grant_statuses"] = GrantStatus.choices
        return context


class FunderSnapshotDownloadView(FunderOnlyMixin, View):
    """A frozen participants report meant for this funder, in one format, small cells hidden."""

    def get(self, request, pk: int):
        snapshot = access_report_snapshot(user=request.user, snapshot_id=pk)
        fmt = request.GET.get("format", "csv")
        if snapshot.kind != ReportKind.PARTICIPANTS or fmt not in FUNDER_FORMATS:
            raise Http404
        language = _language()
        refresh_report_figures()
        report = build_funder_snapshot_report(snapshot=snapshot, language=language)
        content = render_participants(report, format=fmt, language=language)
        log_report_download(request, kind=f"snapshot:{snapshot.pk}", fmt=fmt)
        content_type, extension = FORMATS[fmt]
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="report-{snapshot.pk}.{extension}"'
        return response
