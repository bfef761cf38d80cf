"""The app's one URL namespace, `activities`: the public site at the root, staff pages under
/beheer/activiteiten/. Public names that staff pages also use get `public-`."""

from django.urls import include, path

app_name = "activities"

urlpatterns = [
    path("", include("perspectives.activities.urls_public")),
    path("beheer/activiteiten/", include("perspectives.activities.urls_staff")),
]
