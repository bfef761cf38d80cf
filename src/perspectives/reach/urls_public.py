"""Public newsletter URLs, mounted at /nieuwsbrief/ by urls.py."""

from django.urls import path

from .views import public

urlpatterns = [
    path("webhook/<slug:esp>/tracking/", public.tracking_webhook_view, name="tracking-webhook"),
    path("bevestigen/<str:token>/", public.confirm_view, name="confirm"),
    path("afmelden/<str:token>/", public.unsubscribe_view, name="unsubscribe"),
    path("<slug:code>/", public.subscribe_view, name="subscribe"),
    path("<slug:code>/aangevraagd/", public.requested_view, name="requested"),
]
