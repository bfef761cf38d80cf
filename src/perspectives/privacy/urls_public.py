from django.urls import path

from . import views

urlpatterns = [
    path("", views.StatementView.as_view(), name="statement"),
    path("mijn-gegevens/", views.MyDataView.as_view(), name="my-data"),
    path("mijn-gegevens/download/", views.MyDataDownloadView.as_view(), name="my-data-download"),
    path(
        "mijn-gegevens/verwijderen/",
        views.MyErasureRequestView.as_view(),
        name="my-erasure-request",
    ),
]
