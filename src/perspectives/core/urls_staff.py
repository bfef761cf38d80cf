from django.urls import path

from .views import StaffHomeView
from .views_import import ImportConfirmView, ImportView

app_name = "staff"

urlpatterns = [
    path("", StaffHomeView.as_view(), name="home"),
    path("import/", ImportView.as_view(), name="import"),
    path("import/bevestigen/", ImportConfirmView.as_view(), name="import-confirm"),
]
