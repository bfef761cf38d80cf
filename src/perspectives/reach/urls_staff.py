from django.urls import path

from .views import staff

urlpatterns = [
    path("", staff.ReachFigureListView.as_view(), name="figure-list"),
    path("nieuw/", staff.ReachFigureCreateView.as_view(), name="figure-create"),
    path("nieuwsbrieven/", staff.CampaignListView.as_view(), name="campaign-list"),
    path(
        "nieuwsbrieven/lijst/nieuw/",
        staff.NewsletterListCreateView.as_view(),
        name="newsletter-list-create",
    ),
    path("nieuwsbrieven/nieuw/", staff.CampaignFormView.as_view(), name="campaign-create"),
    path("nieuwsbrieven/<int:pk>/", staff.CampaignDetailView.as_view(), name="campaign-detail"),
    path(
        "nieuwsbrieven/<int:pk>/bewerken/",
        staff.CampaignFormView.as_view(),
        name="campaign-update",
    ),
    path(
        "nieuwsbrieven/<int:pk>/test/",
        staff.CampaignTestSendView.as_view(),
        name="campaign-test",
    ),
    path(
        "nieuwsbrieven/<int:pk>/verzenden/",
        staff.CampaignSendView.as_view(),
        name="campaign-send",
    ),
    path(
        "nieuwsbrieven/<int:pk>/inplannen/",
        staff.CampaignScheduleView.as_view(),
        name="campaign-schedule",
    ),
    path(
        "nieuwsbrieven/<int:pk>/planning-intrekken/",
        staff.CampaignUnscheduleView.as_view(),
        name="campaign-unschedule",
    ),
]
