"""Staff pages for people and organisations at /beheer/mensen/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.generic import FormView, TemplateView

from perspectives.core.listing import Column, ListControlsMixin
from perspectives.core.registry import build_person_page_sections
from perspectives.core.views import StaffOnlyMixin

from .. import selectors, services
from ..forms import OrganisationFilterForm, PersonFilterForm, PersonForm
from ..models import Organisation, Person

PAGE_SIZE = 50


def _organisation_names(person: Person) -> str:
    return ", ".join(str(affiliation.organisation) for affiliation in person.affiliations.all())


class PersonListView(StaffOnlyMixin, ListControlsMixin, TemplateView):
    template_name = "people/person_list.html"
    export_name = "people"
    default_sort = "full_name"
    list_columns = (
        Column("full_name", _l("Name"), sort=("last_name", "first_name")),
        Column("first_name", _l("First name"), is_shown=False),
        Column("last_name", _l("Last name"), is_shown=False),
        Column("email", _l("E-mail"), sort=("email",)),
        Column(
            "participant_type",
            _l("Participant type"),
            sort=("participant_type", "last_name"),
            value=Person.get_participant_type_display,
        ),
        Column("organisations", _l("Organisations"), value=_organisation_names),
    )

    @cached_property
    def filter_form(self) -> PersonFilterForm:
        return PersonFilterForm(self.request.GET or None)

    def get_list_queryset(self):
        return selectors.list_people(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.sorted_list(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(filter_form=self.filter_form, page=page, is_filtered=bool(self.request.GET))
        return context


class PersonDetailView(StaffOnlyMixin, TemplateView):
    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = selectors.access_person(user=self.request.user, person_id=kwargs["pk"])
        context.update(
            person=person,
            sections=build_person_page_sections(request=self.request, person=person),
        )
        return context


class PersonUpdateView(StaffOnlyMixin, FormView):
    template_name = "people/person_form.html"
    form_class = PersonForm

    @cached_property
    def person(self) -> Person:
        # Read only after StaffOnlyMixin has let the user in, so others get 403, never 404.
        return selectors.access_person(user=self.request.user, person_id=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.person}

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.update_person(person=self.person, actor=self.request.user, **fields)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved."))
        return redirect("people:person-detail", pk=self.person.pk)


class OrganisationListView(StaffOnlyMixin, ListControlsMixin, TemplateView):
    template_name = "people/organisation_list.html"
    export_name = "organisations"
    default_sort = "name"
    list_columns = (
        Column("name", _l("Name"), sort=("name",)),
        Column("kind", _l("Kind"), sort=("kind", "name"), value=Organisation.get_kind_display),
        Column(
            "is_hr_network_member",
            _l("HR network"),
            sort=("is_hr_network_member", "name"),
        ),
        Column("people_count", _l("People"), sort=("people_count", "name"), is_numeric=True),
    )

    @cached_property
    def filter_form(self) -> OrganisationFilterForm:
        return OrganisationFilterForm(self.request.GET or None)

    def get_list_queryset(self):
        return selectors.list_organisations(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.sorted_list(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(filter_form=self.filter_form, page=page)
        return context
