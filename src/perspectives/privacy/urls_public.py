from django.urls import path

from .views import participant, public

urlpatterns = [
    path("", public.StatementView.as_view(), name="statement"),
    path("mijn-gegevens/", participant.MyDataView.as_view(), name="my-data"),
    path(
        "mijn-gegevens/download/",
        participant.MyDataDownloadView.as_view(),
        name="my-data-download",
    ),
    path(
        "mijn-gegevens/verwijderen/",
        participant.MyErasureRequestView.as_view(),
        name="my-erasure-request",
    ),
]
