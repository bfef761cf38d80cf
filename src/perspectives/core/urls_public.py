from django.contrib.auth.decorators import login_not_required
from django.urls import path

from .views import PublicHomeView

app_name = "public"

urlpatterns = [
    path("", login_not_required(PublicHomeView.as_view()), name="home"),
]
