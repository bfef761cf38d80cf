"""Pre-counted report figures of attended registrations (see the models' comment and
docs/decisions/0006-report-aggregates.md): `services` keeps them current, `selectors` reads
them for the `activities.registrations` indicator source."""
