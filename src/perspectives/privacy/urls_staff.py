"""Staff privacy tools, mounted at /beheer/privacy/ by urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.StaffPrivacyView.as_view(), name="home"),
    path("personen/<int:pk>/export/", views.PersonExportView.as_view(), name="person-export"),
    path("personen/<int:pk>/verwijderen/", views.PersonEraseView.as_view(), name="person-erase"),
]
