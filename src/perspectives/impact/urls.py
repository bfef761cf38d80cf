from django.urls import path

from .views.staff import ImpactDashboardView, ImpactDownloadView

app_name = "impact"

urlpatterns = [
    path("", ImpactDashboardView.as_view(), name="dashboard"),
    path("download/<slug:kind>", ImpactDownloadView.as_view(), name="download"),
]
