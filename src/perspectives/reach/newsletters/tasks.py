"""Background sending of campaigns."""

import datetime as dt
import time

from django.utils import timezone
from django_tasks import TaskContext, task

from .models import Campaign
from .services import (
    send_campaign_batch,
    send_subscription_confirmation,
    start_scheduled_campaign,
)

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


@task()
def start_scheduled_campaign_task(*, campaign_id: int) -> bool:
    """Queued to run at a campaign's scheduled moment: starts its send if it is still due."""
    return start_scheduled_campaign(campaign_id=campaign_id)


# Takes its context: the task's id is the mail's idempotency key, the same over every attempt
# (perspectives.core.services.send_mail_once), so a retry after a failed send never mails twice.
@task(takes_context=True)
def send_subscription_confirmation_task(
    context: TaskContext, *, subscription_id: int, token: str = "", language: str = ""
) -> bool:
    """Send the double opt-in link (or, without a token, the already-subscribed note)."""
    return send_subscription_confirmation(
        key=str(context.task_result.id),
        subscription_id=subscription_id,
        token=token,
        language=language,
    )
