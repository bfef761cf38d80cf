"""Staff pages of online reach: figures by year and channel, and entering one; the newsletters'
lists and campaigns with preview, test send, send and schedule."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views import View
from django.views.generic import FormView, TemplateView

from perspectives.core.listing import Column, ListControlsMixin
from perspectives.core.views import StaffOnlyMixin

from .. import selectors, services
from ..forms import ReachFigureForm, ReachFilterForm
from ..newsletters import selectors as newsletter_selectors
from ..newsletters import services as newsletter_services
from ..newsletters.forms import CampaignForm, CampaignScheduleForm, NewsletterListForm
from ..newsletters.models import Campaign, CampaignStatus
from ..newsletters.rendering import render_markdown


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


class CampaignMixin:
    def get_campaign(self) -> Campaign:
        return newsletter_selectors.access_campaign(
            user=self.request.user, campaign_id=self.kwargs["pk"]
        )


class CampaignListView(StaffOnlyMixin, ListControlsMixin, TemplateView):
    """The newsletter lists and the campaigns; the campaigns sort, search and export."""

    template_name = "reach/newsletters/campaign_list.html"
    export_name = "campaigns"
    default_sort = "-created_at"
    list_columns = (
        Column("subject", _l("Subject"), sort=("subject",)),
        Column(
            "newsletter_list",
            _l("List"),
            sort=("newsletter_list__name", "-created_at"),
            value=lambda campaign: campaign.newsletter_list.name,
        ),
        Column(
            "status",
            _l("Status"),
            sort=("status", "-created_at"),
            value=Campaign.get_status_display,
        ),
        Column("delivered", _l("Delivered"), sort=("delivered",), is_numeric=True),
        Column("failed", _l("Failed"), sort=("failed",), is_numeric=True),
        Column("sent_at", _l("Sent at"), sort=("sent_at",)),
        Column("created_at", _l("Written on"), sort=("created_at",), is_shown=False),
    )

    def get_list_queryset(self):
        return newsletter_selectors.list_campaigns(search=self.list_controls.search)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lists=newsletter_selectors.list_newsletter_lists(),
            campaigns=list(self.sorted_list()),
            subscribers=newsletter_selectors.list_subscribers_by_month_end(
                today=timezone.localdate()
            ),
            list_form=NewsletterListForm(),
            **kwargs,
        )


class NewsletterListCreateView(StaffOnlyMixin, FormView):
    template_name = "reach/newsletters/list_form.html"
    form_class = NewsletterListForm

    def form_valid(self, form):
        try:
            newsletter_list = newsletter_services.create_newsletter_list(
                **form.cleaned_data, actor=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Newsletter %(name)s created.") % {"name": newsletter_list}
        )
        return redirect("reach:campaign-list")


class CampaignFormView(StaffOnlyMixin, CampaignMixin, FormView):
    """Write or change a campaign; the preview button shows the mail without saving."""

    template_name = "reach/newsletters/campaign_form.html"
    form_class = CampaignForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            self.campaign = self.get_campaign()
            if not self.campaign.is_editable:
                raise Http404
            kwargs["instance"] = self.campaign
        return kwargs

    def form_valid(self, form):
        if "preview" in self.request.POST:
            return self.render_to_response(
                self.get_context_data(
                    form=form, preview=render_markdown(form.cleaned_data["body_markdown"])
                )
            )
        data = form.cleaned_data
        try:
            if "pk" in self.kwargs:
                campaign = newsletter_services.update_campaign(
                    campaign=self.campaign,
                    subject=data["subject"],
                    body_markdown=data["body_markdown"],
                    actor=self.request.user,
                )
            else:
                campaign = newsletter_services.create_campaign(
                    newsletter_list=data["newsletter_list"],
                    subject=data["subject"],
                    body_markdown=data["body_markdown"],
                    actor=self.request.user,
                )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect("reach:campaign-detail", pk=campaign.pk)


class CampaignDetailView(StaffOnlyMixin, CampaignMixin, TemplateView):
    template_name = "reach/newsletters/campaign_detail.html"

    def get_context_data(self, **kwargs):
        campaign = self.get_campaign()
        return super().get_context_data(
            campaign=campaign,
            preview=render_markdown(campaign.body_markdown),
            deliveries=newsletter_selectors.count_campaign_deliveries(campaign=campaign),
            recipients=newsletter_selectors.count_active_subscribers(
                list=campaign.newsletter_list, on=timezone.localdate()
            ),
            **kwargs,
        )


class CampaignTestSendView(StaffOnlyMixin, CampaignMixin, View):
    def post(self, request, pk):
        try:
            newsletter_services.send_campaign_test(campaign=self.get_campaign(), actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("A test was sent to %(email)s.") % {"email": request.user.email}
            )
        return redirect("reach:campaign-detail", pk=pk)


def _moment(value) -> str:
    return dateformat.format(timezone.localtime(value), "d-m-Y H:i")


class CampaignConfirmMixin(CampaignMixin):
    """The confirmation page: what goes out, to how many subscribers of which list, and when."""

    confirm_template_name = "reach/newsletters/campaign_confirm.html"

    def confirm_context(self, campaign: Campaign, **kwargs) -> dict:
        return {
            "campaign": campaign,
            "recipients": newsletter_selectors.list_campaign_recipients(campaign=campaign).count(),
            **kwargs,
        }


class CampaignSendView(StaffOnlyMixin, CampaignConfirmMixin, View):
    """Send: GET shows the confirmation page; only the POST of that page starts the send."""

    def get(self, request, pk):
        context = self.confirm_context(self.get_campaign(), send_at=None)
        return TemplateResponse(request, self.confirm_template_name, context)

    def post(self, request, pk):
        try:
            newsletter_services.start_campaign_send(
                campaign=self.get_campaign(), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Sending has started."))
        return redirect("reach:campaign-detail", pk=pk)


class CampaignScheduleView(StaffOnlyMixin, CampaignConfirmMixin, FormView):
    """Choose the moment (schedule or reschedule), confirm it on the next page, then it is set."""

    template_name = "reach/newsletters/campaign_schedule.html"
    form_class = CampaignScheduleForm

    @cached_property
    def campaign(self) -> Campaign:
        # Read after StaffOnlyMixin's check: others get its 403, never a 404 from here.
        return self.get_campaign()

    def get_initial(self):
        if self.campaign.status == CampaignStatus.SCHEDULED:
            return {"send_at": timezone.localtime(self.campaign.scheduled_at)}
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(campaign=self.campaign, **kwargs)

    def form_valid(self, form):
        send_at = form.cleaned_data["send_at"]
        if "confirm" not in self.request.POST:
            context = self.confirm_context(self.campaign, send_at=send_at, form=form)
            return TemplateResponse(self.request, self.confirm_template_name, context)
        try:
            newsletter_services.schedule_campaign(
                campaign=self.campaign, send_at=send_at, actor=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The campaign goes out at %(moment)s.") % {"moment": _moment(send_at)}
        )
        return redirect("reach:campaign-detail", pk=self.campaign.pk)


class CampaignUnscheduleView(StaffOnlyMixin, CampaignMixin, View):
    def post(self, request, pk):
        try:
            newsletter_services.unschedule_campaign(
                campaign=self.get_campaign(), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The schedule was removed: the campaign does not go out by itself.")
            )
        return redirect("reach:campaign-detail", pk=pk)
