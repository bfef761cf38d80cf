"""Staff changes to one activity's registrations: adding someone, a status, a cancellation.

Every change says what really happened: a seat or the waiting list, a refused move and why,
and who moved up from the waiting list into a seat the change freed (the seat rule mails them
itself, services.seats.promote_waiting).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from perspectives.core.views import StaffOnlyMixin
from perspectives.people import selectors as people_selectors

from .. import selectors, services
from ..forms import AddParticipantForm, RegistrationStatusForm
from ..models import CANCELLABLE_STATUSES, SEAT_STATUSES, RegistrationStatus
from .staff import ActivityDetailView, apply_validation_error, registration_or_404


def names_of(registrations) -> str:
    """'Jan Jansen, Piet Puk and Ans Bos': the people of these registrations, in order."""
    return get_text_list([str(r.person) for r in registrations], last_word=_("and"))


def say_moved_up(request, promoted) -> None:
    """Tell staff who took the seats freed just now; the seat rule queued their mail itself."""
    if promoted:
        messages.info(
            request,
            ngettext(
                "%(people)s moved up from the waiting list and gets an e-mail about it.",
                "%(people)s moved up from the waiting list and get an e-mail about it.",
                len(promoted),
            )
            % {"people": names_of(promoted)},
        )


def waiting_list_number(registration) -> str:
    """The registration's place on the waiting list, as the page's language writes numbers."""
    position = selectors.get_waiting_list_position(registration=registration)
    return number_format(position, force_grouping=True)


def registration_anchor(*, activity_id: int, registration_id: int) -> str:
    url = reverse("activities:activity-detail", kwargs={"pk": activity_id})
    return f"{url}#registration-{registration_id}"


class RegistrationCreateView(ActivityDetailView):
    """Add someone to the activity by e-mail: a known person, or a new one with name and type.

    An invalid form is shown again on the activity page, with its errors.
    """

    http_method_names = ["post"]

    def post(self, request, pk):
        activity = selectors.access_activity(user=self.request.user, activity_id=pk)
        form = AddParticipantForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            person = people_selectors.find_person_by_email(email=data["email"])
            if person is not None or form.require_new_person_fields():
                try:
                    result = services.register_participant(
                        activity=activity,
                        actor=self.request.user,
                        person=person,
                        email=data["email"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        participant_type=data["participant_type"],
                    )
                except ValidationError as error:
                    apply_validation_error(form, error)
                else:
                    self.say_joined(result)
                    return redirect("activities:activity-detail", pk=pk)
        return self.render_to_response(self.get_context_data(pk=pk, add_form=form))

    def say_joined(self, result: services.SignUp) -> None:
        registration = result.registration
        values = {"person": registration.person, "status": registration.get_status_display()}
        if result.outcome == services.Outcome.EXISTING:
            messages.warning(
                self.request,
                _("%(person)s already has a registration (“%(status)s”); nothing changed.")
                % values,
            )
        elif registration.status == RegistrationStatus.WAITLISTED:
            position = waiting_list_number(registration)
            messages.success(
                self.request,
                _("%(person)s is on the waiting list (number %(position)s): the activity is full.")
                % {**values, "position": position},
            )
        else:
            messages.success(self.request, _("%(person)s registered.") % values)


class RegistrationStatusView(StaffOnlyMixin, View):
    """One registration's status from the activity page; a cancellation is confirmed first."""

    def post(self, request, pk, registration_pk):
        activity, registration = registration_or_404(
            user=self.request.user, activity_id=pk, registration_id=registration_pk
        )
        form = RegistrationStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a valid status."))
        elif form.cleaned_data["status"] == RegistrationStatus.CANCELLED:
            return redirect(
                "activities:registration-cancel", pk=pk, registration_pk=registration.pk
            )
        else:
            self.change(activity, registration, form.cleaned_data["status"])
        return HttpResponseRedirect(
            registration_anchor(activity_id=pk, registration_id=registration.pk)
        )

    def change(self, activity, registration, status: str) -> None:
        request, person = self.request, registration.person
        old_label = registration.get_status_display()
        try:
            promoted = services.set_registration_status(
                registration=registration, status=status, actor=request.user
            )
        except services.NoFreeSeat:
            if selectors.seats_left(activity=activity) == 0:
                text = _(
                    "No free seat for %(person)s: all %(capacity)s seats are taken, so "
                    "%(person)s stays “%(status)s”. Raise the capacity first."
                )
            else:
                text = _(
                    "%(person)s stays “%(status)s”: the free seats go to those ahead on the "
                    "waiting list first."
                )
            messages.error(
                request,
                text
                % {
                    "person": person,
                    "status": old_label,
                    "capacity": number_format(activity.capacity, force_grouping=True),
                },
            )
            return
        except services.RegistrationError:
            messages.error(
                request,
                _("A registration that is “%(status)s” cannot be changed like that.")
                % {"status": old_label},
            )
            return
        if registration.status == RegistrationStatus.WAITLISTED:
            position = waiting_list_number(registration)
            text = _("%(person)s is now on the waiting list (number %(position)s).")
            messages.success(request, text % {"person": person, "position": position})
        else:
            messages.success(
                request,
                _("Status of %(person)s is now “%(status)s”.")
                % {"person": person, "status": registration.get_status_display()},
            )
        say_moved_up(request, promoted)


class RegistrationCancelView(StaffOnlyMixin, TemplateView):
    """Cancel a registration after a confirmation page that says what will happen.

    GET shows who, which activity, and who would move up into the freed seat; POST cancels.
    Works without JavaScript; cancelling what is cancelled already changes nothing.
    """

    template_name = "activities/registration_cancel.html"

    @cached_property
    def objects(self):
        return registration_or_404(
            user=self.request.user,
            activity_id=self.kwargs["pk"],
            registration_id=self.kwargs["registration_pk"],
        )

    def get_context_data(self, **kwargs):
        activity, registration = self.objects
        can_cancel = registration.status in CANCELLABLE_STATUSES
        return super().get_context_data(
            activity=activity,
            registration=registration,
            can_cancel=can_cancel,
            holds_seat=registration.status in SEAT_STATUSES,
            is_cancelled=registration.status == RegistrationStatus.CANCELLED,
            moving_up=(
                selectors.list_next_in_line(activity=activity, leaving=registration)
                if can_cancel
                else []
            ),
            back_url=registration_anchor(activity_id=activity.pk, registration_id=registration.pk),
            **kwargs,
        )

    def post(self, request, pk, registration_pk):
        activity, registration = self.objects
        was_cancelled = registration.status == RegistrationStatus.CANCELLED
        old_label = registration.get_status_display()
        try:
            promoted = services.cancel_registration(registration=registration, actor=request.user)
        except services.RegistrationError:
            messages.error(
                request,
                _("A registration that is “%(status)s” cannot be cancelled.")
                % {"status": old_label},
            )
        else:
            if was_cancelled:
                text = _("The registration of %(person)s was cancelled already; nothing changed.")
            else:
                text = _(
                    "The registration of %(person)s is cancelled; %(person)s gets an e-mail "
                    "about it."
                )
            messages.success(request, text % {"person": registration.person})
            say_moved_up(request, promoted)
        return HttpResponseRedirect(
            registration_anchor(activity_id=activity.pk, registration_id=registration.pk)
        )
