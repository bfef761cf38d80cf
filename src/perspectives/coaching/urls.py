from django.urls import path

from .views.staff import TrajectoryListView

app_name = "coaching"

urlpatterns = [
    path("", TrajectoryListView.as_view(), name="trajectory-list"),
]
