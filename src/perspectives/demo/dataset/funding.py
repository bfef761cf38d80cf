"""Funders, grants and budgets 2018-2021, and the figures the letter published."""

from decimal import Decimal

from .targets import (
    GRANT_STATUS,
    MUNICIPAL_SUBSIDY,
    PARTICIPANTS,
    STATED_SHARE,
    SUMMARY,
    TOTAL_BUDGET,
    YEARS,
    period_label,
)

MUNICIPALITY = "Gemeente Hilversum"

# (funder, kind, {year: (amount, status)}); only the municipality's grants count in its share.
FUNDERS = (
    (
        MUNICIPALITY,
        "municipality",
        {year: (Decimal(amount), GRANT_STATUS[year]) for year, amount in MUNICIPAL_SUBSIDY.items()},
    ),
    (
        "Europees Sociaal Fonds (ESF)",
        "eu_fund",
        {
            2018: (Decimal("186500"), "settled"),
            2019: (Decimal("214300"), "settled"),
        },
    ),
    (
        "Publieke Omroep Horizon",
        "company",
        {
            2018: (Decimal("75000"), "settled"),
            2019: (Decimal("75000"), "settled"),
            2020: (Decimal("90000"), "granted"),
            2021: (Decimal("90000"), "requested"),
        },
    ),
    (
        "Mediagroep Vecht & Eem",
        "company",
        {
            2018: (Decimal("50000"), "settled"),
            2019: (Decimal("55000"), "settled"),
            2020: (Decimal("60000"), "granted"),
            2021: (Decimal("60000"), "requested"),
        },
    ),
    (
        "Beeldfabriek Gooi",
        "company",
        {
            2019: (Decimal("25000"), "settled"),
            2020: (Decimal("30000"), "granted"),
        },
    ),
    (
        "Mediacollege Gooi en Vecht",
        "school",
        {
            2018: (Decimal("40000"), "settled"),
            2019: (Decimal("40000"), "settled"),
            2020: (Decimal("45000"), "granted"),
            2021: (Decimal("45000"), "granted"),
        },
    ),
    (
        "Hogeschool Eemvallei",
        "school",
        {
            2019: (Decimal("30000"), "settled"),
            2020: (Decimal("35000"), "granted"),
        },
    ),
    (
        "Regionaal Mediafonds Gooi",
        "other",
        {
            2020: (Decimal("120000"), "granted"),
        },
    ),
)

GRANT_NOTES = {
    (MUNICIPALITY, 2021): "Aangevraagd; de gemeente kondigde een bezuiniging van EUR 50.000 aan.",
    ("Europees Sociaal Fonds (ESF)", 2018): "ESF-project Duurzaam aan het werk (2018-2019).",
    ("Europees Sociaal Fonds (ESF)", 2019): "ESF-project Duurzaam aan het werk (2018-2019).",
}
BUDGET_NOTES = {2018: "Startjaar na de fusie", 2021: "Begroting bij de subsidieaanvraag"}
POLICY_EXCEPT_YEARS = [2018]  # the start year after the merger may exceed the quarter


def published_rows() -> list[dict]:
    """Every figure of the letter as printed: participants (with summaries) and funding."""
    rows = []
    for figures in (PARTICIPANTS, SUMMARY):
        for indicator, values in figures.items():
            for year in YEARS:
                rows.append(
                    {
                        "indicator": indicator,
                        "period": period_label(year),
                        "value": Decimal(values[year]),
                    }
                )
    for indicator, values in (
        ("municipal_subsidy", MUNICIPAL_SUBSIDY),
        ("municipal_share_percent", STATED_SHARE),
        ("total_budget", TOTAL_BUDGET),
    ):
        for year, value in values.items():
            rows.append({"indicator": indicator, "period": str(year), "value": Decimal(value)})
    return rows
