"""Which frozen reports a user may see: staff every one, a funder those meant for it."""

from django.db.models import QuerySet

from perspectives.accounts.memberships.models import MembershipKind
from perspectives.accounts.memberships.selectors import list_member_object_ids, may_see_as_member
from perspectives.core.access import access_object

from ..models import ReportKind, ReportSnapshot


def may_see_report_snapshot(user, snapshot: ReportSnapshot) -> bool:
    """Foundation staff see every report; a funder the reports meant for it; nobody else."""
    return may_see_as_member(user, snapshot, kind=MembershipKind.FUNDER_REPORT)


def list_visible_report_snapshots(*, user) -> QuerySet[ReportSnapshot]:
    """The frozen reports `may_see_report_snapshot` lets this user see, newest first."""
    snapshots = ReportSnapshot.objects.all()
    if getattr(user, "is_authenticated", False) and getattr(user, "is_foundation_staff", False):
        return snapshots
    return snapshots.filter(
        pk__in=list_member_object_ids(user=user, kind=MembershipKind.FUNDER_REPORT)
    )


def access_report_snapshot(*, user, snapshot_id: int) -> ReportSnapshot:
    """One frozen report; 404 when missing or not meant for this user."""
    return access_object(
        user=user,
        queryset=ReportSnapshot.objects.all(),
        object_id=snapshot_id,
        kind="report",
        may_see=may_see_report_snapshot,
    )


def list_snapshots_released_to_funders() -> QuerySet[ReportSnapshot]:
    """Participants reports ever shown to a funder: released, part of the funders' figures.

    Every funder's suppression pattern takes all of them into account, not only its own, so
    that two funders who compare what they were shown learn nothing that one could not.
    """
    return ReportSnapshot.objects.filter(
        kind=ReportKind.PARTICIPANTS, release__isnull=False
    ).order_by("pk")
