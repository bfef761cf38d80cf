from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from perspectives.config.api import get_api_urls
from perspectives.core.views import login_not_required_view

# One URL namespace per app, named after it. An app served to one audience is mounted here under
# its prefix; an app with several audiences is mounted at the root and its urls.py puts each
# audience under its own prefix (named in the comment), because Django reverses a namespace
# included twice within the first include only (urls.W005).
urlpatterns = [
    # / and /activiteiten/, /aanmelden/, /afmelden/ (public); /beheer/activiteiten/ (staff)
    path("", include("perspectives.activities.urls")),
    path("i18n/setlang/", login_not_required_view(set_language), name="set_language"),
    path("account/", include("perspectives.accounts.urls")),
    path("beheer/", include("perspectives.core.urls")),
    path("beheer/coaching/", include("perspectives.coaching.urls")),
    path("beheer/mensen/", include("perspectives.people.urls")),
    # /beheer/impact/ (staff); /financier/ (funders)
    path("", include("perspectives.impact.urls")),
    path("beheer/financiering/", include("perspectives.funding.urls")),
    # /beheer/bereik/ (staff); /nieuwsbrief/ (public)
    path("", include("perspectives.reach.urls")),
    # /privacy/ (public and participants); /beheer/privacy/ (staff)
    path("", include("perspectives.privacy.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", get_api_urls()),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

handler400 = "perspectives.core.views.errors.bad_request"
handler403 = "perspectives.core.views.errors.permission_denied"
handler404 = "perspectives.core.views.errors.page_not_found"
handler500 = "perspectives.core.views.errors.server_error"
