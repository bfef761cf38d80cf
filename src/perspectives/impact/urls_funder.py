"""Funder pages, mounted at /financier/ by urls.py; names that staff pages also use get `funder-`."""

from django.urls import path

from .views.funder import (
    FunderDashboardView,
    FunderDownloadView,
    FunderSnapshotDownloadView,
    FunderSnapshotView,
)

urlpatterns = [
    path("", FunderDashboardView.as_view(), name="funder-dashboard"),
    path("download/<slug:kind>", FunderDownloadView.as_view(), name="funder-download"),
    path("rapporten/<int:pk>/", FunderSnapshotView.as_view(), name="funder-report"),
    path(
        "rapporten/<int:pk>/download",
        FunderSnapshotDownloadView.as_view(),
        name="funder-report-download",
    ),
]
