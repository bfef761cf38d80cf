"""Validators for text that ends up somewhere stricter than a database column."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_single_line(value: str) -> None:
    """Refuse line breaks in text that goes into a mail header (a subject, a sender's name).

    A line break there could start a header of its own (header injection); Django's mail would
    refuse the message only when it is sent, long after the form was saved.
    """
    if value and len(f"{value}x".splitlines()) > 1:
        raise ValidationError(_("Write this on one line."), code="multiple_lines")
