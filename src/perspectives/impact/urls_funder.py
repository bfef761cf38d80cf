from django.urls import path

from .views.funder import FunderDashboardView, FunderDownloadView

app_name = "funder"

urlpatterns = [
    path("", FunderDashboardView.as_view(), name="dashboard"),
    path("download/<slug:kind>", FunderDownloadView.as_view(), name="download"),
]
