"""Views of the kernel (staff.py and the modules beside it) and the access helpers every app's
views use, importable from here."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, PermissionDenied


def login_not_required_view(view):
    """Mark a view public (LoginRequiredMiddleware denies everything else by default)."""
    return login_not_required(view)


def query_text(request, name: str, *, max_length: int = 200) -> str:
    """A free-text query parameter, trimmed and cut to `max_length`.

    A NUL character answers 400: no database stores one (PostgreSQL refuses it outright), and no
    browser sends one from a search box.
    """
    value = request.GET.get(name, "")
    if "\x00" in value:
        raise BadRequest("a query parameter holds a NUL character")
    return value.strip()[:max_length]


def query_year(request, name: str) -> int | None:
    """A year in a query parameter (four ASCII digits), or None for anything else.

    `str.isdigit()` alone admits "²" and "٣", which `int()` then refuses or reads as a digit.
    """
    value = request.GET.get(name, "").strip()
    if len(value) == 4 and value.isascii() and value.isdigit():
        return int(value)
    return None


class StaffOnlyMixin:
    """Foundation staff only; others logged in get 403 (the anonymous go to log-in first)."""

    def dispatch(self, request, *args, **kwargs):
        if not getattr(request.user, "is_foundation_staff", False):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
