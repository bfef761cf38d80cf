"""Staff pages for people and organisations at /beheer/mensen/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from perspectives.core.views import StaffOnlyMixin

from .. import selectors, services
from ..forms import OrganisationFilterForm, PersonFilterForm, PersonForm
from ..models import Person

PAGE_SIZE = 50


class PersonListView(StaffOnlyMixin, TemplateView):
    template_name = "people/person_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PersonFilterForm(self.request.GET or None)
        people = selectors.list_people(**form.filters()).order_by("last_name", "first_name", "pk")
        page = Paginator(people, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(filter_form=form, page=page, is_filtered=bool(self.request.GET))
        return context


class PersonDetailView(StaffOnlyMixin, TemplateView):
    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = selectors.access_person(user=self.request.user, person_id=kwargs["pk"])
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
            services.update_person(person=self.person, changed_by=self.request.user, **fields)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Changes saved."))
        return redirect("people:person-detail", pk=self.person.pk)


class OrganisationListView(StaffOnlyMixin, TemplateView):
    template_name = "people/organisation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = OrganisationFilterForm(self.request.GET or None)
        # Aggregating querysets drop Meta.ordering, and pages need a stable order.
        organisations = selectors.list_organisations(**form.filters()).order_by("name", "pk")
        page = Paginator(organisations, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(filter_form=form, page=page)
        return context
