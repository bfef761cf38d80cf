"""Staff and coach pages of coaching: trajectories listed, opened, started and changed.

Staff see and change every trajectory and start new ones from a person's page; a coach sees and
changes only the trajectories they coach (any other is the same 404 as one that does not exist).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.generic import FormView, ListView, TemplateView

from perspectives.core.listing import Column, ListControlsMixin
from perspectives.core.views import StaffOnlyMixin, query_year
from perspectives.people.selectors import access_person

from .. import services
from ..forms import TrajectoryForm
from ..models import Trajectory, TrajectoryKind, TrajectoryStatus
from ..selectors import (
    access_trajectory,
    list_trajectories,
    list_trajectory_years,
    may_use_coaching_pages,
)


class CoachingPagesMixin:
    """Staff and coaches; everyone else logged in gets 403."""

    def dispatch(self, request, *args, **kwargs):
        if not may_use_coaching_pages(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _person_name(trajectory: Trajectory) -> str:
    return str(trajectory.person)


class TrajectoryListView(CoachingPagesMixin, ListControlsMixin, ListView):
    template_name = "coaching/trajectory_list.html"
    context_object_name = "trajectories"
    paginate_by = 50
    export_name = "trajectories"
    default_sort = "-started_on"
    list_columns = (
        Column(
            "person",
            _l("Person"),
            sort=("person__last_name", "person__first_name", "person__email"),
            value=_person_name,
        ),
        Column("kind", _l("Kind"), sort=("kind", "started_on"), value=Trajectory.get_kind_display),
        Column(
            "status",
            _l("Status"),
            sort=("status", "started_on"),
            value=Trajectory.get_status_display,
        ),
        Column("started_on", _l("Started on"), sort=("started_on",)),
        Column("ended_on", _l("Ended on"), sort=("ended_on", "started_on")),
        Column("coach_name", _l("Coach"), sort=("coach_name", "started_on")),
    )

    def _filters(self) -> dict:
        params = self.request.GET
        kind = params.get("kind", "")
        status = params.get("status", "")
        return {
            "kind": kind if kind in TrajectoryKind.values else "",
            "status": status if status in TrajectoryStatus.values else "",
            "year": query_year(self.request, "year"),
            "search": self.list_controls.search,
        }

    def get_list_queryset(self):
        return list_trajectories(user=self.request.user, **self._filters())

    def get_queryset(self):
        return self.sorted_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filters=self._filters(),
            kinds=TrajectoryKind.choices,
            statuses=TrajectoryStatus.choices,
            years=list_trajectory_years(user=self.request.user),
        )
        return context


class TrajectoryDetailView(CoachingPagesMixin, TemplateView):
    template_name = "coaching/trajectory_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        trajectory = access_trajectory(user=self.request.user, trajectory_id=kwargs["pk"])
        context["trajectory"] = trajectory
        return context


def _show_validation_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class TrajectoryCreateView(StaffOnlyMixin, FormView):
    """Start a trajectory for a person (staff only), from that person's page."""

    template_name = "coaching/trajectory_form.html"
    form_class = TrajectoryForm

    @cached_property
    def person(self):
        # Read only after StaffOnlyMixin has let the user in, so others get 403, never 404.
        return access_person(user=self.request.user, person_id=self.kwargs["person_pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            trajectory = services.start_trajectory(
                person=self.person,
                kind=data["kind"],
                started_on=data["started_on"],
                coach_name=data["coach_name"],
                goal=data["goal"],
                actor=self.request.user,
            )
        except ValidationError as error:
            _show_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Trajectory started."))
        return redirect("coaching:trajectory-detail", pk=trajectory.pk)


class TrajectoryUpdateView(CoachingPagesMixin, FormView):
    """Change a trajectory: staff any, a coach their own."""

    template_name = "coaching/trajectory_form.html"
    form_class = TrajectoryForm

    @cached_property
    def trajectory(self) -> Trajectory:
        return access_trajectory(user=self.request.user, trajectory_id=self.kwargs["pk"])

    def get_form_kwargs(self):
        # The form edits a copy: the service compares with the row and writes.
        copy = access_trajectory(user=self.request.user, trajectory_id=self.kwargs["pk"])
        return {**super().get_form_kwargs(), "instance": copy}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            trajectory=self.trajectory, person=self.trajectory.person, **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.update_trajectory(
                trajectory=self.trajectory,
                kind=data["kind"],
                started_on=data["started_on"],
                coach_name=data["coach_name"],
                goal=data["goal"],
                actor=self.request.user,
            )
        except ValidationError as error:
            _show_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved."))
        return redirect("coaching:trajectory-detail", pk=self.trajectory.pk)
