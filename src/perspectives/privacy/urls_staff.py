"""Staff privacy tools, mounted at /beheer/privacy/ by urls.py."""

from django.urls import path

from .views import staff

urlpatterns = [
    path("", staff.StaffPrivacyView.as_view(), name="home"),
    path("personen/<int:pk>/export/", staff.PersonExportView.as_view(), name="person-export"),
    path("personen/<int:pk>/verwijderen/", staff.PersonEraseView.as_view(), name="person-erase"),
]
