"""Staff pages of the impact context at /beheer/impact/: the reports, downloads, frozen reports."""

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from perspectives.accounts.memberships.models import MembershipKind
from perspectives.accounts.memberships.selectors import list_members
from perspectives.accounts.models import User
from perspectives.accounts.selectors import get_user
from perspectives.core.views import StaffOnlyMixin
from perspectives.funding.models import GrantStatus

from ..charts import build_indicator_charts
from ..exports import FORMATS, render_funding, render_participants
from ..forms import ParticipantsReportForm, ShareReportForm
from ..selectors import build_funding_report, build_participants_report, list_snapshots
from ..selectors.access import access_report_snapshot
from ..selectors.snapshots import frozen_through
from ..selectors.trends import build_year_to_date_comparison
from ..services import (
    refresh_report_figures,
    share_report_with_funder,
    withdraw_report_from_funder,
)
from . import log_report_download


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _form(data: QueryDict) -> ParticipantsReportForm:
    if "years" not in data:
        data = data.copy()
        data["years"] = ParticipantsReportForm.initial_years()
    return ParticipantsReportForm(data)


class ImpactDashboardView(StaffOnlyMixin, TemplateView):
    template_name = "impact/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = _form(self.request.GET)
        context["form"] = form
        if form.is_valid():
            parameters = form.parameters()
            refresh_report_figures()
            report = build_participants_report(**parameters, language=_language())
            context["report"] = report
            context["columns"] = [
                report.year_label(year, language=_language()) for year in report.years
            ]
            context["table_rows"] = [
                {
                    "row": row,
                    "name": row.name(_language()),
                    "values": [row.values[y] for y in report.years],
                }
                for row in report.all_rows
            ]
            context["unique_persons"] = [report.unique_persons[y] for y in report.years]
            comparison = build_year_to_date_comparison(report=report, language=_language())
            context["comparison"] = comparison
            context["charts"] = build_indicator_charts(
                report=report, comparison=comparison, language=_language()
            )
            context["funding"] = build_funding_report(years=parameters["years"])
            context["grant_statuses"] = GrantStatus.choices
            query = self.request.GET.copy()
            query["years"] = form.data["years"]
            context["query"] = query.urlencode()
            context["formats"] = list(FORMATS)
        return context


class ImpactDownloadView(StaffOnlyMixin, View):
    """One report in one format, as a file; the same renderings as `perspectives report`."""

    def get(self, request, kind: str):
        fmt = request.GET.get("format", "csv")
        if kind not in ("participants", "funding") or fmt not in FORMATS:
            raise Http404
        form = _form(request.GET)
        if not form.is_valid():
            return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
        parameters = form.parameters()
        if kind == "participants":
            refresh_report_figures()
            report = build_participants_report(**parameters, language=_language())
            content = render_participants(report, format=fmt, language=_language())
        else:
            report = build_funding_report(years=parameters["years"])
            content = render_funding(report, format=fmt, language=_language())
        content_type, extension = FORMATS[fmt]
        years = parameters["years"]
        name = f"{kind}-{years[0]}-{years[-1]}.{extension}"
        log_report_download(request, kind=kind, fmt=fmt)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ReportSnapshotListView(StaffOnlyMixin, TemplateView):
    """The frozen reports, who each is meant for, and sharing them with a funder account."""

    template_name = "impact/snapshots.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        snapshots = list(list_snapshots())
        members = list_members(
            kind=MembershipKind.FUNDER_REPORT, object_ids=[s.pk for s in snapshots]
        )
        context["items"] = [
            {
                "snapshot": snapshot,
                "through": frozen_through(snapshot),
                "funders": members.get(snapshot.pk, []),
            }
            for snapshot in snapshots
        ]
        context["form"] = ShareReportForm()
        return context


class ReportShareView(StaffOnlyMixin, View):
    def post(self, request, pk: int):
        snapshot = access_report_snapshot(user=request.user, snapshot_id=pk)
        form = ShareReportForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a funder account."))
        else:
            funder = form.cleaned_data["funder"]
            share_report_with_funder(actor=request.user, snapshot=snapshot, funder=funder)
            messages.success(
                request,
                _("“%(label)s” is now visible to %(funder)s on the funder pages.")
                % {"label": snapshot.label, "funder": funder.email},
            )
        return redirect("impact:reports")


class ReportWithdrawView(StaffOnlyMixin, View):
    def post(self, request, pk: int, user_pk: int):
        snapshot = access_report_snapshot(user=request.user, snapshot_id=pk)
        try:
            funder = get_user(user_id=user_pk)
        except User.DoesNotExist:
            raise Http404 from None
        if withdraw_report_from_funder(actor=request.user, snapshot=snapshot, funder=funder):
            messages.success(
                request,
                _("%(funder)s no longer sees “%(label)s”.")
                % {"label": snapshot.label, "funder": funder.email},
            )
        return redirect("impact:reports")
