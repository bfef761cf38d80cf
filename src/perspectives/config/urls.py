from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from perspectives.config.api import get_api_urls
from perspectives.core.views import login_not_required_view

urlpatterns = [
    path("", include("perspectives.activities.urls_public")),
    path("i18n/setlang/", login_not_required_view(set_language), name="set_language"),
    path("account/", include("perspectives.accounts.urls")),
    path("beheer/", include("perspectives.core.urls_staff")),
    path("beheer/activiteiten/", include("perspectives.activities.urls")),
    path("beheer/coaching/", include("perspectives.coaching.urls")),
    path("beheer/mensen/", include("perspectives.people.urls")),
    path("beheer/impact/", include("perspectives.impact.urls")),
    path("beheer/financiering/", include("perspectives.funding.urls")),
    path("beheer/bereik/", include("perspectives.reach.urls")),
    path("nieuwsbrief/", include("perspectives.reach.urls_public")),
    path("privacy/", include("perspectives.privacy.urls")),
    path("beheer/privacy/", include("perspectives.privacy.urls_staff")),
    path("financier/", include("perspectives.impact.urls_funder")),
    path("admin/", admin.site.urls),
    path("api/v1/", get_api_urls()),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

handler400 = "perspectives.core.views_errors.bad_request"
handler403 = "perspectives.core.views_errors.permission_denied"
handler404 = "perspectives.core.views_errors.page_not_found"
handler500 = "perspectives.core.views_errors.server_error"
