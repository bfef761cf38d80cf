"""An upload handler that stops receiving a file as soon as it passes a size.

Django keeps reading an upload to its end (into memory or a temporary file) whatever its size;
DATA_UPLOAD_MAX_MEMORY_SIZE does not count files. `CappedUploadHandler` goes first in the
request's handlers and counts the bytes of each file while they stream in: at the first chunk
past the cap it stops the upload, so at most one chunk more than the cap is ever held.

Upload handlers can only be changed before the body is read, and CsrfViewMiddleware reads it
for its token: a view that installs this handler is `csrf_exempt` and calls `csrf_protect`
itself after installing it (see core.views.imports.ImportView).
"""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

# Room for the form's other fields and the multipart boundaries beside the file itself.
FORM_OVERHEAD_BYTES = 64 * 1024


class CappedUploadHandler(FileUploadHandler):
    """Stops the upload when one file passes `max_bytes`; `exceeded` then says so."""

    def __init__(self, request: HttpRequest | None = None, *, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0
        self.exceeded = False

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.exceeded = True
            # connection_reset=False: Django reads what is left of the body (at most the cap
            # plus FORM_OVERHEAD_BYTES, see install_capped_upload) without storing it, so that
            # the browser gets the answer instead of a reset connection.
            raise StopUpload(connection_reset=False)
        return raw_data  # on to the next handler, which stores it

    def file_complete(self, file_size: int) -> None:
        return None


def declared_body_too_large(request: HttpRequest, *, max_bytes: int) -> bool:
    """Whether the request announces a body larger than a file of `max_bytes` and a form."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return declared > max_bytes + FORM_OVERHEAD_BYTES


def install_capped_upload(request: HttpRequest, *, max_bytes: int) -> CappedUploadHandler:
    """Put a CappedUploadHandler first; must be called before request.POST or FILES is read."""
    handler = CappedUploadHandler(request, max_bytes=max_bytes)
    request.upload_handlers.insert(0, handler)
    return handler
