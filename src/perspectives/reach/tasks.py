from django.utils import timezone
from django_tasks import task

from . import services


@task()
def compact_visitor_hits_task() -> dict[str, int]:
    """Compact the raw visitor hits of every finished day and destroy old salts."""
    return services.compact_visitor_hits(before_day=timezone.localdate())
