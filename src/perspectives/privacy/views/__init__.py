"""Privacy pages: the public statement, the participant's own data, and the staff tools."""

import json

from django.http import HttpResponse


def json_download(*, data: dict, filename: str) -> HttpResponse:
    """A person's data as a JSON attachment that no cache keeps."""
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
