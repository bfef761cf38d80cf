"""Funding's part of the personal-data inventory: funders, grants and budgets, no people."""

from django.utils.translation import gettext_noop

from perspectives.core.privacy import (
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
    BOOKKEEPING,
    NONE,
    NOT_APPLICABLE,
    FieldUse,
    uses,
)

MONEY = FieldUse(
    NONE,
    gettext_noop("budget and account for the foundation's funding"),
    NOT_APPLICABLE,
    AS_LONG_AS_RECORD,
    BACK_OFFICE,
)
STAMPS = ["id", "created_at", "updated_at"]

INVENTORY = {
    "funding.Funder": {**uses(STAMPS, BOOKKEEPING), **uses(["name", "kind"], MONEY)},
    "funding.Grant": {
        **uses(STAMPS, BOOKKEEPING),
        **uses(["funder", "year", "amount", "status", "note"], MONEY),
    },
    "funding.BudgetYear": {
        **uses(STAMPS, BOOKKEEPING),
        **uses(["year", "total_amount", "note"], MONEY),
    },
    "funding.PolicyRule": {
        **uses(STAMPS, BOOKKEEPING),
        **uses(
            [
                "code",
                "description",
                "max_share_percent",
                "funder_kind",
                "except_years",
                "is_active",
            ],
            MONEY,
        ),
    },
}
