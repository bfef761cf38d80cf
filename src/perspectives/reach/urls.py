"""The app's one URL namespace, `reach`: figures and campaigns under /beheer/bereik/, the
public newsletter pages under /nieuwsbrief/."""

from django.urls import include, path

app_name = "reach"

urlpatterns = [
    path("beheer/bereik/", include("perspectives.reach.urls_staff")),
    path("nieuwsbrief/", include("perspectives.reach.urls_public")),
]
