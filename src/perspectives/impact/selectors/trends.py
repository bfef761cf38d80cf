"""Year-to-date comparison: the cut-off year beside the same period of the year before.

A year counted through 31 October says little beside full years; the fair comparison is the
previous year counted through 31 October too. Those figures come from the same report builder,
so they follow the same definitions and counting rules as the report itself.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .participants import ParticipantsReport, build_participants_report

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class YearToDateComparison:
    """The figures of `previous_year` through `previous_through`, beside `year` through `through`."""

    year: int
    through: dt.date
    previous_year: int
    previous_through: dt.date
    values: dict[str, int | None]  # indicator code -> figure of the comparison period
    persons: dict[str, int | None]  # indicator code -> distinct persons of that period
    unique_persons: int
    unavailable: dict[str, str]  # indicator code -> why it cannot be computed
    report: ParticipantsReport  # the comparison period's own report, definitions included

    def label(self, *, language: str = "nl") -> str:
        """'2019 t/m 31-10': the comparison period in a few characters."""
        return format_year_to_date(
            year=self.previous_year, through=self.previous_through, language=language
        )

    def current_label(self, *, language: str = "nl") -> str:
        """'2020 t/m 31-10': the cut-off year, labelled like its comparison period."""
        return format_year_to_date(year=self.year, through=self.through, language=language)


def format_year_to_date(*, year: int, through: dt.date, language: str = "nl") -> str:
    """'2020 t/m 31-10' (Dutch) or '2020 through 31-10' (English)."""
    word = "through" if language.startswith("en") else "t/m"
    return f"{year} {word} {through:%d-%m}"


def compute_comparison_cut_off(*, through: dt.date) -> dt.date:
    """The same day and month one year earlier; 29 February falls back to 28 February."""
    try:
        return through.replace(year=through.year - 1)
    except ValueError:
        # Only 29 February has no counterpart in the year before; its year-to-date period
        # then runs through the last day of February, 28 February.
        return dt.date(through.year - 1, 2, 28)


def compute_change_percent(*, current: int | None, previous: int | None) -> Decimal | None:
    """(current - previous) / previous * 100 to one decimal, half up; None when undefined."""
    if current is None or previous is None or previous == 0:
        return None
    return (Decimal(current - previous) * 100 / Decimal(previous)).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP
    )


def build_year_to_date_comparison(
    *, report: ParticipantsReport, language: str = "nl"
) -> YearToDateComparison | None:
    """The comparison period of a report whose last year is cut off; None when none is.

    The previous year is counted with the report's unit and the current definitions, through
    the same day and month (see `compute_comparison_cut_off`).
    """
    year = max(report.years)
    period = report.periods[year]
    if not period.is_cut_off or period.through is None:
        return None
    previous_through = compute_comparison_cut_off(through=period.through)
    previous = build_participants_report(
        years=[year - 1], through=previous_through, unit=report.unit, language=language
    )
    previous_year = year - 1
    return YearToDateComparison(
        year=year,
        through=period.through,
        previous_year=previous_year,
        previous_through=previous_through,
        values={
            row.code: None if row.unavailable else row.values[previous_year]
            for row in previous.all_rows
        },
        persons={
            row.code: None if row.unavailable else row.persons[previous_year]
            for row in previous.all_rows
        },
        unique_persons=previous.unique_persons[previous_year],
        unavailable={row.code: row.unavailable for row in previous.all_rows if row.unavailable},
        report=previous,
    )
