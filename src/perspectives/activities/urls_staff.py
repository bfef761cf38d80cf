from django.urls import path

from .views import checkin, checkin_scan, registrations, staff

urlpatterns = [
    path("", staff.ActivityListView.as_view(), name="activity-list"),
    path("nieuw/", staff.ActivityCreateView.as_view(), name="activity-create"),
    path("<int:pk>/", staff.ActivityDetailView.as_view(), name="activity-detail"),
    path("<int:pk>/bewerken/", staff.ActivityUpdateView.as_view(), name="activity-update"),
    path("<int:pk>/kopieren/", staff.ActivityDuplicateView.as_view(), name="activity-duplicate"),
    path("<int:pk>/publiceren/", staff.ActivityPublishView.as_view(), name="activity-publish"),
    path(
        "<int:pk>/aanwezigheid/",
        staff.ActivityAttendanceView.as_view(),
        name="activity-attendance",
    ),
    path(
        "<int:pk>/deelnemer-toevoegen/",
        registrations.RegistrationCreateView.as_view(),
        name="registration-create",
    ),
    path(
        "<int:pk>/inschrijvingen/<int:registration_pk>/status/",
        registrations.RegistrationStatusView.as_view(),
        name="registration-status",
    ),
    path(
        "<int:pk>/inschrijvingen/<int:registration_pk>/annuleren/",
        registrations.RegistrationCancelView.as_view(),
        name="registration-cancel",
    ),
    path("<int:pk>/check-in/", checkin.CheckInView.as_view(), name="checkin"),
    path(
        "<int:pk>/check-in/<int:registration_pk>/",
        checkin.CheckInMarkView.as_view(),
        name="checkin-mark",
    ),
    path(
        "<int:pk>/check-in/rest-afwezig/",
        checkin.CheckInRestNoShowView.as_view(),
        name="checkin-rest-no-show",
    ),
    path("scan/<str:token>/", checkin_scan.CheckinScanView.as_view(), name="checkin-scan"),
    path(
        "deelnemer/<int:person_pk>/",
        staff.PersonRegistrationsView.as_view(),
        name="person-registrations",
    ),
]
