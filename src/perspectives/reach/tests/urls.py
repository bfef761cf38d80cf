"""The project's URLs plus plain public pages in each counted section, for the counting tests."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.urls import include, path


@login_not_required
def plain_page(request, slug=""):
    return HttpResponse("<!doctype html><title>Page</title><p>No form here.</p>")


@login_not_required
def json_page(request):
    return JsonResponse({"ok": True})


urlpatterns = [
    path("vacatures/<slug:slug>/", plain_page),
    path("academy/", plain_page),
    path("kennisbank/<slug:slug>/", plain_page),
    path("over-ons/", plain_page),
    path("data.json", json_page),
    # By name, not by import: the project's URLs reach every app, which reach may not import.
    path("", include("perspectives.config.urls")),
]
