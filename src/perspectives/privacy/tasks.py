from django.utils import timezone
from django_tasks import task

from . import services


@task()
def purge_expired_data_task() -> dict[str, int]:
    """Enforce the retention periods (run daily)."""
    return services.purge_expired_data(today=timezone.localdate())
