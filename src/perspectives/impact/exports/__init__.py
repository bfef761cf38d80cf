"""Renderings of the impact reports, shared by the `report` command and the staff views."""

from .funding import render_funding
from .participants import render_participants

FORMATS = {
    "table": ("text/plain; charset=utf-8", "txt"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
    "pdf": ("application/pdf", "pdf"),
}
BINARY_FORMATS = {"xlsx", "pdf"}

__all__ = ["BINARY_FORMATS", "FORMATS", "render_funding", "render_participants"]
