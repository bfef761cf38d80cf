"""Staff pages of funding: the overview per year and the forms; every write goes via services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.generic import FormView, TemplateView

from perspectives.core.listing import Column, ListControlsMixin
from perspectives.core.periods import parse_year_range
from perspectives.core.views import StaffOnlyMixin, query_year

from .. import selectors, services
from ..forms import BudgetYearForm, FunderForm, GrantForm, PolicyRuleForm
from ..models import BudgetYear, Funder, Grant, GrantStatus, PolicyRule


class FundingOverviewView(StaffOnlyMixin, ListControlsMixin, TemplateView):
    """The municipal share per year, the rules, and the grants (sorted, searched, exported)."""

    template_name = "funding/overview.html"
    export_name = "grants"
    default_sort = "-year"
    list_columns = (
        Column("year", _l("Year"), sort=("year", "funder__name")),
        Column(
            "funder",
            _l("Funder"),
            sort=("funder__name", "-year"),
            value=lambda grant: grant.funder.name,
        ),
        Column(
            "funder_kind",
            _l("Kind"),
            is_shown=False,
            value=lambda grant: grant.funder.get_kind_display(),
        ),
        Column("amount", _l("Amount"), sort=("amount",), is_numeric=True),
        Column("status", _l("Status"), sort=("status", "-year"), value=Grant.get_status_display),
        Column("note", _l("Note")),
        Column("actions", _l("Actions"), is_exported=False, is_label_hidden=True),
    )

    def get_list_queryset(self):
        return selectors.list_grants(search=self.list_controls.search)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years_text = self.request.GET.get("years", "").strip()
        years = selectors.list_funding_years()
        if years_text:
            try:
                years = parse_year_range(years_text)
            except ValueError:
                context["years_error"] = _("Give years as 2018-2021 or 2018,2020.")
        elif years:
            years_text = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
        report = selectors.build_funding_report(years=years) if years else None
        breach_years = {breach.year for breach in report.breaches} if report else set()
        context.update(
            years_text=years_text,
            report=report,
            rows=[
                {
                    "year": year,
                    "breached": year.year in breach_years,
                    "checked": year.municipal_share_percent is not None,
                    "status": GrantStatus(year.municipal_grant_status).label
                    if year.municipal_grant_status
                    else "",
                }
                for year in (report.years if report else [])
            ],
            funders=selectors.list_funders(),
            grants=list(self.sorted_list()),
            budget_years=selectors.list_budget_years(),
            policy_rules=[
                (rule, selectors.describe_policy_rule(rule))
                for rule in selectors.list_policy_rules()
            ],
        )
        return context


class ServiceFormView(StaffOnlyMixin, FormView):
    """A form whose valid data one service writes; the service's ValidationError is shown."""

    template_name = "funding/form.html"
    success_url = reverse_lazy("funding:overview")
    title = ""
    success_message = ""

    def load(self) -> None:
        """Fetch the object being edited; runs after the staff check, so others learn nothing."""

    def get(self, request, *args, **kwargs):
        self.load()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def form_valid(self, form):
        try:
            self.write(form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def write(self, data):
        raise NotImplementedError


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class FunderCreateView(ServiceFormView):
    form_class = FunderForm
    title = _("New funder")

    def write(self, data):
        funder = services.create_funder(
            name=data["name"], kind=data["kind"], actor=self.request.user
        )
        self.success_message = _("Funder %(name)s added.") % {"name": funder.name}


class FunderUpdateView(ServiceFormView):
    form_class = FunderForm

    def load(self) -> None:
        try:
            self.funder = selectors.get_funder(funder_id=self.kwargs["pk"])
        except Funder.DoesNotExist:
            raise Http404 from None
        self.title = _("Edit funder %(name)s") % {"name": self.funder.name}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.funder}

    def write(self, data):
        services.update_funder(
            funder=self.funder, name=data["name"], kind=data["kind"], actor=self.request.user
        )
        self.success_message = _("Funder saved.")


class GrantCreateView(ServiceFormView):
    form_class = GrantForm
    title = _("New grant")

    def get_initial(self):
        initial = super().get_initial()
        year = query_year(self.request, "year")
        if year is not None:
            initial["year"] = year
        return initial

    def write(self, data):
        services.record_grant(**data, actor=self.request.user)
        self.success_message = _("Grant recorded.")


class GrantUpdateView(ServiceFormView):
    form_class = GrantForm

    def load(self) -> None:
        try:
            self.grant = selectors.get_grant(grant_id=self.kwargs["pk"])
        except Grant.DoesNotExist:
            raise Http404 from None
        self.title = _("Edit grant %(grant)s") % {"grant": self.grant}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.grant}

    def write(self, data):
        services.update_grant(grant=self.grant, **data, actor=self.request.user)
        self.success_message = _("Grant saved.")


class BudgetYearCreateView(ServiceFormView):
    form_class = BudgetYearForm
    title = _("New budget year")

    def write(self, data):
        services.set_budget_year(**data, actor=self.request.user)
        self.success_message = _("Budget for %(year)s saved.") % {"year": data["year"]}


class BudgetYearUpdateView(ServiceFormView):
    form_class = BudgetYearForm

    def load(self) -> None:
        try:
            self.budget = selectors.get_budget_year(year=self.kwargs["year"])
        except BudgetYear.DoesNotExist:
            raise Http404 from None
        self.title = _("Edit budget %(year)s") % {"year": self.budget.year}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The year identifies the budget; changing it would silently move the figures.
        form.fields["year"].disabled = True
        return form

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.budget}

    def write(self, data):
        services.set_budget_year(
            year=self.budget.year,
            total_amount=data["total_amount"],
            note=data["note"],
            actor=self.request.user,
        )
        self.success_message = _("Budget for %(year)s saved.") % {"year": self.budget.year}


class PolicyRuleUpdateView(ServiceFormView):
    form_class = PolicyRuleForm

    def load(self) -> None:
        try:
            self.rule = selectors.get_policy_rule(code=self.kwargs["code"])
        except PolicyRule.DoesNotExist:
            raise Http404 from None
        self.title = _("Edit policy rule %(code)s") % {"code": self.rule.code}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.rule}

    def write(self, data):
        services.set_policy_rule(code=self.rule.code, **data, actor=self.request.user)
        self.success_message = _("Policy rule saved.")
