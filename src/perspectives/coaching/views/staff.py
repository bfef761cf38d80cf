"""Staff and coach pages of coaching: the list of trajectories (a coach sees their own)."""

from django.core.exceptions import PermissionDenied
from django.views.generic import ListView

from perspectives.core.views import query_year

from ..models import TrajectoryKind, TrajectoryStatus
from ..selectors import list_trajectories, list_trajectory_years, may_use_coaching_pages


class CoachingPagesMixin:
    """Staff and coaches; everyone else logged in gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not may_use_coaching_pages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TrajectoryListView(CoachingPagesMixin, ListView):
    template_name = "coaching/trajectory_list.html"
    context_object_name = "trajectories"
    paginate_by = 50

    def _filters(self) -> dict:
        params = self.request.GET
        kind = params.get("kind", "")
        status = params.get("status", "")
        return {
            "kind": kind if kind in TrajectoryKind.values else "",
            "status": status if status in TrajectoryStatus.values else "",
            "year": query_year(self.request, "year"),
        }

    def get_queryset(self):
        return list_trajectories(user=self.request.user, **self._filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filters=self._filters(),
            kinds=TrajectoryKind.choices,
            statuses=TrajectoryStatus.choices,
            years=list_trajectory_years(user=self.request.user),
        )
        return context
