"""The JSON API under /api/v1/: one NinjaAPI that gathers the routers of the apps.

Access is ninja's business here, not LoginRequiredMiddleware's: every operation requires a
logged-in session (`django_auth`) unless it declares `auth=None`, so the API is still deny by
default, and the URL patterns are marked login-not-required so that the middleware does not
turn a public beacon or the OpenAPI schema into a redirect to the log-in page.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.security import django_auth

from perspectives.activities.api import router as activities_router
from perspectives.core.access import ObjectAccessDenied, log_denied_access
from perspectives.reach.api import router as reach_router


def _schema_for_logged_in_users(view):
    """The schema maps the whole API: anonymous visitors get 401, as for the operations."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"detail": "Unauthorized"}, status=401)
        return view(request, *args, **kwargs)

    return guarded


# No Swagger page: it would load its scripts from a third-party CDN; the schema is enough.
api = NinjaAPI(
    title="Perspectives API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url=None,
    docs_decorator=_schema_for_logged_in_users,
)
api.add_router("/", reach_router)
api.add_router("/", activities_router)


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    """Invalid input answers 400 with the messages per field, as the services' errors do."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # ("body", "payload", "email") -> "email"; ("query", "limit") -> "limit".
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        field = location[-1] if location else "__all__"
        errors.setdefault(field, []).append(str(error.get("msg", "invalid")))
    return api.create_response(request, {"errors": errors}, status=400)


def _denied_access(request, exc: ObjectAccessDenied):
    """A 404 by policy: logged as on the pages (bar 27), answered as any other 404 of the API.

    Ninja turns exceptions into responses itself, so the pages' middleware never sees these.
    """
    log_denied_access(request=request, denial=exc)
    return api.create_response(request, {"detail": "Not Found"}, status=404)


api.add_exception_handler(ObjectAccessDenied, _denied_access)


def _mark_public(patterns: list) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _mark_public(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            login_not_required(pattern.callback)


def get_api_urls():
    urls = api.urls
    _mark_public(urls[0])
    return urls


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """ninja's own refusals; a 400 (a body that is not JSON) takes the shape of the others."""
    if exc.status_code == 400:
        return api.create_response(request, {"errors": {"__all__": [str(exc)]}}, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
