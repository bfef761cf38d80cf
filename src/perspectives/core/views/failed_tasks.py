"""Failed background work in the back office: what did not happen, and trying it once more."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from ..background import retry_failed_task
from ..selectors import describe_failed_tasks, list_failed_tasks
from . import StaffOnlyMixin

PAGE_SIZE = 50


class RetryTaskForm(forms.Form):
    task = forms.UUIDField()


class FailedTaskListView(StaffOnlyMixin, TemplateView):
    template_name = "core/failed_tasks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(list_failed_tasks(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(page=page, tasks=describe_failed_tasks(tasks=page.object_list))
        return context

    def post(self, request, *args, **kwargs):
        form = RetryTaskForm(request.POST)
        if form.is_valid() and retry_failed_task(
            task_result_id=str(form.cleaned_data["task"]), actor=request.user
        ):
            messages.success(request, _("The task is queued again."))
        else:
            messages.error(request, _("That task is no longer in the list of failed work."))
        return redirect("core:failed-tasks")
