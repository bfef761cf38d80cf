"""The app's one URL namespace, `impact`: staff pages under /beheer/impact/, funder pages under
/financier/. Funder names that staff pages also use get `funder-`."""

from django.urls import include, path

app_name = "impact"

urlpatterns = [
    path("beheer/impact/", include("perspectives.impact.urls_staff")),
    path("financier/", include("perspectives.impact.urls_funder")),
]
