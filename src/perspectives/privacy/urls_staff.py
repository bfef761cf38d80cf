"""Staff privacy tools at /beheer/privacy/.

A namespace of their own: two includes cannot share one (Django reverses within the first).
"""

from django.urls import path

from . import views

app_name = "privacy_staff"

urlpatterns = [
    path("", views.StaffPrivacyView.as_view(), name="home"),
    path("personen/<int:pk>/export/", views.PersonExportView.as_view(), name="person-export"),
    path("personen/<int:pk>/verwijderen/", views.PersonEraseView.as_view(), name="person-erase"),
]
