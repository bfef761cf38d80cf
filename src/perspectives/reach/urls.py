from django.urls import path

from .views import staff

app_name = "reach"

urlpatterns = [
    path("", staff.ReachFigureListView.as_view(), name="figure-list"),
    path("nieuw/", staff.ReachFigureCreateView.as_view(), name="figure-create"),
]
