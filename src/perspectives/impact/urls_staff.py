from django.urls import path

from .views.staff import (
    ImpactDashboardView,
    ImpactDownloadView,
    ReportShareView,
    ReportSnapshotListView,
    ReportWithdrawView,
)

urlpatterns = [
    path("", ImpactDashboardView.as_view(), name="dashboard"),
    path("download/<slug:kind>", ImpactDownloadView.as_view(), name="download"),
    path("rapporten/", ReportSnapshotListView.as_view(), name="reports"),
    path("rapporten/<int:pk>/delen", ReportShareView.as_view(), name="report-share"),
    path(
        "rapporten/<int:pk>/intrekken/<int:user_pk>",
        ReportWithdrawView.as_view(),
        name="report-withdraw",
    ),
]
