"""Import kinds `activities` and `registrations` (`perspectives import KIND FILE`).

Columns, in any order (header names trimmed, case-insensitive):

activities: code, title, type, pillar, starts_on (required); category, ends_on, is_closed,
    is_online, capacity, price, freelancer_price, organiser (optional). Keyed by `code`.
registrations: activity_code, email (required); first_name, last_name, participant_type,
    organisation, status, registered_at (optional). Keyed by activity and e-mail.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perspectives.accounts.models import User
from perspectives.core.imports import Column, ImportKind, Issue, Outcome, Row
from perspectives.core.tabular import (
    choice_parser,
    decimal_parser,
    int_parser,
    iter_chunks,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_email,
    parse_slug,
    text_parser,
)
from perspectives.people.models import ParticipantType

from . import services
from .models import Activity, ActivityType, Category, Pillar, RegistrationStatus

price_parser = decimal_parser(max_digits=9, decimal_places=2, min_value=Decimal("0"))


class ActivitiesImport(ImportKind):
    name = "activities"
    label = gettext_lazy("Activities")
    audit_action = "activities.activities.imported"
    key_columns = ("code",)
    columns = (
        Column(
            "code", parse_slug, required=True, help=gettext_lazy("unique code, e.g. cmc-2020-01")
        ),
        Column("title", text_parser(max_length=200), required=True),
        Column("type", choice_parser(ActivityType.values), required=True),
        Column("pillar", choice_parser(Pillar.values), required=True),
        Column(
            "category",
            choice_parser(Category.values),
            help=gettext_lazy("empty: no reporting category"),
        ),
        Column(
            "starts_on", parse_date, required=True, help=gettext_lazy("2020-10-31 or 31-10-2020")
        ),
        Column("ends_on", parse_date),
        Column("is_closed", parse_bool, help=gettext_lazy("yes/no, ja/nee, true/false, 1/0")),
        Column("is_online", parse_bool),
        Column("capacity", int_parser(min_value=0)),
        Column("price", price_parser, help=gettext_lazy("12.50 or 12,50")),
        Column("freelancer_price", price_parser),
        Column("organiser", text_parser(max_length=200), help=gettext_lazy("organisation name")),
    )

    def validate(self, rows: list[Row]) -> Iterable[Issue]:
        for row in rows:
            starts_on, ends_on = row.values.get("starts_on"), row.values.get("ends_on")
            if starts_on and ends_on and ends_on < starts_on:
                yield Issue(_("ends before it starts"), row=row.number, column="ends_on")

    def apply(self, rows: list[Row], *, actor: User, file_name: str) -> Outcome:
        renamed = {"price": "price_amount", "freelancer_price": "freelancer_price_amount"}
        counts = services.import_activities(
            rows=[
                {renamed.get(name, name): value for name, value in row.values.items()}
                for row in rows
            ]
        )
        return _outcome(counts)


class RegistrationsImport(ImportKind):
    name = "registrations"
    label = gettext_lazy("Registrations")
    audit_action = "activities.registrations.imported"
    key_columns = ("activity_code", "email")
    columns = (
        Column(
            "activity_code",
            parse_slug,
            required=True,
            help=gettext_lazy("code of an existing activity"),
        ),
        Column("email", parse_email, required=True),
        Column("first_name", text_parser(max_length=100)),
        Column("last_name", text_parser(max_length=150)),
        Column("participant_type", choice_parser(ParticipantType.values)),
        Column("organisation", text_parser(max_length=200), help=gettext_lazy("organisation name")),
        Column(
            "status",
            choice_parser(RegistrationStatus.values),
            help=gettext_lazy("default: registered"),
        ),
        Column(
            "registered_at",
            parse_datetime,
            help=gettext_lazy(
                "2020-10-31 14:05, 31-10-2020 14:05 or a date; Europe/Amsterdam time"
            ),
        ),
    )

    def validate(self, rows: list[Row]) -> Iterable[Issue]:
        codes = sorted({row.values["activity_code"] for row in rows})
        known: dict[str, bool] = {}  # code -> is a draft
        for chunk in iter_chunks(codes, 2000):
            known.update(Activity.objects.filter(code__in=chunk).values_list("code", "is_draft"))
        for row in rows:
            code = row.values["activity_code"]
            if code not in known:
                yield Issue(
                    _("there is no activity with code %(code)r") % {"code": code},
                    row=row.number,
                    column="activity_code",
                )
            elif known[code]:
                # A draft takes no registrations, so that it never counts in a figure.
                yield Issue(
                    _("the activity %(code)r is a draft; publish it first") % {"code": code},
                    row=row.number,
                    column="activity_code",
                )

    def apply(self, rows: list[Row], *, actor: User, file_name: str) -> Outcome:
        return _outcome(services.import_registrations(rows=[row.values for row in rows]))


def _outcome(counts: dict[str, int]) -> Outcome:
    counts = dict(counts)
    return Outcome(
        created=counts.pop("created"),
        updated=counts.pop("updated"),
        unchanged=counts.pop("unchanged"),
        details=counts,
    )


activities_import = ActivitiesImport()
registrations_import = RegistrationsImport()
