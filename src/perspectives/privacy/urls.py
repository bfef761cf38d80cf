"""The app's one URL namespace, `privacy`: the statement and a person's own data under
/privacy/, the staff tools under /beheer/privacy/."""

from django.urls import include, path

app_name = "privacy"

urlpatterns = [
    path("privacy/", include("perspectives.privacy.urls_public")),
    path("beheer/privacy/", include("perspectives.privacy.urls_staff")),
]
