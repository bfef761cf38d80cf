"""The page the check-in QR code of a registration opens, on a staff member's phone."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from perspectives.core.views import StaffOnlyMixin

from .. import selectors, services
from ..models import Registration, RegistrationStatus
from ..tokens import read_checkin_token

CAN_CHECK_IN = {RegistrationStatus.REGISTERED, RegistrationStatus.NO_SHOW}


def access_registration_for_checkin(token: str) -> Registration:
    """The registration a valid check-in token names; a bad or tampered token is 404."""
    registration_id = read_checkin_token(token)
    if registration_id is None:
        raise Http404
    try:
        return selectors.get_registration_by_id(registration_id=registration_id)
    except Registration.DoesNotExist:
        raise Http404 from None


class CheckinScanView(StaffOnlyMixin, View):
    def get(self, request, token):
        registration = access_registration_for_checkin(token)
        return render(
            request,
            "activities/checkin_scan.html",
            {
                "registration": registration,
                "activity": registration.activity,
                "can_check_in": registration.status in CAN_CHECK_IN,
            },
        )

    def post(self, request, token):
        registration = access_registration_for_checkin(token)
        changed = services.mark_attendance(
            activity=registration.activity,
            registration_ids=[registration.pk],
            status=RegistrationStatus.ATTENDED,
            actor=request.user,
        )
        if changed:
            messages.success(request, _("Marked present."))
        elif registration.status == RegistrationStatus.ATTENDED:
            messages.info(request, _("Already marked present."))
        else:
            messages.error(request, _("This registration has no seat; nothing was changed."))
        return redirect("activities:checkin-scan", token=token)
