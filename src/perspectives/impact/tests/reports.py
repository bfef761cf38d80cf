"""The participants report as its callers build it: pre-counted figures brought up to date first.

The report selector only reads; the report command and the pages run
`services.refresh_report_figures()` before it, and so do tests that write records and then
build a report.
"""

from perspectives.impact.selectors import ParticipantsReport, build_participants_report
from perspectives.impact.services import refresh_report_figures


def build_fresh_report(**arguments) -> ParticipantsReport:
    refresh_report_figures()
    return build_participants_report(**arguments)
