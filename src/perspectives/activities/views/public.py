"""The public site: the catalogue at /, activity pages, sign-up and the cancel link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from perspectives.core.ratelimit import rate_limited

from .. import links, selectors, services
from ..event_formats import build_event_data, build_ics, render_json_ld
from ..forms_public import CatalogueFilterForm, RegistrationForm
from ..models import (
    CANCELLABLE_STATUSES,
    Activity,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from ..tokens import (
    make_result_token,
    read_again_token,
    read_cancel_token,
    read_result_token,
    read_sign_up_token,
)
from .staff import apply_validation_error

PAGE_SIZE = 12


def access_public_activity(code: str) -> Activity:
    """The activity as the public may see it; closed meetings and unknown codes are both 404."""
    try:
        return selectors.get_public_activity(code=code)
    except Activity.DoesNotExist:
        raise Http404 from None


def access_public_activity_by_id(activity_id: int) -> Activity:
    """As access_public_activity, by id (from a signed link)."""
    try:
        return selectors.get_public_activity_to_sign_up(activity_id=activity_id)
    except Activity.DoesNotExist:
        raise Http404 from None


def access_registration_by_token(registration_id: int | None) -> Registration:
    """The registration a valid token names; a bad token and a missing one are the same 404."""
    if registration_id is None:
        raise Http404
    try:
        registration = selectors.get_registration_by_id(registration_id=registration_id)
    except Registration.DoesNotExist:
        raise Http404 from None
    if registration.activity.is_closed:
        raise Http404
    return registration


@method_decorator(login_not_required, name="dispatch")
class CatalogueView(View):
    def get(self, request):
        today = timezone.localdate()
        form = CatalogueFilterForm(
            request.GET or None, months=selectors.list_public_months(from_date=today)
        )
        activities = selectors.list_public_activities(from_date=today, **form.filters())
        page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
        for activity in page:
            activity.seats_left = activity.seats_left_of(activity.confirmed_count)
        return render(
            request,
            "activities/public/catalogue.html",
            {"filter_form": form, "page": page, "is_filtered": bool(request.GET)},
        )


@method_decorator(login_not_required, name="dispatch")
# The same budget per client address as a sign-up through the API.
@method_decorator(
    rate_limited(group="activities.registration", rate_setting="RATELIMIT_REGISTRATION"),
    name="dispatch",
)
class ActivityPageView(View):
    """The activity with its registration form; the form posts back here."""

    def get(self, request, code):
        return self.show(request, access_public_activity(code), form=RegistrationForm())

    def post(self, request, code):
        activity = access_public_activity(code)
        if not activity.is_registration_open(timezone.now()):
            return self.show(request, activity, form=None, status=409)
        form = RegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome, result = services.request_sign_up(
                    activity=activity,
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    participant_type=data["participant_type"],
                    organisation=data["organisation"],
                    source=RegistrationSource.FORM,
                    language=get_language() or "",
                )
            except services.RegistrationClosed:
                return self.show(request, activity, form=None, status=409)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if result is None:
                    return redirect("activities:registration-mailed", code=activity.code)
                token = make_result_token(registration_id=result.registration.pk, created=True)
                return redirect("activities:registration-result", code=activity.code, token=token)
        return self.show(request, activity, form=form)

    def show(self, request, activity: Activity, *, form, status: int = 200):
        is_open = activity.is_registration_open(timezone.now())
        seats_left = activity.seats_left_of(activity.confirmed_count)
        url = links.activity_url(code=activity.code)
        context = {
            "activity": activity,
            "seats_left": seats_left,
            "is_open": is_open,
            "form": form if is_open else None,
            "refused_as_closed": status == 409,
            "json_ld": render_json_ld(
                build_event_data(activity=activity, url=url, seats_left=seats_left, is_open=is_open)
            ),
        }
        return render(request, "activities/public/activity_page.html", context, status=status)


@method_decorator(login_not_required, name="dispatch")
class ActivityCalendarView(View):
    def get(self, request, code):
        activity = access_public_activity(code)
        response = HttpResponse(
            build_ics(activity=activity, url=links.activity_url(code=activity.code)),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{activity.code}.ics"'
        return response


@method_decorator(login_not_required, name="dispatch")
class RegistrationResultView(View):
    """The outcome of a sign-up: the status only, never a name or an address."""

    def get(self, request, code, token):
        found = read_result_token(token)
        registration = access_registration_by_token(found[0] if found else None)
        if registration.activity.code != code:
            raise Http404
        context = {
            "activity": registration.activity,
            "status": registration.status,
            "created": found[1],
            "position": selectors.get_waiting_list_position(registration=registration)
            if found[1]
            else None,
        }
        return render(request, "activities/public/registration_result.html", context)


@method_decorator(login_not_required, name="dispatch")
class RegistrationCancelView(View):
    """The cancel link from the e-mail: GET shows and asks, only the POST button cancels."""

    def get(self, request, token):
        registration = access_registration_by_token(read_cancel_token(token))
        return render(
            request,
            "activities/public/registration_cancel.html",
            {
                "registration": registration,
                "activity": registration.activity,
                "can_cancel": self.can_cancel(registration),
            },
        )

    def post(self, request, token):
        registration = access_registration_by_token(read_cancel_token(token))
        if registration.status == RegistrationStatus.CANCELLED:
            messages.info(request, _("This registration was already cancelled."))
        else:
            try:
                services.cancel_registration(registration=registration, by_participant=True)
            except services.RegistrationError:
                messages.error(request, _("This registration can no longer be cancelled."))
            else:
                messages.success(request, _("Your registration has been cancelled."))
        return redirect("activities:public-registration-cancel", token=token)

    @staticmethod
    def can_cancel(registration: Registration) -> bool:
        return registration.status in CANCELLABLE_STATUSES and (
            registration.activity.is_cancellation_open(timezone.now())
        )


@method_decorator(login_not_required, name="dispatch")
class RegistrationMailedView(View):
    """After a sign-up that was answered by e-mail: the page tells nothing stored."""

    def get(self, request, code):
        activity = access_public_activity(code)
        return render(request, "activities/public/registration_mailed.html", {"activity": activity})


@method_decorator(login_not_required, name="dispatch")
class RegistrationConfirmView(View):
    """The link in the mail that confirms a sign-up: GET asks, only the POST signs up (a mail
    scanner that follows links confirms nothing)."""

    def get(self, request, token):
        data = self.data_or_404(token)
        activity = access_public_activity_by_id(data["activity"])
        return render(
            request,
            "activities/public/registration_confirm.html",
            {"activity": activity, "action": "confirm"},
        )

    def post(self, request, token):
        data = self.data_or_404(token)
        activity = access_public_activity_by_id(data["activity"])
        try:
            result = services.confirm_sign_up(data=data)
        except (Activity.DoesNotExist, services.RegistrationClosed):
            return render(
                request,
                "activities/public/registration_confirm.html",
                {"activity": activity, "action": "closed"},
                status=409,
            )
        token = make_result_token(registration_id=result.registration.pk, created=result.created)
        return redirect("activities:registration-result", code=activity.code, token=token)

    @staticmethod
    def data_or_404(token: str) -> dict:
        data = read_sign_up_token(token)
        if data is None:
            raise Http404
        return data


@method_decorator(login_not_required, name="dispatch")
class RegistrationAgainView(View):
    """The link that takes up a cancelled registration again: GET asks, the POST does it."""

    def get(self, request, token):
        registration = access_registration_by_token(read_again_token(token))
        return render(
            request,
            "activities/public/registration_confirm.html",
            {"activity": registration.activity, "action": "again"},
        )

    def post(self, request, token):
        registration = access_registration_by_token(read_again_token(token))
        try:
            result = services.take_up_again(registration=registration)
        except services.RegistrationClosed:
            return render(
                request,
                "activities/public/registration_confirm.html",
                {"activity": registration.activity, "action": "closed"},
                status=409,
            )
        token = make_result_token(registration_id=result.registration.pk, created=result.created)
        return redirect(
            "activities:registration-result", code=registration.activity.code, token=token
        )
