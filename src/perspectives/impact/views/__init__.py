"""The impact pages: staff (`staff.py`) and funders (`funder.py`), and what both do."""

from perspectives.core.security_log import log_security_event


def log_report_download(request, *, kind: str, fmt: str) -> None:
    """Every report download is a security event: who took which report in which format."""
    log_security_event(
        request=request,
        action="export.report",
        result="success",
        actor_id=request.user.pk,
        object=f"report:{kind}:{fmt}",
    )
