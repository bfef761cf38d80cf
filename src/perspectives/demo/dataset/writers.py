"""Writing the planned demo through the services of each context."""

from perspectives.accounts.models import User
from perspectives.activities.models import RegistrationSource
from perspectives.activities.services import create_activity, import_registrations
from perspectives.coaching.services import (
    cancel_trajectory,
    complete_trajectory,
    start_trajectory,
)
from perspectives.core.services import log_action
from perspectives.funding.services import (
    create_funder,
    record_grant,
    set_budget_year,
    set_policy_rule,
)
from perspectives.people.models import Organisation, Person
from perspectives.people.services import create_person, get_or_create_organisation
from perspectives.reach.services import record_reach_figure

from . import funding
from .names import ORGANISATIONS
from .programme import PlannedActivity
from .reach import PlannedFigure
from .targets import LETTER_REPORT, LETTER_SOURCE, TOTAL_BUDGET
from .trajectories import PlannedTrajectory


def write_organisations(*, actor: User) -> int:
    for name, kind, _member, _domain in ORGANISATIONS:
        get_or_create_organisation(name=name, kind=kind, actor=actor)
    return len(ORGANISATIONS)


def write_activities(*, plans: list[PlannedActivity], actor: User) -> int:
    organisations = {o.name: o for o in Organisation.objects.all()}
    for plan in plans:
        fields = dict(plan.fields)
        fields["organiser"] = (
            organisations.get(fields["organiser"]) if fields["organiser"] else None
        )
        create_activity(actor=actor, **fields)
    return len(plans)


def write_registrations(*, plans: list[PlannedActivity], actor: User) -> int:
    """All registrations in one bulk import, audit-logged once like an imported file."""
    rows = [
        {
            "activity_code": plan.code,
            "email": registration.person.email,
            "first_name": registration.person.first_name,
            "last_name": registration.person.last_name,
            "participant_type": registration.person.participant_type,
            "organisation": registration.person.organisation,
            "status": registration.status,
            "registered_at": registration.registered_at,
        }
        for plan in plans
        for registration in plan.registrations
    ]
    counts = import_registrations(rows=rows)
    log_action(
        action="activities.registrations.imported",
        actor=actor,
        data={"file": "demo dataset", "source": RegistrationSource.IMPORT, **counts},
    )
    return counts["created"]


def write_trajectories(*, plans: list[PlannedTrajectory], actor: User) -> int:
    emails = {plan.person.email for plan in plans}
    people = {p.email: p for p in Person.objects.filter(email__in=emails)}
    organisations = {o.name: o for o in Organisation.objects.all()}
    for plan in plans:
        person = people.get(plan.person.email)
        if person is None:
            person = people[plan.person.email] = create_person(
                email=plan.person.email,
                first_name=plan.person.first_name,
                last_name=plan.person.last_name,
                participant_type=plan.person.participant_type,
                organisation=organisations.get(plan.person.organisation),
                actor=actor,
            )
        trajectory = start_trajectory(
            person=person,
            kind=plan.kind,
            started_on=plan.started_on,
            coach_name=plan.coach_name,
            goal=plan.goal,
            actor=actor,
        )
        if plan.outcome == "completed":
            complete_trajectory(trajectory=trajectory, ended_on=plan.ended_on, actor=actor)
        elif plan.outcome == "cancelled":
            cancel_trajectory(trajectory=trajectory, ended_on=plan.ended_on, actor=actor)
    return len(plans)


def write_reach_figures(*, figures: list[PlannedFigure], actor: User) -> int:
    for figure in figures:
        record_reach_figure(
            period_start=figure.period_start,
            period_end=figure.period_end,
            channel=figure.channel,
            value=figure.value,
            method=figure.method,
            source=figure.source,
            actor=actor,
        )
    return len(figures)


def write_funding(*, actor: User) -> int:
    grants = 0
    for name, kind, by_year in funding.FUNDERS:
        funder = create_funder(name=name, kind=kind, actor=actor)
        for year, (amount, status) in by_year.items():
            record_grant(
                funder=funder,
                year=year,
                amount=amount,
                status=status,
                note=funding.GRANT_NOTES.get((name, year), ""),
                actor=actor,
            )
            grants += 1
    for year, amount in TOTAL_BUDGET.items():
        set_budget_year(
            year=year,
            total_amount=amount,
            note=funding.BUDGET_NOTES.get(year, ""),
            actor=actor,
        )
    set_policy_rule(
        code="municipal_share_max",
        max_share_percent=25,
        except_years=funding.POLICY_EXCEPT_YEARS,
        actor=actor,
    )
    return grants


def write_published_figures(*, actor: User) -> int:
    try:
        from perspectives.impact.services import record_published_figures
    except ImportError:  # an install without the impact services: the rest of the demo stands
        return 0
    return record_published_figures(
        report=LETTER_REPORT,
        rows=funding.published_rows(),
        source=LETTER_SOURCE,
        actor=actor,
    )


FROZEN_LETTER = "brief-2020"


def write_frozen_reports(*, actor: User) -> int:
    """The letter's figures frozen as sent, ready to be shared with a funder account."""
    try:
        from perspectives.impact.services import freeze_report
    except ImportError:  # an install without the impact services: the rest of the demo stands
        return 0
    freeze_report(
        label=FROZEN_LETTER,
        kind="participants",
        parameters={"years": [2018, 2019, 2020], "through": "2020-10-31"},
        actor=actor,
    )
    freeze_report(
        label=f"{FROZEN_LETTER}-financiering",
        kind="funding",
        parameters={"years": [2018, 2019, 2020, 2021]},
        actor=actor,
    )
    return 2
