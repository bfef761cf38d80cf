"""Staff pages of the newsletters: lists, campaigns with preview, test send and send."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from perspectives.core.views import StaffOnlyMixin

from . import selectors, services
from .forms import CampaignForm, NewsletterListForm
from .models import Campaign
from .rendering import render_markdown


class CampaignMixin:
    def get_campaign(self) -> Campaign:
        return selectors.access_campaign(user=self.request.user, campaign_id=self.kwargs["pk"])


class CampaignListView(StaffOnlyMixin, TemplateView):
    template_name = "reach/newsletters/campaign_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lists=selectors.list_newsletter_lists(),
            campaigns=selectors.list_campaigns(),
            subscribers=selectors.list_subscribers_by_month_end(today=timezone.localdate()),
            list_form=NewsletterListForm(),
            **kwargs,
        )


class NewsletterListCreateView(StaffOnlyMixin, FormView):
    template_name = "reach/newsletters/list_form.html"
    form_class = NewsletterListForm

    def form_valid(self, form):
        try:
            newsletter_list = services.create_newsletter_list(
                **form.cleaned_data, created_by=self.request.user
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
                campaign = services.update_campaign(
                    campaign=self.campaign,
                    subject=data["subject"],
                    body_markdown=data["body_markdown"],
                    updated_by=self.request.user,
                )
            else:
                campaign = services.create_campaign(
                    newsletter_list=data["newsletter_list"],
                    subject=data["subject"],
                    body_markdown=data["body_markdown"],
                    created_by=self.request.user,
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
            deliveries=selectors.count_campaign_deliveries(campaign=campaign),
            recipients=selectors.count_active_subscribers(
                list=campaign.newsletter_list, on=timezone.localdate()
            ),
            **kwargs,
        )


class CampaignTestSendView(StaffOnlyMixin, CampaignMixin, View):
    def post(self, request, pk):
        try:
            services.send_campaign_test(campaign=self.get_campaign(), sent_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("A test was sent to %(email)s.") % {"email": request.user.email}
            )
        return redirect("reach:campaign-detail", pk=pk)


class CampaignSendView(StaffOnlyMixin, CampaignMixin, View):
    def post(self, request, pk):
        try:
            services.start_campaign_send(campaign=self.get_campaign(), started_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Sending has started."))
        return redirect("reach:campaign-detail", pk=pk)
