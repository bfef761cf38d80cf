from django_tasks import task

from .tallies import services as tallies


@task()
def refresh_tallies_task() -> dict[str, int | bool]:
    """Fold queued registration changes into the report tallies (after a bulk import)."""
    refresh = tallies.refresh_tallies()
    return {
        "changes": refresh.changes,
        "persons": refresh.persons,
        "days": refresh.days,
        "recounted_all": refresh.recounted_all,
    }
