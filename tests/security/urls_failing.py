"""The project's URLs plus one view that fails, to see the 500 page as visitors would."""

from django.urls import path

from perspectives.config import urls as project_urls

SECRET_LOOKING_MESSAGE = "SELECT password FROM accounts_user; SECRET_KEY DATABASES"


def failing_view(request):
    raise RuntimeError(SECRET_LOOKING_MESSAGE)


urlpatterns = [path("fails/", failing_view, name="fails"), *project_urls.urlpatterns]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
