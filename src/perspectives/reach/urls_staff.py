from django.urls import path

from .newsletters import views_staff as newsletters
from .views import staff

urlpatterns = [
    path("", staff.ReachFigureListView.as_view(), name="figure-list"),
    path("nieuw/", staff.ReachFigureCreateView.as_view(), name="figure-create"),
    path("nieuwsbrieven/", newsletters.CampaignListView.as_view(), name="campaign-list"),
    path(
        "nieuwsbrieven/lijst/nieuw/",
        newsletters.NewsletterListCreateView.as_view(),
        name="newsletter-list-create",
    ),
    path("nieuwsbrieven/nieuw/", newsletters.CampaignFormView.as_view(), name="campaign-create"),
    path(
        "nieuwsbrieven/<int:pk>/", newsletters.CampaignDetailView.as_view(), name="campaign-detail"
    ),
    path(
        "nieuwsbrieven/<int:pk>/bewerken/",
        newsletters.CampaignFormView.as_view(),
        name="campaign-update",
    ),
    path(
        "nieuwsbrieven/<int:pk>/test/",
        newsletters.CampaignTestSendView.as_view(),
        name="campaign-test",
    ),
    path(
        "nieuwsbrieven/<int:pk>/verzenden/",
        newsletters.CampaignSendView.as_view(),
        name="campaign-send",
    ),
    path(
        "nieuwsbrieven/<int:pk>/inplannen/",
        newsletters.CampaignScheduleView.as_view(),
        name="campaign-schedule",
    ),
    path(
        "nieuwsbrieven/<int:pk>/planning-intrekken/",
        newsletters.CampaignUnscheduleView.as_view(),
        name="campaign-unschedule",
    ),
]
