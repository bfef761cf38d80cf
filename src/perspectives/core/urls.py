from django.urls import path

from .views.failed_tasks import FailedTaskListView
from .views.imports import ImportConfirmView, ImportView
from .views.outbox import OutboxListView, OutboxMessageView
from .views.staff import StaffHomeView

app_name = "core"

urlpatterns = [
    path("", StaffHomeView.as_view(), name="home"),
    path("import/", ImportView.as_view(), name="import"),
    path("import/bevestigen/", ImportConfirmView.as_view(), name="import-confirm"),
    path("uitgaande-mail/", OutboxListView.as_view(), name="outbox"),
    path("mislukte-taken/", FailedTaskListView.as_view(), name="failed-tasks"),
    path(
        "uitgaande-mail/<str:name>/<int:index>/",
        OutboxMessageView.as_view(),
        name="outbox-message",
    ),
]
