"""The outbox in the back office: the e-mail the demo wrote to files, for staff to read."""

from django.core.paginator import Paginator
from django.http import Http404
from django.views.generic import TemplateView

from .. import outbox
from . import StaffOnlyMixin

PAGE_SIZE = 50


class OutboxListView(StaffOnlyMixin, TemplateView):
    template_name = "core/outbox_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        is_file_backend = outbox.is_file_backend()
        messages = outbox.list_outbox_messages() if is_file_backend else []
        context.update(
            is_file_backend=is_file_backend,
            page=Paginator(messages, PAGE_SIZE).get_page(self.request.GET.get("page")),
            max_files=outbox.MAX_FILES,
        )
        return context


class OutboxMessageView(StaffOnlyMixin, TemplateView):
    template_name = "core/outbox_message.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not outbox.is_file_backend():
            raise Http404
        try:
            message = outbox.get_outbox_message(file_name=kwargs["name"], index=kwargs["index"])
        except LookupError:
            raise Http404 from None
        context["message"] = message
        return context
