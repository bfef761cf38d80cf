"""Views of the kernel: the staff home and access helpers every app uses."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView

from .registry import staff_home_panels


def login_not_required_view(view):
    """Mark a view public (LoginRequiredMiddleware denies everything else by default)."""
    return login_not_required(view)


class StaffOnlyMixin:
    """Foundation staff only; others logged in get 403 (the anonymous go to log-in first)."""

    def dispatch(self, request, *args, **kwargs):
        if not getattr(request.user, "is_foundation_staff", False):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StaffHomeView(StaffOnlyMixin, TemplateView):
    template_name = "core/staff_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ordered = sorted(staff_home_panels.items(), key=lambda item: item[1][0])
        context["panels"] = [build(request=self.request) for _key, (_order, build) in ordered]
        return context
