"""Staff pages for activities and registrations at /beheer/activiteiten/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from perspectives.core.listing import Column, ListControlsMixin
from perspectives.core.selectors import list_audit_entries
from perspectives.core.views import StaffOnlyMixin
from perspectives.people import selectors as people_selectors
from perspectives.people.models import Person

from .. import selectors, services
from ..forms import (
    ActivityCreateForm,
    ActivityFilterForm,
    ActivityForm,
    AddParticipantForm,
    AttendanceForm,
    DuplicateActivityForm,
)
from ..models import Activity, Registration, RegistrationStatus
from .history import describe_audit_entries

PAGE_SIZE = 50


def registration_or_404(*, user, activity_id: int, registration_id: int):
    """(activity, one of its registrations) for a staff page; 404 when either is not there."""
    activity = selectors.access_activity(user=user, activity_id=activity_id)
    try:
        return activity, selectors.get_registration(
            activity=activity, registration_id=registration_id
        )
    except Registration.DoesNotExist:
        raise Http404 from None


def apply_validation_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ActivityListView(StaffOnlyMixin, ListControlsMixin, TemplateView):
    template_name = "activities/activity_list.html"
    export_name = "activities"
    default_sort = "-starts_on"
    list_columns = (
        Column("starts_on", _l("Date"), sort=("starts_on", "code")),
        Column("title", _l("Title"), sort=("title", "code")),
        Column("code", _l("Code"), is_shown=False),
        Column("type", _l("Type"), sort=("type", "starts_on"), value=Activity.get_type_display),
        Column(
            "category",
            _l("Reporting category"),
            sort=("category", "starts_on"),
            value=Activity.get_category_display,
        ),
        Column("seat_count", _l("Seats taken"), sort=("seat_count",), is_numeric=True),
        Column("waiting_count", _l("Waiting list"), sort=("waiting_count",), is_numeric=True),
        Column("capacity", _l("Capacity"), is_shown=False),
        # Everyone not cancelled, waiting list included: kept in the export that others may read.
        Column(
            "registration_count", _l("Registrations"), sort=("registration_count",), is_shown=False
        ),
        Column("attended_count", _l("Attended"), sort=("attended_count",), is_numeric=True),
        Column("is_draft", _l("Draft"), is_shown=False),
        Column("is_closed", _l("Closed meeting"), is_shown=False),
    )

    @cached_property
    def filter_form(self) -> ActivityFilterForm:
        return ActivityFilterForm(self.request.GET or None, years=selectors.list_activity_years())

    def get_list_queryset(self):
        return selectors.list_activities(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.sorted_list(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(filter_form=self.filter_form, page=page, is_filtered=bool(self.request.GET))
        return context


class ActivityCreateView(StaffOnlyMixin, FormView):
    template_name = "activities/activity_form.html"
    form_class = ActivityCreateForm

    def form_valid(self, form):
        try:
            activity = services.create_activity(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Activity “%(title)s” created.") % {"title": activity})
        return redirect("activities:activity-detail", pk=activity.pk)


class ActivityUpdateView(StaffOnlyMixin, FormView):
    template_name = "activities/activity_form.html"
    form_class = ActivityForm

    @cached_property
    def activity(self) -> Activity:
        # Read only after StaffOnlyMixin has let the user in, so others get 403, never 404.
        return selectors.access_activity(user=self.request.user, activity_id=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.activity}

    def get_context_data(self, **kwargs):
        return super().get_context_data(activity=self.activity, **kwargs)

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.update_activity(activity=self.activity, actor=self.request.user, **fields)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved."))
        return redirect("activities:activity-detail", pk=self.activity.pk)


class ActivityDuplicateView(StaffOnlyMixin, FormView):
    """A copy of the activity under a new code, kept as a draft until it is published."""

    template_name = "activities/activity_duplicate.html"
    form_class = DuplicateActivityForm

    @cached_property
    def activity(self) -> Activity:
        return selectors.access_activity(user=self.request.user, activity_id=self.kwargs["pk"])

    def get_initial(self):
        return {"code": f"{self.activity.code}-kopie"[:64]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(activity=self.activity, **kwargs)

    def form_valid(self, form):
        try:
            copy = services.duplicate_activity(
                activity=self.activity,
                code=form.cleaned_data["code"],
                actor=self.request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Copy “%(title)s” made as a draft: check it, then publish it.") % {"title": copy},
        )
        return redirect("activities:activity-update", pk=copy.pk)


class ActivityPublishView(StaffOnlyMixin, View):
    """Put a draft on the public site (POST only)."""

    def post(self, request, pk):
        activity = selectors.access_activity(user=request.user, activity_id=pk)
        try:
            services.publish_activity(activity=activity, actor=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("“%(title)s” is published.") % {"title": activity})
        return redirect("activities:activity-detail", pk=pk)


def _person_of(name: str):
    return lambda registration: getattr(registration.person, name)


class ActivityDetailView(StaffOnlyMixin, ListControlsMixin, TemplateView):
    """One activity with its registrations (sortable, searchable, exported as shown)."""

    template_name = "activities/activity_detail.html"
    default_sort = "name"
    list_columns = (
        Column("select", _l("Select"), is_exported=False, is_label_hidden=True),
        Column(
            "name",
            _l("Name"),
            sort=("person__last_name", "person__first_name", "person__email"),
            value=lambda registration: registration.person.full_name,
        ),
        Column("email", _l("E-mail"), sort=("person__email",), value=_person_of("email")),
        Column(
            "participant_type",
            _l("Participant type"),
            sort=("person__participant_type", "person__last_name"),
            value=lambda registration: registration.person.get_participant_type_display(),
        ),
        Column(
            "status",
            _l("Status"),
            sort=("status", "person__last_name"),
            value=Registration.get_status_display,
        ),
        Column(
            "source",
            _l("Source"),
            sort=("source", "person__last_name"),
            value=Registration.get_source_display,
        ),
        Column("registered_at", _l("Registered at"), is_shown=False),
        Column("change", _l("Change status"), is_exported=False),
    )

    @cached_property
    def activity(self) -> Activity:
        return selectors.access_activity(user=self.request.user, activity_id=self.kwargs["pk"])

    @property
    def export_name(self) -> str:
        return f"registrations {self.activity.code}"

    def get_list_queryset(self):
        return selectors.list_registrations(
            activity=self.activity, search=self.list_controls.search
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = self.activity
        counts = selectors.count_registrations_by_status(activity=activity)
        context.update(
            activity=activity,
            seats=selectors.count_seats(activity=activity),
            status_counts=[
                (value, label, counts[value]) for value, label in RegistrationStatus.choices
            ],
            registrations=list(self.sorted_list()),
            status_choices=RegistrationStatus.choices,
            history=describe_audit_entries(list_audit_entries(target=activity)[:50]),
            add_form=kwargs.get("add_form") or AddParticipantForm(),
        )
        return context


class ActivityAttendanceView(StaffOnlyMixin, View):
    """Bulk attendance: the chosen registrations become attended, no-show or registered."""

    def post(self, request, pk):
        activity = selectors.access_activity(user=self.request.user, activity_id=pk)
        ids = list(selectors.list_registrations(activity=activity).values_list("pk", flat=True))
        form = AttendanceForm(request.POST, registration_ids=ids)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("activities:activity-detail", pk=pk)
        changed = services.mark_attendance(
            activity=activity,
            registration_ids=form.cleaned_data["registrations"],
            status=form.cleaned_data["status"],
            actor=request.user,
        )
        messages.success(
            request,
            ngettext("%(count)d registration changed.", "%(count)d registrations changed.", changed)
            % {"count": changed},
        )
        return redirect("activities:activity-detail", pk=pk)


class PersonRegistrationsView(StaffOnlyMixin, TemplateView):
    """One person's registrations; it lives here because people may not read activities."""

    template_name = "activities/person_registrations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            person = people_selectors.get_person(person_id=kwargs["person_pk"])
        except Person.DoesNotExist:
            raise Http404 from None
        context.update(
            person=person, registrations=list(selectors.list_registrations(person=person))
        )
        return context
