"""The demo dataset: a media-sector foundation's records 2018-2020 that reproduce its letter.

Deterministic: one seeded random generator plans everything in memory first (people,
activities, registrations, trajectories, reach figures); then the services write it. The
registrations go through the bulk import service, like an imported attendance file.
"""

import random
import time

from django.db import transaction

from perspectives.accounts.models import Role, User
from perspectives.accounts.services import create_user, enrol_totp
from perspectives.core.services import log_action

from ..selectors import DEMO_MARKER_ACTION
from . import writers
from .people import Population
from .programme import plan_activities
from .reach import plan_reach_figures
from .trajectories import plan_trajectories

DEMO_STAFF_EMAIL = "demo@perspectives.example"
DEMO_STAFF_PASSWORD = "demo-perspectives-2020"  # noqa: S105  (the demo's documented login)
# Staff need a second step (TOTP); the demo's authenticator secret is documented with the login.
DEMO_STAFF_TOTP_SECRET = "DEMOSTAFFPERSPECTIVESTOTPSECRETA"  # noqa: S105
SEED = 2020


@transaction.atomic
def load_demo_data(*, stdout=None) -> bool:
    """Load the demo once; returns False when it is already there."""
    if User.objects.filter(email=DEMO_STAFF_EMAIL).exists():
        return False
    started = time.monotonic()
    staff = create_user(
        email=DEMO_STAFF_EMAIL,
        password=DEMO_STAFF_PASSWORD,
        role=Role.STAFF,
        full_name="Demo Medewerker",
    )
    enrol_totp(user=staff, secret=DEMO_STAFF_TOTP_SECRET)
    # Marks the database as the demo's: `perspectives demo` loads into no other.
    log_action(action=DEMO_MARKER_ACTION, actor=staff, data={"seed": SEED})
    rng = random.Random(SEED)
    population = Population(rng)
    activities = plan_activities(rng=rng, population=population)
    trajectories = plan_trajectories(rng=rng, population=population)
    figures = plan_reach_figures(rng=rng)

    steps = (
        ("organisations", lambda: writers.write_organisations(actor=staff)),
        ("activities", lambda: writers.write_activities(plans=activities, actor=staff)),
        ("registrations", lambda: writers.write_registrations(plans=activities, actor=staff)),
        ("trajectories", lambda: writers.write_trajectories(plans=trajectories, actor=staff)),
        ("reach figures", lambda: writers.write_reach_figures(figures=figures, actor=staff)),
        ("funding", lambda: writers.write_funding(actor=staff)),
        ("published figures", lambda: writers.write_published_figures(actor=staff)),
        ("frozen reports", lambda: writers.write_frozen_reports(actor=staff)),
    )
    for label, step in steps:
        count = step()
        if stdout is not None:
            stdout.write(f"  {label}: {count}")
    if stdout is not None:
        stdout.write(f"  ({time.monotonic() - started:.1f} s)")
    return True
