from django.urls import path

from .views import staff

app_name = "activities"

urlpatterns = [
    path("", staff.ActivityListView.as_view(), name="activity-list"),
    path("nieuw/", staff.ActivityCreateView.as_view(), name="activity-create"),
    path("<int:pk>/", staff.ActivityDetailView.as_view(), name="activity-detail"),
    path("<int:pk>/bewerken/", staff.ActivityUpdateView.as_view(), name="activity-update"),
    path(
        "<int:pk>/aanwezigheid/",
        staff.ActivityAttendanceView.as_view(),
        name="activity-attendance",
    ),
    path(
        "<int:pk>/deelnemer-toevoegen/",
        staff.RegistrationCreateView.as_view(),
        name="registration-create",
    ),
    path(
        "<int:pk>/inschrijvingen/<int:registration_pk>/status/",
        staff.RegistrationStatusView.as_view(),
        name="registration-status",
    ),
    path(
        "deelnemer/<int:person_pk>/",
        staff.PersonRegistrationsView.as_view(),
        name="person-registrations",
    ),
]
