"""How e-mail addresses are compared: the one rule every app uses."""


def normalise_email(email: str) -> str:
    """E-mail addresses are compared trimmed and case-insensitive, so they are stored that way."""
    return (email or "").strip().lower()
