import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from perspectives.core.models import AuditEntry
from perspectives.reach.models import ReachFigure
from perspectives.reach.services import record_reach_figure

pytestmark = pytest.mark.django_db

JAN = dict(period_start=dt.date(2019, 1, 1), period_end=dt.date(2019, 1, 31))


def test_record_reach_figure_is_audit_logged(staff_user):
    figure = record_reach_figure(
        **JAN,
        channel="academy",
        value=1200,
        method="unique visitors per month",
        source="Matomo export",
        actor=staff_user,
    )
    assert figure.recorded_at is not None
    entry = AuditEntry.objects.get(action="reach.figure.recorded")
    assert entry.actor == staff_user and entry.object_id == str(figure.pk)


def test_a_second_figure_for_the_same_channel_and_period_replaces_the_first():
    record_reach_figure(**JAN, channel="academy", value=1200, method="visitors")
    record_reach_figure(**JAN, channel="academy", value=1300, method="visitors", source="GA")
    record_reach_figure(**JAN, channel="knowledge_base", value=5, method="visitors")
    assert ReachFigure.objects.count() == 2
    figure = ReachFigure.objects.get(channel="academy")
    assert (figure.value, figure.source) == (1300, "GA")
    replaced = AuditEntry.objects.get(action="reach.figure.replaced")
    assert replaced.data["changes"]["value"] == [1200, 1300]


@pytest.mark.parametrize(
    "fields",
    [
        dict(channel="academy", value=1, method=""),
        dict(channel="academy", value=-1, method="visitors"),
        dict(channel="tiktok", value=1, method="visitors"),
        dict(
            channel="academy",
            value=1,
            method="visitors",
            period_start=dt.date(2019, 2, 1),
            period_end=dt.date(2019, 1, 1),
        ),
    ],
)
def test_invalid_figures_are_refused(fields):
    fields = {**JAN, **fields}
    with pytest.raises(ValidationError):
        record_reach_figure(**fields)
    assert not ReachFigure.objects.exists()
