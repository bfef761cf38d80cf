"""Check-in at the door, on a phone: find a person, tap to mark them present.

Plain forms, one button per person, so that it works without JavaScript; every tap goes back to
the same list with the same search.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from perspectives.core.views import StaffOnlyMixin, query_text

from .. import selectors, services
from ..forms import CheckInForm
from .staff import registration_or_404


def checkin_url(*, activity_id: int, search: str = "") -> str:
    url = reverse("activities:checkin", kwargs={"pk": activity_id})
    return f"{url}?{urlencode({'q': search})}" if search else url


class CheckInView(StaffOnlyMixin, TemplateView):
    template_name = "activities/checkin.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = selectors.access_activity(user=self.request.user, activity_id=kwargs["pk"])
        search = query_text(self.request, "q")
        context.update(
            activity=activity,
            search=search,
            registrations=list(
                selectors.list_checkin_registrations(activity=activity, search=search)
            ),
            counts=selectors.count_checkin(activity=activity),
            has_started=timezone.localdate() >= activity.starts_on,
        )
        return context


class CheckInMarkView(StaffOnlyMixin, View):
    """Mark one person present (or undo it), then show the list again."""

    def post(self, request, pk, registration_pk):
        activity, registration = registration_or_404(
            user=self.request.user, activity_id=pk, registration_id=registration_pk
        )
        form = CheckInForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a valid status."))
            return redirect("activities:checkin", pk=pk)
        status = form.cleaned_data["status"]
        changed = services.mark_attendance(
            activity=activity,
            registration_ids=[registration.pk],
            status=status,
            actor=request.user,
        )
        name = registration.person.full_name or registration.person.email
        if not changed:
            messages.warning(request, _("Nothing changed for %(person)s.") % {"person": name})
        elif status == "attended":
            messages.success(request, _("%(person)s is present.") % {"person": name})
        else:
            messages.success(request, _("%(person)s is no longer present.") % {"person": name})
        url = checkin_url(activity_id=activity.pk, search=form.cleaned_data["q"])
        return HttpResponseRedirect(url)


class CheckInRestNoShowView(StaffOnlyMixin, TemplateView):
    """After the event: a confirmation page, then everyone still expected becomes no-show."""

    template_name = "activities/checkin_rest_no_show.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = selectors.access_activity(user=self.request.user, activity_id=kwargs["pk"])
        counts = selectors.count_checkin(activity=activity)
        context.update(
            activity=activity,
            remaining=counts["expected"] - counts["present"] - counts["no_show"],
            has_started=timezone.localdate() >= activity.starts_on,
        )
        return context

    def post(self, request, pk):
        activity = selectors.access_activity(user=self.request.user, activity_id=pk)
        try:
            changed = services.mark_rest_no_show(activity=activity, actor=request.user)
        except services.RegistrationError:
            messages.error(request, _("The activity has not started yet."))
            return redirect("activities:checkin", pk=pk)
        messages.success(
            request,
            ngettext(
                "%(count)d person marked no-show.", "%(count)d people marked no-show.", changed
            )
            % {"count": changed},
        )
        return redirect("activities:checkin", pk=pk)
