"""Error pages: the same plain page in the visitor's language, never a trace of the internals.

The 400 and 500 pages are rendered without the request context: a 400 for an unknown Host is
raised before authentication has run, and a 500 may come from a database that is down, so
neither may depend on `request.user` or on context processors that read the database.
"""

from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def bad_request(request, exception=None):
    return HttpResponseBadRequest(render_to_string("400.html"))


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    return HttpResponseServerError(render_to_string("500.html"))


def csrf_failure(request, reason=""):
    """A refused form (CSRF) gets the plain 403 page; the reason goes to the log only."""
    return render(request, "403.html", status=403)
