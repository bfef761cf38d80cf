"""Public newsletter URLs, mounted at /nieuwsbrief/ by urls.py."""

from django.urls import path

from .integrations.webhooks import tracking_webhook_view
from .newsletters import views_public

urlpatterns = [
    path("webhook/<slug:esp>/tracking/", tracking_webhook_view, name="tracking-webhook"),
    path("bevestigen/<str:token>/", views_public.confirm_view, name="confirm"),
    path("afmelden/<str:token>/", views_public.unsubscribe_view, name="unsubscribe"),
    path("<slug:code>/", views_public.subscribe_view, name="subscribe"),
    path("<slug:code>/aangevraagd/", views_public.requested_view, name="requested"),
]
