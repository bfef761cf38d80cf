"""The project's URLs plus one view per `access_*` selector without a role check at the edge.

Every real view that calls an `access_*` selector lets only staff in first (403 for others), so
the selectors' own refusal is reached here, as it will be by views whose edge lets more roles in.
"""

from django.http import HttpResponse
from django.urls import path

from perspectives.activities.selectors import access_activity
from perspectives.coaching.selectors import access_trajectory
from perspectives.config import urls as project_urls
from perspectives.impact.selectors.access import access_report_snapshot
from perspectives.people.selectors import access_organisation, access_participant, access_person
from perspectives.privacy.selectors import access_person_for_staff
from perspectives.reach.newsletters.selectors import access_campaign

SELECTORS = {
    "activity": lambda user, pk: access_activity(user=user, activity_id=pk),
    "person": lambda user, pk: access_person(user=user, person_id=pk),
    "privacy-person": lambda user, pk: access_person_for_staff(user=user, person_id=pk),
    "campaign": lambda user, pk: access_campaign(user=user, campaign_id=pk),
    "trajectory": lambda user, pk: access_trajectory(user=user, trajectory_id=pk),
    "organisation": lambda user, pk: access_organisation(user=user, organisation_id=pk),
    "participant": lambda user, pk: access_participant(user=user, person_id=pk),
    "report": lambda user, pk: access_report_snapshot(user=user, snapshot_id=pk),
}


def object_view(request, kind: str, pk: int):
    found = SELECTORS[kind](request.user, pk)
    return HttpResponse(f"{kind}:{found.pk}", content_type="text/plain")


urlpatterns = [
    path("access/<str:kind>/<int:pk>/", object_view, name="access-object"),
    *project_urls.urlpatterns,
]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
