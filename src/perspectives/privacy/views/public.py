"""The public privacy statement."""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from ..statement import build_statement


@method_decorator(login_not_required, name="dispatch")
class StatementView(TemplateView):
    template_name = "privacy/statement.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(statement=build_statement(), **kwargs)
