"""Middleware of the kernel: response headers that every page needs, denied-access logging."""

from django.conf import settings

from .access import ObjectAccessDenied, log_denied_access


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


class ObjectAccessLogMiddleware:
    """Logs each 404 by policy once and leaves the answer to Django's usual 404 handling."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ObjectAccessDenied):
            log_denied_access(request=request, denial=exception)
        return None
