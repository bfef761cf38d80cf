"""Staff pages of coaching: the list of trajectories."""

from django.views.generic import ListView

from perspectives.core.views import StaffOnlyMixin, query_year

from ..models import TrajectoryKind, TrajectoryStatus
from ..selectors import list_trajectories, list_trajectory_years


class TrajectoryListView(StaffOnlyMixin, ListView):
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
            years=list_trajectory_years(),
        )
        return context
