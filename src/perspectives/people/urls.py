from django.urls import path

from .views import staff

app_name = "people"

urlpatterns = [
    path("", staff.PersonListView.as_view(), name="person-list"),
    path("<int:pk>/", staff.PersonDetailView.as_view(), name="person-detail"),
    path("<int:pk>/bewerken/", staff.PersonUpdateView.as_view(), name="person-update"),
    path("organisaties/", staff.OrganisationListView.as_view(), name="organisation-list"),
]
