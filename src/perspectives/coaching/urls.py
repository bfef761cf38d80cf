from django.urls import path

from .views import staff

app_name = "coaching"
urlpatterns = [
    path("", staff.TrajectoryListView.as_view(), name="trajectory-list"),
    path("<int:pk>/", staff.TrajectoryDetailView.as_view(), name="trajectory-detail"),
    path("<int:pk>/bewerken/", staff.TrajectoryUpdateView.as_view(), name="trajectory-update"),
    path(
        "nieuw/<int:person_pk>/",
        staff.TrajectoryCreateView.as_view(),
        name="trajectory-create",
    ),
]
