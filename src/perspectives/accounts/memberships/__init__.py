"""Memberships: object-scoped access beyond a user's role.

A role says what kind of user someone is (coach, employer contact, funder); a membership says
which objects of another context they take part in: a coach and their trajectories, an employer
contact and their organisation, a funder and the reports meant for it, a job coach and their
participants, an annotator and their projects. Each context decides what a membership lets a
user see in its own `may_*` / `access_*` policies (see `selectors.may_see_as_member`).
"""
