"""Impact's part of the personal-data inventory: figures, definitions and snapshots.

Reports hold counts, never people; the only personal link is the staff user who recorded them.
"""

from django.utils.translation import gettext_noop

from perspectives.core.privacy import (
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
    BOOKKEEPING,
    EVERYONE,
    LEGITIMATE_INTEREST,
    NONE,
    NOT_APPLICABLE,
    PSEUDONYMOUS,
    FieldUse,
    uses,
)

FIGURES = FieldUse(
    NONE,
    gettext_noop("report impact to funders (counts only)"),
    NOT_APPLICABLE,
    AS_LONG_AS_RECORD,
    EVERYONE,
)
RECORDED_BY = FieldUse(
    PSEUDONYMOUS,
    gettext_noop("know which staff member recorded a figure or definition"),
    LEGITIMATE_INTEREST,
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
)

INVENTORY = {
    "impact.Indicator": {
        **uses(["id", "created_at"], BOOKKEEPING),
        **uses(["code", "name_nl", "name_en", "pillar", "position", "kind"], FIGURES),
    },
    "impact.IndicatorVersion": {
        **uses(["id", "created_at"], BOOKKEEPING),
        **uses(["indicator", "number", "definition", "description"], FIGURES),
        "created_by": RECORDED_BY,
    },
    "impact.ReportSnapshot": {
        **uses(["id", "created_at"], BOOKKEEPING),
        **uses(["label", "kind", "parameters", "figures", "definitions", "fingerprint"], FIGURES),
        "created_by": RECORDED_BY,
    },
    "impact.ReportRelease": {
        **uses(["id", "released_at"], BOOKKEEPING),
        **uses(["snapshot"], FIGURES),
        "released_by": RECORDED_BY,
    },
    "impact.PublishedFigure": {
        **uses(["id", "recorded_at"], BOOKKEEPING),
        **uses(["report", "indicator", "period", "value", "decimals", "source"], FIGURES),
        "recorded_by": RECORDED_BY,
    },
}
