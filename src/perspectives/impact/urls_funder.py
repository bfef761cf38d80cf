from django.urls import path

from .views.funder import (
    FunderDashboardView,
    FunderDownloadView,
    FunderSnapshotDownloadView,
    FunderSnapshotView,
)

app_name = "funder"

urlpatterns = [
    path("", FunderDashboardView.as_view(), name="dashboard"),
    path("download/<slug:kind>", FunderDownloadView.as_view(), name="download"),
    path("rapporten/<int:pk>/", FunderSnapshotView.as_view(), name="report"),
    path(
        "rapporten/<int:pk>/download", FunderSnapshotDownloadView.as_view(), name="report-download"
    ),
]
