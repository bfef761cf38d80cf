from django.urls import path

from .views import public

# The public site, mounted at the root: the catalogue is the home page of the whole site.

urlpatterns = [
    path("", public.CatalogueView.as_view(), name="home"),
    path(
        "activiteiten/<slug:code>/",
        public.ActivityPageView.as_view(),
        name="public-activity-detail",
    ),
    path(
        "activiteiten/<slug:code>/agenda.ics",
        public.ActivityCalendarView.as_view(),
        name="activity-ics",
    ),
    path(
        "activiteiten/<slug:code>/aanmelding/<str:token>/",
        public.RegistrationResultView.as_view(),
        name="registration-result",
    ),
    path(
        "activiteiten/<slug:code>/aanmelding-ontvangen/",
        public.RegistrationMailedView.as_view(),
        name="registration-mailed",
    ),
    path(
        "aanmelden/bevestigen/<str:token>/",
        public.RegistrationConfirmView.as_view(),
        name="registration-confirm",
    ),
    path(
        "aanmelden/opnieuw/<str:token>/",
        public.RegistrationAgainView.as_view(),
        name="registration-again",
    ),
    path(
        "afmelden/<str:token>/",
        public.RegistrationCancelView.as_view(),
        name="public-registration-cancel",
    ),
]
