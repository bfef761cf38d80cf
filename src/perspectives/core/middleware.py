"""Middleware of the kernel: response headers that every page needs."""

from django.conf import settings


class NoStoreForAuthenticatedMiddleware:
    """Pages shown to a logged-in user, or that log one in, are never stored by any cache.

    A shared computer's browser cache or a proxy must not keep a participant file or a report
    after the person has left; `no-store` replaces whatever caching a view asked for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logged_in = user is not None and user.is_authenticated
        if logged_in or settings.SESSION_COOKIE_NAME in response.cookies:
            response["Cache-Control"] = "no-store"
        return response
