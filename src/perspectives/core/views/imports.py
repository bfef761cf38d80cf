"""The back-office upload page: choose a kind, upload a file, see a preview, then confirm.

The uploaded file waits under MEDIA_ROOT/imports with a random name that only the session knows,
so that the confirmation imports exactly the file that was previewed; it is deleted afterwards,
and one never confirmed is deleted after IMPORT_PREVIEW_MAX_AGE_HOURS (core.retention).
A file over IMPORT_MAX_UPLOAD_BYTES is refused with 413 while it streams in (core.uploads).
"""

import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ..imports import ImportResult, run_import
from ..registry import importers
from ..retention import import_preview_dir
from ..uploads import declared_body_too_large, install_capped_upload
from . import StaffOnlyMixin

SESSION_KEY = "pending_import"
ALLOWED_SUFFIXES = {".csv", ".txt", ".xlsx"}


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What does the file hold?"))
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (comma or semicolon, UTF-8) or XLSX; the first row names the columns."
        ),
    )
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Skip invalid rows"),
        required=False,
        help_text=gettext_lazy("Import the valid rows and list the skipped ones."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(name, kind.label) for name, kind in importers.items()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(too_large_message(upload.size))
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


def too_large_message(size: int | None = None) -> str:
    limit = filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)
    if size is None:
        return _("The file is too large; at most %(max)s.") % {"max": limit}
    return _("The file is too large (%(size)s); at most %(max)s.") % {
        "size": filesizeformat(size),
        "max": limit,
    }


def _columns(kind_name: str):
    return importers.get(kind_name).columns


def _discard_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        (import_preview_dir() / pending["stored_name"]).unlink(missing_ok=True)


def _render_form(request, form: ImportUploadForm, *, status: int = 200):
    return render(
        request,
        "core/import_form.html",
        {"form": form, "kinds": importers.items()},
        status=status,
    )


def _refused_form(data=None) -> ImportUploadForm:
    """The form with only the message that the file is too large."""
    form = ImportUploadForm(data or {})
    form.full_clean()
    form.errors.clear()
    form.add_error("file", too_large_message())
    return form


# The upload handler must be in place before CsrfViewMiddleware reads the body for its token:
# the check runs in `_post` instead, after the handler is installed.
@method_decorator(csrf_exempt, name="dispatch")
class ImportView(StaffOnlyMixin, View):
    """Upload a file and see what importing it would do (a dry run)."""

    def get(self, request):
        return _render_form(request, ImportUploadForm())

    def post(self, request):
        cap = settings.IMPORT_MAX_UPLOAD_BYTES
        if declared_body_too_large(request, max_bytes=cap):
            # Refused before a byte of the body is read.
            return _render_form(request, _refused_form(), status=413)
        handler = install_capped_upload(request, max_bytes=cap)
        return self._post(request, handler=handler)

    @method_decorator(csrf_protect)
    def _post(self, request, *, handler):
        data = request.POST  # reads the body through the handlers (unless the CSRF check did)
        if handler.exceeded:
            # The upload stopped at the cap: only the fields before the file arrived.
            return _render_form(request, _refused_form(data), status=413)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _render_form(request, form, status=400)
        _discard_pending(request)
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        stored_name = secrets.token_urlsafe(24) + suffix
        directory = import_preview_dir()
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / stored_name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        kind = form.cleaned_data["kind"]
        skip_invalid = form.cleaned_data["skip_invalid"]
        result = run_import(
            kind=kind,
            file=path,
            file_name=upload.name,
            actor=request.user,
            skip_invalid=skip_invalid,
            dry_run=True,
        )
        if result.refused:
            path.unlink(missing_ok=True)
        else:
            request.session[SESSION_KEY] = {
                "stored_name": stored_name,
                "kind": kind,
                "file_name": upload.name,
                "skip_invalid": skip_invalid,
            }
        return _render_preview(request, result, kind)


def _render_preview(request, result: ImportResult, kind: str, status: int = 200):
    columns = [column for column in _columns(kind) if column.name in result.columns]
    preview = [
        {"number": row.number, "cells": [row.values.get(column.name, "") for column in columns]}
        for row in result.preview
    ]
    return render(
        request,
        "core/import_preview.html",
        {
            "result": result,
            "kind_label": importers.get(kind).label,
            "columns": columns,
            "preview": preview,
            "error_rows": {issue.row for issue in result.errors},
        },
        status=status,
    )


class ImportConfirmView(StaffOnlyMixin, View):
    """Import the previewed file for real."""

    def post(self, request):
        pending = request.session.get(SESSION_KEY)
        path = import_preview_dir() / pending["stored_name"] if pending else None
        if pending is None or not path.is_file():
            request.session.pop(SESSION_KEY, None)
            messages.error(request, _("There is no file waiting to be imported; upload it again."))
            return redirect("core:import")
        result = run_import(
            kind=pending["kind"],
            file=path,
            file_name=pending["file_name"],
            actor=request.user,
            skip_invalid=pending["skip_invalid"],
        )
        _discard_pending(request)
        if result.refused:
            # The records changed since the preview in a way that makes the file invalid now.
            return _render_preview(request, result, pending["kind"], status=409)
        messages.success(
            request,
            _(
                "%(file)s imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s rows skipped."
            )
            % {
                "file": result.file_name,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": len(result.skipped),
            },
        )
        return redirect("core:import")
