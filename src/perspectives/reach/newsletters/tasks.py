"""Background sending of campaigns."""

import datetime as dt
import time

from django.utils import timezone
from django_tasks import task

from .models import Campaign
from .services import send_campaign_batch

BATCH_INTERVAL_SECONDS = 60


@task()
def send_campaign_task(*, campaign_id: int, base_url: str = "") -> int:
    """Send a campaign in batches of its rate per minute; returns the number sent by this run.

    Where the task backend can defer, each batch queues the next one a minute later; otherwise
    the worker waits out the minute itself. `base_url` is read by nothing: tasks queued before
    links were built from SITE_URL still carry it.
    """
    campaign = Campaign.objects.get(pk=campaign_id)
    total = 0
    while True:
        started = time.monotonic()
        result = send_campaign_batch(campaign=campaign)
        total += result.sent
        if result.remaining == 0:
            return total
        if send_campaign_task.get_backend().supports_defer:
            send_campaign_task.using(
                run_after=timezone.now() + dt.timedelta(seconds=BATCH_INTERVAL_SECONDS)
            ).enqueue(campaign_id=campaign_id)
            return total
        time.sleep(max(0.0, BATCH_INTERVAL_SECONDS - (time.monotonic() - started)))
